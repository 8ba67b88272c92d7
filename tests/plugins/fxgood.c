#define FX_NAME "fxgood"
#include "fixture.h"
