#define FX_NAME "fxminor"
#define FX_MINOR 99
#include "fixture.h"
