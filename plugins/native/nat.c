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

#include "dbarena/plugin.h"

/* Paths in messages and arguments are cut to fit, by design. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static const dba_host *host;

#define ERR(e, cls, ...) DBA_ERR_SET(e, cls, __VA_ARGS__)

/* ---- paths and binaries ---- */

static void state_root(char *out, size_t cap)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (x && *x)
		snprintf(out, cap, "%s/dbarena", x);
	else if (geteuid() == 0)
		/* root's home is private, and PostgreSQL runs as the postgres user */
		snprintf(out, cap, "/var/lib/dbarena");
	else
		snprintf(out, cap, "%s/.local/state/dbarena", home && *home ? home : "/tmp");
}

static int mkdirs(const char *path, mode_t mode)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0755) && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(tmp, mode) && errno != EEXIST ? -1 : 0;
}

/* Finds prog on PATH, then in the newest /usr/lib/postgresql/N/bin; out gets the full path. */
static int find_bin(const char *prog, char *out, size_t cap)
{
	const char *path = getenv("PATH");
	glob_t g;
	int found = 0;

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	{
		char *copy = strdup(path), *save = NULL;

		for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
			snprintf(out, cap, "%s/%s", d, prog);
			found = access(out, X_OK) == 0;
		}
		free(copy);
	}
	if (!found && glob("/usr/lib/postgresql/*/bin", 0, NULL, &g) == 0) {
		/* glob sorts; take the highest version that has prog (versions are 2-digit here) */
		for (size_t i = g.gl_pathc; i-- > 0 && !found;) {
			snprintf(out, cap, "%s/%s", g.gl_pathv[i], prog);
			found = access(out, X_OK) == 0;
		}
		globfree(&g);
	}
	if (!found && !strcmp(prog, "mariadbd")) {
		snprintf(out, cap, "/usr/sbin/mariadbd");
		found = access(out, X_OK) == 0;
	}
	return found ? 0 : -1;
}

static int is_pg(const char *engine)
{
	return !strcmp(engine, "postgres");
}

/* ---- instance.conf ---- */

typedef struct inst {
	dba_instance i;
	char dir[4096];
	char bindir[4096];   /* PostgreSQL: directory of pg_ctl */
	char runas[64];      /* user the server runs as */
} inst;

static int save_conf(const inst *n)
{
	char path[4200], tmp[4210];
	FILE *f;

	snprintf(path, sizeof(path), "%s/instance.conf", n->dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	{
		int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd < 0 || !(f = fdopen(fd, "w")))
			return -1;
	}
	fprintf(f, "id=%s\nname=%s\nengine=%s\nversion=%s\nhost=%s\nport=%d\nuser=%s\npassword=%s\n"
		   "database=%s\ncreated=%lld\nbindir=%s\nrunas=%s\n",
		n->i.id, n->i.name, n->i.engine, n->i.version, n->i.host, n->i.port, n->i.user, n->i.password,
		n->i.database, (long long)n->i.created, n->bindir, n->runas);
	if (fclose(f))
		return -1;
	return rename(tmp, path);
}

static pid_t server_pid(const inst *n)
{
	char path[4200], buf[64] = "";
	FILE *f;
	pid_t pid;

	if (is_pg(n->i.engine))
		snprintf(path, sizeof(path), "%s/data/postmaster.pid", n->dir);
	else
		snprintf(path, sizeof(path), "%s/server.pid", n->dir);
	if (!(f = fopen(path, "r")))
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	pid = (pid_t)atoi(buf);
	if (pid <= 0 || (kill(pid, 0) && errno == ESRCH))
		return 0;
	/* A killed server whose parent has not reaped it yet is a zombie: not running. */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r"))) {
		char stat[512] = "", *rp;

		if (fgets(stat, sizeof(stat), f) && (rp = strrchr(stat, ')')) && (rp[2] == 'Z' || rp[2] == 'X'))
			pid = 0;
		fclose(f);
	}
	return pid;
}

