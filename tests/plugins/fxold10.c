/* A driver built from the ABI 1.0 header. */
#include "abi/plugin_1_0.h"
#define FXO_NAME "fxold10"
#include "abi/oldfx.h"
