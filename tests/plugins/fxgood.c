#define FX_NAME "fxgood"
#define FX_SYNC_IDENTITY 1
#include "fixture.h"
