/* With fxdupb: two drivers declaring one scheme. */
#define FX_NAME "fxdupa"
#define FX_SCHEMES "fxdup"
#include "fixture.h"
