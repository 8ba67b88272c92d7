/* With fxdupa: two drivers declaring one scheme. */
#define FX_NAME "fxdupb"
#define FX_SCHEMES "fxdupb", "fxdup"
#include "fixture.h"
