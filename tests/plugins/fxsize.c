#define FX_NAME "fxsize"
#define FX_SIZE 16
#include "fixture.h"
