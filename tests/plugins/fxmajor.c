#define FX_NAME "fxmajor"
#define FX_MAJOR 2
#include "fixture.h"
