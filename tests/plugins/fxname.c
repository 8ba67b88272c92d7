#define FX_NAME "fxothername"
#include "fixture.h"
