/* A driver without exec: refused before init. */
#define FX_NAME "fxnoexec"
#define FX_NO_EXEC 1
#include "fixture.h"
