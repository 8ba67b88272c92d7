/* A driver built from the ABI 1.2 header. */
#include "abi/plugin_1_2.h"
#define FXO_NAME "fxold12"
#include "abi/oldfx.h"
