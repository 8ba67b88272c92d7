#define FX_NAME "fxnoentry"
#define FX_NO_ENTRY 1
#include "fixture.h"
/* keep the descriptor referenced */
const void *fx_keep(void);
__attribute__((visibility("default"))) const void *fx_keep(void) { return &fx_plugin; }
