#define FX_NAME "fxabi10"
#define FX_MINOR 0
#define FX_SYNC_IDENTITY 1
#include "fixture.h"
