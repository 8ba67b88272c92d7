/* A driver whose file name is not one of its schemes. */
#define FX_NAME "fxschemes"
#define FX_SCHEMES "fxs3", "fxs"
#include "fixture.h"
