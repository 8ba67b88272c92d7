/* A driver built from the ABI 1.1 header. */
#include "abi/plugin_1_1.h"
#define FXO_NAME "fxold11"
#include "abi/oldfx.h"
