#define FX_NAME "fxkind"
#define FX_KIND DBA_KIND_RUNTIME
#include "fixture.h"
