/*
 * The native runtime: throwaway PostgreSQL and MariaDB/MySQL servers run
 * from the machine's own binaries, one directory per instance under
 * $XDG_STATE_HOME/dbarena/ (default ~/.local/state/dbarena), listening on
 * 127.0.0.1 only.  Each directory holds instance.conf (key=value), the data
 * directory and server.log; only directories with an instance.conf are ever
 * touched.  Passwords never appear in the arguments of the processes this
 * plugin starts (files with mode 0600, the environment, or standard input).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


#include "nat.h"

/* Paths in messages and arguments are cut to fit, by design. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static const dba_host *host;

/* ---- operations ---- */

static int nat_init(const dba_host *h, dba_error *err)
{
	(void)err;
	host = h;
	return 0;
}

/* 1 when the binaries of server ("postgres", "mariadb") are installed, else 0 with err saying so. */
static int server_available(const char *server, dba_error *err)
{
	char bin[4200];

	if (nat_is_pg(server)) {
		if (nat_find_bin("initdb", bin, sizeof(bin)) == 0)
			return 1;
		ERR(err, DBA_ERR_UNSUPPORTED, "PostgreSQL server binaries (initdb, pg_ctl) are not installed");
		return 0;
	}
	if (!strcmp(server, "mariadb")) {
		if (nat_find_bin("mariadbd", bin, sizeof(bin)) == 0 || nat_find_bin("mysqld", bin, sizeof(bin)) == 0)
			return 1;
		ERR(err, DBA_ERR_UNSUPPORTED, "MariaDB/MySQL server binaries (mariadbd) are not installed");
		return 0;
	}
	ERR(err, DBA_ERR_UNSUPPORTED, "the native runtime runs server = postgres or mariadb, not \"%s\"", server);
	return 0;
}

/*
 * By engine name only the engines it knew before engine files can be
 * judged; for others create() reads [native] server and checks then.
 */
static int nat_available(const char *engine, dba_error *err)
{
	const char *server = nat_legacy_server(engine);

	if (!engine)
		return 1;
	if (server)
		return server_available(server, err);
	if (server_available("postgres", err) || server_available("mariadb", err))
		return 1;
	ERR(err, DBA_ERR_UNSUPPORTED, "no server binaries (initdb, mariadbd) are installed");
	return 0;
}

/* The [native] server setting (ABI 1.2 create options), else what the engine's name implied before. */
static const char *server_of(const dba_create_opts *o)
{
	const char *v = NULL;

	if (o->size >= offsetof(dba_create_opts, nsettings) + sizeof(o->nsettings))
		for (uint32_t i = 0; i < o->nsettings; i++)
			if (!strcmp(o->settings[i].key, "server"))
				v = o->settings[i].value;
	return v ? v : nat_legacy_server(o->engine);
}

/* Whether user can reach path: every directory on the way needs x for that user. */
static int traversable(const char *path, const char *user)
{
	struct passwd *pw = getpwnam(user);
	char tmp[4096];

	if (!pw)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;
			struct stat st;

			*p = '\0';
			if (stat(tmp, &st) == 0) {
				mode_t need = st.st_uid == pw->pw_uid ? S_IXUSR : st.st_gid == pw->pw_gid ? S_IXGRP : S_IXOTH;

				if (!(st.st_mode & need))
					return 0;
			}
			*p = saved;
			if (!saved)
				break;
		}
	}
	return 1;
}

static int rm_rf(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char sub[4500];

	if (!d)
		return unlink(path);
	while ((de = readdir(d))) {
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			rm_rf(sub);
		else
			unlink(sub);
	}
	closedir(d);
	return rmdir(path);
}

