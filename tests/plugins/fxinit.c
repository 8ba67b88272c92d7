#define FX_NAME "fxinit"
#define FX_INIT_FAILS 1
#include "fixture.h"
