#include <string.h>
#include <unistd.h>

#include "sig.h"

volatile sig_atomic_t sig_stop;

static void on_signal(int sig)
{
	if (sig_stop && sig == SIGINT)
		_exit(130);
	sig_stop = 1;
}

void sig_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}