static int nat_create(const dba_create_opts *o, dba_instance *out, dba_error *err)
{
	inst n;
	char root[4096];
	unsigned char rnd[6];
	int fd, rc;

	memset(&n, 0, sizeof(n));
	if (!server_of(o)) {
		ERR(err, DBA_ERR_UNSUPPORTED, "the native runtime cannot run %s: its engine file names no server",
		    o->engine);
		snprintf(err->hint, sizeof(err->hint), "add server = postgres or mariadb to its [native] section");
		return -1;
	}
	snprintf(n.server, sizeof(n.server), "%s", server_of(o));
	if (!server_available(n.server, err))
		return -1;
	nat_state_root(root, sizeof(root));
	if (!o->name || !*o->name || strchr(o->name, '/') || o->name[0] == '.') {
		ERR(err, DBA_ERR_USAGE, "bad instance name \"%s\"", o->name ? o->name : "");
		return -1;
	}
	snprintf(n.dir, sizeof(n.dir), "%s/%s", root, o->name);
	if (nat_mkdirs(root, 0755)) {
		ERR(err, DBA_ERR_PERMISSION, "cannot create %s: %s", root, strerror(errno));
		return -1;
	}
	if (mkdir(n.dir, 0755)) {
		if (errno == EEXIST)
			ERR(err, DBA_ERR_USAGE, "an instance named \"%s\" already exists", o->name);
		else
			ERR(err, DBA_ERR_PERMISSION, "cannot create %s: %s", n.dir, strerror(errno));
		return -1;
	}
	fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0 || read(fd, rnd, sizeof(rnd)) != (ssize_t)sizeof(rnd))
		memset(rnd, 0x5a, sizeof(rnd));
	if (fd >= 0)
		close(fd);
	snprintf(n.i.id, sizeof(n.i.id), "%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
	snprintf(n.i.name, sizeof(n.i.name), "%s", o->name);
	snprintf(n.i.engine, sizeof(n.i.engine), "%s", o->engine);
	snprintf(n.i.host, sizeof(n.i.host), "127.0.0.1");
	n.i.port = o->port > 0 ? o->port : nat_free_port();
	snprintf(n.i.user, sizeof(n.i.user), "%s", o->user);
	snprintf(n.i.password, sizeof(n.i.password), "%s", o->password);
	snprintf(n.i.database, sizeof(n.i.database), "%s", o->database);
	n.i.created = (int64_t)time(NULL);
	snprintf(n.i.runtime, sizeof(n.i.runtime), "native");
	if (nat_is_pg(n.server)) {
		char initdb[4200], *slash;

		nat_find_bin("initdb", initdb, sizeof(initdb));
		if ((slash = strrchr(initdb, '/')))
			*slash = '\0';
		snprintf(n.bindir, sizeof(n.bindir), "%s", initdb);
		/* PostgreSQL refuses to run as root: use the postgres system user then. */
		if (geteuid() == 0) {
			if (!getpwnam("postgres")) {
				ERR(err, DBA_ERR_PERMISSION, "PostgreSQL cannot run as root and there is no postgres user");
				rm_rf(n.dir);
				return -1;
			}
			snprintf(n.runas, sizeof(n.runas), "postgres");
			if (!traversable(root, "postgres")) {
				ERR(err, DBA_ERR_PERMISSION,
				    "PostgreSQL runs as the postgres user, which cannot reach %s", root);
				snprintf(err->hint, sizeof(err->hint),
					 "chmod o+x on each directory of the path, or set XDG_STATE_HOME elsewhere");
				rm_rf(n.dir);
				return -1;
			}
		}
	} else {
		struct passwd *pw = getpwuid(geteuid());

		snprintf(n.runas, sizeof(n.runas), "%s", pw ? pw->pw_name : "root");
	}
	if (nat_save_conf(&n)) {
		ERR(err, DBA_ERR_PERMISSION, "cannot write %s/instance.conf: %s", n.dir, strerror(errno));
		rm_rf(n.dir);
		return -1;
	}
	rc = nat_is_pg(n.server) ? nat_pg_create(&n, err) : nat_my_create(&n, err);
	nat_save_conf(&n);
	n.i.created = n.i.created ? n.i.created : (int64_t)time(NULL);
	snprintf(n.i.state, sizeof(n.i.state), "%s", nat_server_pid(&n) ? "running" : "exited");
	*out = n.i;
	return rc;
}