static int load_conf(const char *dir, inst *n)
{
	char path[4200], line[4500];
	FILE *f;

	memset(n, 0, sizeof(*n));
	snprintf(n->dir, sizeof(n->dir), "%s", dir);
	snprintf(path, sizeof(path), "%s/instance.conf", dir);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '='), *v;

		if (!eq)
			continue;
		*eq = '\0';
		v = eq + 1;
		v[strcspn(v, "\n")] = '\0';
#define SET(k, field) if (!strcmp(line, k)) snprintf(field, sizeof(field), "%s", v)
		SET("id", n->i.id);
		SET("name", n->i.name);
		SET("engine", n->i.engine);
		SET("version", n->i.version);
		SET("host", n->i.host);
		SET("user", n->i.user);
		SET("password", n->i.password);
		SET("database", n->i.database);
		SET("bindir", n->bindir);
		SET("runas", n->runas);
#undef SET
		if (!strcmp(line, "port"))
			n->i.port = atoi(v);
		if (!strcmp(line, "created"))
			n->i.created = atoll(v);
	}
	fclose(f);
	snprintf(n->i.runtime, sizeof(n->i.runtime), "native");
	snprintf(n->i.state, sizeof(n->i.state), "%s", server_pid(n) ? "running" : "exited");
	snprintf(n->i.image, sizeof(n->i.image), "%s", is_pg(n->i.engine) ? "local postgres" : "local mariadbd");
	return n->i.name[0] ? 0 : -1;
}

/* Finds an instance by exact name or id. */
static int find(const char *id, inst *n, dba_error *err)
{
	char root[4096], dir[8300];
	DIR *d;
	struct dirent *de;

	state_root(root, sizeof(root));
	snprintf(dir, sizeof(dir), "%s/%s", root, id);
	if (load_conf(dir, n) == 0)
		return 0;
	if ((d = opendir(root))) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(dir, sizeof(dir), "%s/%s", root, de->d_name);
			if (load_conf(dir, n) == 0 && !strcmp(n->i.id, id)) {
				closedir(d);
				return 0;
			}
		}
		closedir(d);
	}
	ERR(err, DBA_ERR_USAGE, "no native instance \"%s\"", id);
	return -1;
}

/* ---- running programs ---- */

