/* A driver built from the ABI 1.3 header. */
#include "abi/plugin_1_3.h"
#define FXO_NAME "fxold13"
#include "abi/oldfx.h"
