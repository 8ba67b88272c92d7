#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_target_opt(cli_target *t, int opt, const char *arg)
{
	if (opt == CLI_OPT_URL) {
		t->url = arg;
		return 1;
	}
	if (opt == CLI_OPT_CONTAINER) {
		t->name = arg;
		return 1;
	}
	return 0;
}

int cli_target_operand(cli_target *t, const char *arg, err *e)
{
	if (t->url || t->name) {
		err_set(e, EXIT_USAGE, "unexpected argument \"%s\"", arg);
		err_hint(e, "give the target once: NAME, --container NAME or --url URL");
		return -1;
	}
	t->name = arg;
	return 0;
}

int cli_target_check(const cli_target *t, const char *cmd, err *e)
{
	if (t->url && t->name) {
		err_set(e, EXIT_USAGE, "%s: both --url and an instance name given", cmd);
		err_hint(e, "give the target once: NAME, --container NAME or --url URL");
		return -1;
	}
	if (!t->url && !t->name) {
		err_set(e, EXIT_USAGE, "%s: no target", cmd);
		err_hint(e, "name an instance (NAME or --container NAME) or a server (--url URL)");
		return -1;
	}
	return 0;
}

void cli_usage(const command *cmd, FILE *f)
{
	fprintf(f, "%s", cmd->usage);
}

int cli_num(const char *opt, const char *arg, double lo, double hi, double *out, err *e)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (!*arg || *end || isspace((unsigned char)*arg) || !isfinite(v) || v < lo || v > hi)
		return err_set(e, EXIT_USAGE, "%s: expected a number from %g to %g, not \"%s\"", opt, lo, hi, arg);
	*out = v;
	return 0;
}

int cli_seed(const char *opt, const char *arg, uint64_t *out, err *e)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (!isdigit((unsigned char)*arg) || *end || errno == ERANGE || v > (unsigned long long)INT64_MAX) {
		err_set(e, EXIT_USAGE, "%s: expected a whole number from 0 to %lld, not \"%s\"", opt,
			(long long)INT64_MAX, arg);
		if (isdigit((unsigned char)*arg) && !*end)
			err_detail(e, "a seed larger than 64 bits is refused, not cut to the largest one");
		return -1;
	}
	*out = v;
	return 0;
}

static int cannot_write(const char *opt, const char *path, int err_no, err *e)
{
	err_set(e, EXIT_USAGE, "%s: cannot write \"%s\": %s", opt, path, strerror(err_no));
	err_detail(e, "checked before connecting: nothing was done");
	return -1;
}

int cli_check_out_file(const char *opt, const char *path, err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666), created = fd >= 0;

	if (fd < 0 && errno == EEXIST)
		fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return cannot_write(opt, path, errno, e);
	close(fd);
	if (created)
		unlink(path);
	return 0;
}

int cli_check_out_dir(const char *opt, const char *path, err *e)
{
	char *probe;
	struct stat st;
	int fd;

	if (stat(path, &st) && errno == ENOENT) {
		if (mkdir(path, 0777))
			return cannot_write(opt, path, errno, e);
		rmdir(path);
		return 0;
	}
	if (stat(path, &st))
		return cannot_write(opt, path, errno, e);
	if (!S_ISDIR(st.st_mode))
		return cannot_write(opt, path, ENOTDIR, e);
	if (asprintf(&probe, "%s/.dbarena-probe-XXXXXX", path) < 0)
		return cannot_write(opt, path, ENOMEM, e);
	fd = mkstemp(probe);
	if (fd < 0) {
		int why = errno;

		free(probe);
		return cannot_write(opt, path, why, e);
	}
	close(fd);
	unlink(probe);
	free(probe);
	return 0;
}