/* Runs argv as user (NULL: as is) with extra env entries; stdin from in_text when non-NULL. Output to logfd. */
static int run(char *const argv[], const char *runas, char *const env[], const char *in_text, int logfd,
	       int *status)
{
	int pipefd[2] = { -1, -1 };
	pid_t pid;

	if (in_text && pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (in_text) {
			dup2(pipefd[0], 0);
			close(pipefd[0]);
			close(pipefd[1]);
		} else {
			int nul = open("/dev/null", O_RDONLY);

			dup2(nul, 0);
		}
		if (logfd >= 0) {
			dup2(logfd, 1);
			dup2(logfd, 2);
		}
		for (size_t i = 0; env && env[i]; i++)
			putenv(env[i]);
		if (runas && *runas && geteuid() == 0) {
			struct passwd *pw = getpwnam(runas);

			if (!pw || initgroups(pw->pw_name, pw->pw_gid) || setgid(pw->pw_gid) || setuid(pw->pw_uid))
				_exit(126);
			setenv("HOME", pw->pw_dir, 1);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (in_text) {
		size_t len = strlen(in_text);
		ssize_t w;

		close(pipefd[0]);
		signal(SIGPIPE, SIG_IGN);
		while (len > 0 && (w = write(pipefd[1], in_text, len)) > 0) {
			in_text += w;
			len -= (size_t)w;
		}
		close(pipefd[1]);
	}
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

static int open_log(const inst *n)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/server.log", n->dir);
	return open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
}

static void chown_tree(const char *path, const char *user)
{
	struct passwd *pw;
	DIR *d;
	struct dirent *de;
	char sub[4500];

	if (geteuid() != 0 || !user || !*user || !(pw = getpwnam(user)))
		return;
	if (chown(path, pw->pw_uid, pw->pw_gid))
		return;
	if (!(d = opendir(path)))
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (de->d_type == DT_DIR)
			chown_tree(sub, user);
		else if (chown(sub, pw->pw_uid, pw->pw_gid))
			return;
	}
	closedir(d);
}

static int free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	if (fd < 0)
		return 0;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static int port_open(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	if (fd < 0)
		return 0;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- PostgreSQL ---- */

static int pg_start(inst *n, dba_error *err)
{
	char pgctl[4200], data[4200], log[4200], opts[4300];
	int st, logfd = open_log(n);

	snprintf(pgctl, sizeof(pgctl), "%s/pg_ctl", n->bindir);
	snprintf(data, sizeof(data), "%s/data", n->dir);
	snprintf(log, sizeof(log), "%s/server.log", n->dir);
	snprintf(opts, sizeof(opts), "-h 127.0.0.1 -p %d -k %s", n->i.port, n->dir);
	{
		char *argv[] = { pgctl, "-D", data, "-l", log, "-w", "-t", "60", "-o", opts, "start", NULL };
		int ok = 0;

		/*
		 * After a crash the old postmaster may linger as a zombie and its
		 * children take a moment to notice: PostgreSQL refuses to start while
		 * the lock file's pid exists, so retry for a few seconds.
		 */
		for (int attempt = 0; attempt < 6 && !ok; attempt++) {
			if (attempt)
				sleep_ms(1000);
			ok = run(argv, n->runas, NULL, NULL, logfd, &st) == 0 && WIFEXITED(st) && !WEXITSTATUS(st);
			if (ok || server_pid(n))
				break;
		}
		if (!ok) {
			close(logfd);
			ERR(err, DBA_ERR_CONNECTION, "PostgreSQL did not start (see dbarena logs %s)", n->i.name);
			return -1;
		}
	}
	close(logfd);
	return 0;
}

static int pg_stop(inst *n, int timeout_s, dba_error *err)
{
	char pgctl[4200], data[4200], t[16];
	int st, logfd = open_log(n);

	snprintf(pgctl, sizeof(pgctl), "%s/pg_ctl", n->bindir);
	snprintf(data, sizeof(data), "%s/data", n->dir);
	snprintf(t, sizeof(t), "%d", timeout_s > 0 ? timeout_s : 30);
	{
		char *argv[] = { pgctl, "-D", data, "-m", "fast", "-w", "-t", t, "stop", NULL };

		if (run(argv, n->runas, NULL, NULL, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st)) {
			close(logfd);
			ERR(err, DBA_ERR_CONNECTION, "PostgreSQL did not stop (see dbarena logs %s)", n->i.name);
			return -1;
		}
	}
	close(logfd);
	return 0;
}

static int pg_create(inst *n, dba_error *err)
{
	char initdb[4200], pwfile[4200], data[4200], psql[4200], userarg[200], pwarg[4300];
	int st, logfd = open_log(n), fd;
	char version[64] = "";

	snprintf(initdb, sizeof(initdb), "%s/initdb", n->bindir);
	snprintf(pwfile, sizeof(pwfile), "%s/pwfile", n->dir);
	snprintf(data, sizeof(data), "%s/data", n->dir);
	fd = open(pwfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, n->i.password, strlen(n->i.password)) < 0 || write(fd, "\n", 1) < 0) {
		ERR(err, DBA_ERR_PERMISSION, "cannot write %s: %s", pwfile, strerror(errno));
		goto fail;
	}
	close(fd);
	chown_tree(n->dir, n->runas);
	snprintf(userarg, sizeof(userarg), "--username=%s", n->i.user);
	snprintf(pwarg, sizeof(pwarg), "--pwfile=%s", pwfile);
	{
		char *argv[] = { initdb, "-D", data, userarg, pwarg, "--auth=scram-sha-256", "--encoding=UTF8",
				 "--locale=C.UTF-8", NULL };

		if (run(argv, n->runas, NULL, NULL, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st)) {
			ERR(err, DBA_ERR_CONNECTION, "initdb failed (see %s/server.log)", n->dir);
			goto fail;
		}
	}
	unlink(pwfile);
	if (pg_start(n, err))
		goto fail;
	snprintf(psql, sizeof(psql), "%s/psql", n->bindir);
	if (access(psql, X_OK) && find_bin("psql", psql, sizeof(psql))) {
		ERR(err, DBA_ERR_UNSUPPORTED, "psql not found: cannot create database %s", n->i.database);
		goto fail;
	}
	{
		char port[16], pgpw[300], sql[300];
		char *env[] = { pgpw, NULL };
		char *argv[] = { psql, "-X", "-q", "-h", "127.0.0.1", "-p", port, "-U", n->i.user, "-d", "postgres",
				 "-v", "ON_ERROR_STOP=1", NULL };

		snprintf(port, sizeof(port), "%d", n->i.port);
		snprintf(pgpw, sizeof(pgpw), "PGPASSWORD=%s", n->i.password);
		snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\";\n", n->i.database);
		if (strcmp(n->i.database, "postgres") &&
		    (run(argv, NULL, env, sql, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st))) {
			ERR(err, DBA_ERR_CONNECTION, "cannot create database %s (see dbarena logs %s)", n->i.database,
			    n->i.name);
			goto fail;
		}
	}
	{
		char ver[4300];
		FILE *f;

		snprintf(ver, sizeof(ver), "%s/data/PG_VERSION", n->dir);
		if ((f = fopen(ver, "r"))) {
			if (fgets(version, sizeof(version), f))
				version[strcspn(version, "\n")] = '\0';
			fclose(f);
		}
		snprintf(n->i.version, sizeof(n->i.version), "%s", version);
	}
	close(logfd);
	return 0;
fail:
	if (logfd >= 0)
		close(logfd);
	return -1;
}

