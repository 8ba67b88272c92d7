/* Declares 1.2 but has the smaller descriptor of 1.0/1.1. */
#define FX_NAME "fxsize12"
#define FX_MINOR 2
#define FX_SIZE DBA_PLUGIN_SIZE_1_0
#include "fixture.h"
