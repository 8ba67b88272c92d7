#define FX_NAME "fxabi14"
#define FX_MINOR 4
#include "fixture.h"