/* ---- MariaDB / MySQL ---- */

static int my_start(inst *n, dba_error *err)
{
	char bin[4200], datadir[4300], sock[4300], port[32], pidf[4300], errlog[4300], user[128];
	pid_t pid;

	if (find_bin("mariadbd", bin, sizeof(bin)) && find_bin("mysqld", bin, sizeof(bin))) {
		ERR(err, DBA_ERR_UNSUPPORTED, "mariadbd not found");
		return -1;
	}
	snprintf(datadir, sizeof(datadir), "--datadir=%s/data", n->dir);
	snprintf(sock, sizeof(sock), "--socket=%s/mysql.sock", n->dir);
	snprintf(port, sizeof(port), "--port=%d", n->i.port);
	snprintf(pidf, sizeof(pidf), "--pid-file=%s/server.pid", n->dir);
	snprintf(errlog, sizeof(errlog), "--log-error=%s/server.log", n->dir);
	snprintf(user, sizeof(user), "--user=%s", n->runas);
	pid = fork();
	if (pid < 0) {
		ERR(err, DBA_ERR_UNSUPPORTED, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		char *argv[] = { bin, "--no-defaults", datadir, sock, port, "--bind-address=127.0.0.1",
				 "--local-infile=1", "--skip-name-resolve", pidf, errlog, user, NULL };
		int logfd = open_log(n), nul = open("/dev/null", O_RDONLY);

		/* Detach: the server outlives this command. */
		setsid();
		dup2(nul, 0);
		dup2(logfd, 1);
		dup2(logfd, 2);
		if (fork() == 0) {
			execv(bin, argv);
			_exit(127);
		}
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	for (int i = 0; i < 240; i++) {
		if (server_pid(n) && port_open(n->i.port))
			return 0;
		sleep_ms(250);
	}
	ERR(err, DBA_ERR_CONNECTION, "MariaDB did not start within 60 s (see dbarena logs %s)", n->i.name);
	return -1;
}

static int my_stop(inst *n, int timeout_s, dba_error *err)
{
	pid_t pid = server_pid(n);

	if (!pid)
		return 0;
	kill(pid, SIGTERM);
	for (int i = 0; i < (timeout_s > 0 ? timeout_s : 30) * 10; i++) {
		if (!server_pid(n))
			return 0;
		sleep_ms(100);
	}
	kill(pid, SIGKILL);
	sleep_ms(200);
	if (server_pid(n)) {
		ERR(err, DBA_ERR_CONNECTION, "MariaDB (pid %d) did not stop", (int)pid);
		return -1;
	}
	return 0;
}

static int my_create(inst *n, dba_error *err)
{
	char bin[4200], client[4200], datadir[4300], user[128], sock[4300];
	int st, logfd = open_log(n);

	if (find_bin("mariadb-install-db", bin, sizeof(bin)) && find_bin("mysql_install_db", bin, sizeof(bin))) {
		ERR(err, DBA_ERR_UNSUPPORTED, "mariadb-install-db not found");
		goto fail;
	}
	snprintf(datadir, sizeof(datadir), "--datadir=%s/data", n->dir);
	snprintf(user, sizeof(user), "--user=%s", n->runas);
	{
		char *argv[] = { bin, "--no-defaults", datadir, user, "--auth-root-authentication-method=normal",
				 "--skip-test-db", NULL };

		if (run(argv, NULL, NULL, NULL, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st)) {
			ERR(err, DBA_ERR_CONNECTION, "mariadb-install-db failed (see %s/server.log)", n->dir);
			goto fail;
		}
	}
	if (my_start(n, err))
		goto fail;
	if (find_bin("mariadb", client, sizeof(client)) && find_bin("mysql", client, sizeof(client))) {
		ERR(err, DBA_ERR_UNSUPPORTED, "the mariadb client is not installed");
		goto fail;
	}
	snprintf(sock, sizeof(sock), "--socket=%s/mysql.sock", n->dir);
	{
		char sql[1024];
		char *argv[] = { client, "--no-defaults", "-uroot", "--password=", sock, NULL };

		/* The password goes through standard input, never the arguments. */
		snprintf(sql, sizeof(sql),
			 "CREATE OR REPLACE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s';\n"
			 "GRANT ALL ON *.* TO '%s'@'127.0.0.1' WITH GRANT OPTION;\n"
			 "CREATE OR REPLACE USER '%s'@'localhost' IDENTIFIED BY '%s';\n"
			 "GRANT ALL ON *.* TO '%s'@'localhost' WITH GRANT OPTION;\n"
			 "CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4;\n",
			 n->i.user, n->i.password, n->i.user, n->i.user, n->i.password, n->i.user, n->i.database);
		if (run(argv, NULL, NULL, sql, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st)) {
			ERR(err, DBA_ERR_CONNECTION, "cannot set up users and database (see dbarena logs %s)", n->i.name);
			goto fail;
		}
	}
	{
		FILE *p;
		char cmd[4300], line[256];

		snprintf(n->i.version, sizeof(n->i.version), "mariadb");
		if (find_bin("mariadbd", cmd, sizeof(cmd)) == 0) {
			char c2[4400];

			snprintf(c2, sizeof(c2), "%s --version 2>/dev/null", cmd);
			if ((p = popen(c2, "r"))) {
				if (fgets(line, sizeof(line), p)) {
					char *v = strstr(line, "Ver ");

					if (v) {
						v += 4;
						v[strcspn(v, "- ")] = '\0';
						snprintf(n->i.version, sizeof(n->i.version), "%s", v);
					}
				}
				pclose(p);
			}
		}
	}
	close(logfd);
	return 0;
fail:
	if (logfd >= 0)
		close(logfd);
	return -1;
}

/* ---- operations ---- */

static int nat_init(const dba_host *h, dba_error *err)
{
	(void)err;
	host = h;
	return 0;
}

static int nat_available(const char *engine, dba_error *err)
{
	char bin[4200];

	if (!engine)
		return 1;
	if (is_pg(engine)) {
		if (find_bin("initdb", bin, sizeof(bin)) == 0)
			return 1;
		ERR(err, DBA_ERR_UNSUPPORTED, "PostgreSQL server binaries (initdb, pg_ctl) are not installed");
		return 0;
	}
	if (!strcmp(engine, "mysql")) {
		if (find_bin("mariadbd", bin, sizeof(bin)) == 0 || find_bin("mysqld", bin, sizeof(bin)) == 0)
			return 1;
		ERR(err, DBA_ERR_UNSUPPORTED, "MariaDB/MySQL server binaries (mariadbd) are not installed");
		return 0;
	}
	ERR(err, DBA_ERR_UNSUPPORTED, "the native runtime cannot run %s (use --runtime docker)", engine);
	return 0;
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
	if (!nat_available(o->engine, err))
		return -1;
	state_root(root, sizeof(root));
	if (!o->name || !*o->name || strchr(o->name, '/') || o->name[0] == '.') {
		ERR(err, DBA_ERR_USAGE, "bad instance name \"%s\"", o->name ? o->name : "");
		return -1;
	}
	snprintf(n.dir, sizeof(n.dir), "%s/%s", root, o->name);
	if (mkdirs(root, 0755)) {
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
	n.i.port = o->port > 0 ? o->port : free_port();
	snprintf(n.i.user, sizeof(n.i.user), "%s", o->user);
	snprintf(n.i.password, sizeof(n.i.password), "%s", o->password);
	snprintf(n.i.database, sizeof(n.i.database), "%s", o->database);
	n.i.created = (int64_t)time(NULL);
	snprintf(n.i.runtime, sizeof(n.i.runtime), "native");
	if (is_pg(o->engine)) {
		char initdb[4200], *slash;

		find_bin("initdb", initdb, sizeof(initdb));
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
	if (save_conf(&n)) {
		ERR(err, DBA_ERR_PERMISSION, "cannot write %s/instance.conf: %s", n.dir, strerror(errno));
		rm_rf(n.dir);
		return -1;
	}
	rc = is_pg(o->engine) ? pg_create(&n, err) : my_create(&n, err);
	save_conf(&n);
	n.i.created = n.i.created ? n.i.created : (int64_t)time(NULL);
	snprintf(n.i.state, sizeof(n.i.state), "%s", server_pid(&n) ? "running" : "exited");
	*out = n.i;
	return rc;
}

static int nat_start(const char *id, dba_error *err)
{
	inst n;

	if (find(id, &n, err))
		return -1;
	if (server_pid(&n))
		return 0;
	return is_pg(n.i.engine) ? pg_start(&n, err) : my_start(&n, err);
}

static int nat_stop(const char *id, int32_t timeout_s, dba_error *err)
{
	inst n;

	if (find(id, &n, err))
		return -1;
	if (!server_pid(&n))
		return 0;
	return is_pg(n.i.engine) ? pg_stop(&n, timeout_s, err) : my_stop(&n, timeout_s, err);
}

static int nat_remove(const char *id, int32_t volumes, dba_error *err)
{
	inst n;
	char conf[4200];

	(void)volumes;
	if (find(id, &n, err))
		return -1;
	if (server_pid(&n)) {
		if (is_pg(n.i.engine))
			pg_stop(&n, 10, err);
		else
			my_stop(&n, 10, err);
		if (server_pid(&n)) {
			kill(server_pid(&n), SIGKILL);
			sleep_ms(300);
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
	state_root(root, sizeof(root));
	if ((d = opendir(root))) {
		while ((de = readdir(d))) {
			inst in;
			dba_instance *nv;

			if (de->d_name[0] == '.')
				continue;
			snprintf(dir, sizeof(dir), "%s/%s", root, de->d_name);
			if (load_conf(dir, &in))
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

	if (find(id, &n, err))
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

	if (find(id, &n, err))
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
			sleep_ms(250);
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
	if (find(id, &n, err))
		return -1;
	snprintf(port, sizeof(port), "%d", n.i.port);
	if (is_pg(n.i.engine)) {
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
};

DBA_PLUGIN_ENTRY
{
	return &nat_plugin;
}
