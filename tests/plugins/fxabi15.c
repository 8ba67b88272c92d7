#define FX_NAME "fxabi15"
#define FX_MINOR 5
#include "fixture.h"
