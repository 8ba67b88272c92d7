#define FX_NAME "fxmagic"
#define FX_MAGIC 0x12345678u
#include "fixture.h"