static int nat_start(const char *id, dba_error *err)
{
	inst n;

	if (nat_find(id, &n, err))
		return -1;
	if (nat_server_pid(&n))
		return 0;
	return nat_is_pg(n.server) ? nat_pg_start(&n, err) : nat_my_start(&n, err);
}

static int nat_stop(const char *id, int32_t timeout_s, dba_error *err)
{
	inst n;

	if (nat_find(id, &n, err))
		return -1;
	if (!nat_server_pid(&n))
		return 0;
	return nat_is_pg(n.server) ? nat_pg_stop(&n, timeout_s, err) : nat_my_stop(&n, timeout_s, err);
}

static int nat_remove(const char *id, int32_t volumes, dba_error *err)
{
	inst n;
	char conf[4200];

	(void)volumes;
	if (nat_find(id, &n, err))
		return -1;
	if (nat_server_pid(&n)) {
		if (nat_is_pg(n.server))
			nat_pg_stop(&n, 10, err);
		else
			nat_my_stop(&n, 10, err);
		if (nat_server_pid(&n)) {
			kill(nat_server_pid(&n), SIGKILL);
			nat_sleep_ms(300);
		}
	}
	snprintf(conf, sizeof(conf), "%s/instance.conf", n.dir);
	if (access(conf, F_OK)) {
		ERR(err, DBA_ERR_USAGE, "%s is not a dbarena instance directory", n.dir);
		return -1;
	}
	if (rm_rf(n.dir)) {
		ERR(err, DBA_ERR_PERMISSION, "cannot remove %s: %s", n.dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int by_created(const void *a, const void *b)
{
	const dba_instance *x = a, *y = b;

	return x->created < y->created ? -1 : x->created > y->created ? 1 : strcmp(x->name, y->name);
}

static int nat_list(int32_t all, dba_instance **out, uint32_t *nout, dba_error *err)
{
	char root[4096], dir[8300];
	DIR *d;
	struct dirent *de;
	dba_instance *v = NULL;
	uint32_t n = 0;

	(void)err;
	nat_state_root(root, sizeof(root));
	if ((d = opendir(root))) {
		while ((de = readdir(d))) {
			inst in;
			dba_instance *nv;

			if (de->d_name[0] == '.')
				continue;
			snprintf(dir, sizeof(dir), "%s/%s", root, de->d_name);
			if (nat_load_conf(dir, &in))
				continue;
			if (!all && strcmp(in.i.state, "running"))
				continue;
			nv = realloc(v, (n + 1) * sizeof(*v));
			if (!nv)
				break;
			v = nv;
			v[n++] = in.i;
		}
		closedir(d);
	}
	if (n)
		qsort(v, n, sizeof(*v), by_created);
	*out = v;
	*nout = n;
	return 0;
}

static void nat_list_free(dba_instance *v)
{
	free(v);
}

static int nat_inspect(const char *id, dba_instance *out, dba_error *err)
{
	inst n;

	if (nat_find(id, &n, err))
		return -1;
	*out = n.i;
	return 0;
}

static int nat_logs(const char *id, int32_t follow, int32_t tail, dba_write_fn w, void *ud, dba_error *err)
{
	inst n;
	char path[4200], *text = NULL;
	size_t len = 0, start = 0;
	FILE *f;
	long pos;

	if (nat_find(id, &n, err))
		return -1;
	snprintf(path, sizeof(path), "%s/server.log", n.dir);
	if (!(f = fopen(path, "r"))) {
		ERR(err, DBA_ERR_USAGE, "no log for %s yet", n.i.name);
		return -1;
	}
	{
		FILE *m = open_memstream(&text, &len);
		char buf[65536];
		size_t k;

		while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, k, m);
		fclose(m);
	}
	pos = ftell(f);
	if (tail >= 0) {
		int lines = 0;

		start = len;
		while (start > 0) {
			if (text[start - 1] == '\n' && start != len && ++lines >= tail)
				break;
			start--;
		}
		if (tail == 0)
			start = len;
	}
	if (len > start && w(ud, 1, text + start, len - start)) {
		free(text);
		fclose(f);
		return 0;
	}
	free(text);
	while (follow) {
		char buf[65536];
		size_t k;

		clearerr(f);
		fseek(f, pos, SEEK_SET);
		while ((k = fread(buf, 1, sizeof(buf), f)) > 0) {
			pos += (long)k;
			if (w(ud, 1, buf, k))
				follow = 0;
		}
		if (follow) {
			/* an empty write asks the core whether to go on (it stops on Ctrl-C) */
			if (w(ud, 1, "", 0))
				break;
			nat_sleep_ms(250);
		}
	}
	fclose(f);
	return 0;
}

static int nat_exec(const char *id, const char *const *argv, dba_write_fn w, void *ud, int32_t *status,
		    dba_error *err)
{
	inst n;
	char port[16], e1[200], e2[64], e3[200], e4[300], e5[200], e6[64], e7[64], e8[200], e9[300];
	char *env[10];
	pid_t pid;
	int st;

	(void)w;
	(void)ud;
	if (nat_find(id, &n, err))
		return -1;
	snprintf(port, sizeof(port), "%d", n.i.port);
	if (nat_is_pg(n.server)) {
		snprintf(e1, sizeof(e1), "PGHOST=127.0.0.1");
		snprintf(e2, sizeof(e2), "PGPORT=%d", n.i.port);
		snprintf(e3, sizeof(e3), "PGUSER=%s", n.i.user);
		snprintf(e4, sizeof(e4), "PGPASSWORD=%s", n.i.password);
		snprintf(e5, sizeof(e5), "PGDATABASE=%s", n.i.database);
		env[0] = e1; env[1] = e2; env[2] = e3; env[3] = e4; env[4] = e5; env[5] = NULL;
	} else {
		snprintf(e6, sizeof(e6), "MYSQL_HOST=127.0.0.1");
		snprintf(e7, sizeof(e7), "MYSQL_TCP_PORT=%d", n.i.port);
		snprintf(e8, sizeof(e8), "USER=%s", n.i.user);
		snprintf(e9, sizeof(e9), "MYSQL_PWD=%s", n.i.password);
		snprintf(e1, sizeof(e1), "MYSQL_DATABASE=%s", n.i.database);
		env[0] = e6; env[1] = e7; env[2] = e8; env[3] = e9; env[4] = e1; env[5] = NULL;
	}
	/* The command shares the terminal: its output goes straight to ours. */
	pid = fork();
	if (pid < 0) {
		ERR(err, DBA_ERR_UNSUPPORTED, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		for (int i = 0; env[i]; i++)
			putenv(env[i]);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "dbarena: error: cannot run \"%s\": %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	/* Ctrl-C reaches the command too; wait for it to finish. */
	for (;;) {
		if (waitpid(pid, &st, 0) == pid)
			break;
		if (errno == EINTR)
			continue;
		ERR(err, DBA_ERR_UNSUPPORTED, "waitpid: %s", strerror(errno));
		return -1;
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

static const dba_runtime_ops nat_ops = {
	.available = nat_available,
	.create = nat_create,
	.start = nat_start,
	.stop = nat_stop,
	.remove = nat_remove,
	.list = nat_list,
	.list_free = nat_list_free,
	.inspect = nat_inspect,
	.logs = nat_logs,
	.exec = nat_exec,
};

static const dba_plugin nat_plugin = {
	.magic = DBA_MAGIC,
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.size = sizeof(dba_plugin),
	.kind = DBA_KIND_RUNTIME,
	.name = "native",
	.version = DBA_VERSION,
	.description = "local server processes (initdb/pg_ctl, mariadb-install-db/mariadbd)",
	.package = "dbarena-plugin-native",
	.caps = DBA_CAP_RT_LOGS_FOLLOW | DBA_CAP_RT_EXEC,
	.init = nat_init,
	.runtime = &nat_ops,
	.runtime_ops_size = sizeof(dba_runtime_ops),
};

DBA_PLUGIN_ENTRY
{
	return &nat_plugin;
}
