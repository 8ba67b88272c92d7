/* SIGINT/SIGTERM: the first asks long-running work to stop cleanly, a second SIGINT exits at once. */
#ifndef DBARENA_SIG_H
#define DBARENA_SIG_H

#include <signal.h>

extern volatile sig_atomic_t sig_stop; /* set by the first SIGINT/SIGTERM */

/* Installs the handlers; a second SIGINT calls _exit(130). */
void sig_install(void);

#endif
