#define FX_NAME "fxabi13"
#define FX_MINOR 3
#include "fixture.h"
