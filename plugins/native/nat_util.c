/* Native runtime plumbing: the state directory, server binaries, instance.conf, child processes, ports. */
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

/* ---- paths and binaries ---- */

void nat_state_root(char *out, size_t cap)
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

int nat_mkdirs(const char *path, mode_t mode)
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
int nat_find_bin(const char *prog, char *out, size_t cap)
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

int nat_is_pg(const char *server)
{
	return !strcmp(server, "postgres");
}

/*
 * The server kind of an engine this runtime knew by name before engine
 * files said it ([native] server): instances created then have no server=
 * line in instance.conf, and older cores pass no settings.
 */
const char *nat_legacy_server(const char *engine)
{
	if (!engine)
		return NULL;
	if (!strcmp(engine, "postgres"))
		return "postgres";
	if (!strcmp(engine, "mysql"))
		return "mariadb";
	return NULL;
}

/* ---- instance.conf ---- */


int nat_save_conf(const inst *n)
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
		   "database=%s\ncreated=%lld\nbindir=%s\nrunas=%s\nserver=%s\n",
		n->i.id, n->i.name, n->i.engine, n->i.version, n->i.host, n->i.port, n->i.user, n->i.password,
		n->i.database, (long long)n->i.created, n->bindir, n->runas, n->server);
	if (fclose(f))
		return -1;
	return rename(tmp, path);
}

pid_t nat_server_pid(const inst *n)
{
	char path[4200], buf[64] = "";
	FILE *f;
	pid_t pid;

	if (nat_is_pg(n->server))
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

int nat_load_conf(const char *dir, inst *n)
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
		SET("server", n->server);
#undef SET
		if (!strcmp(line, "port"))
			n->i.port = atoi(v);
		if (!strcmp(line, "created"))
			n->i.created = atoll(v);
	}
	fclose(f);
	if (!n->server[0])
		snprintf(n->server, sizeof(n->server), "%s", nat_legacy_server(n->i.engine) ?: "mariadb");
	snprintf(n->i.runtime, sizeof(n->i.runtime), "native");
	snprintf(n->i.state, sizeof(n->i.state), "%s", nat_server_pid(n) ? "running" : "exited");
	snprintf(n->i.image, sizeof(n->i.image), "%s", nat_is_pg(n->server) ? "local postgres" : "local mariadbd");
	return n->i.name[0] ? 0 : -1;
}

/* Finds an instance by exact name or id. */
int nat_find(const char *id, inst *n, dba_error *err)
{
	char root[4096], dir[8300];
	DIR *d;
	struct dirent *de;

	nat_state_root(root, sizeof(root));
	snprintf(dir, sizeof(dir), "%s/%s", root, id);
	if (nat_load_conf(dir, n) == 0)
		return 0;
	if ((d = opendir(root))) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(dir, sizeof(dir), "%s/%s", root, de->d_name);
			if (nat_load_conf(dir, n) == 0 && !strcmp(n->i.id, id)) {
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
int nat_run(char *const argv[], const char *runas, char *const env[], const char *in_text, int logfd,
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

int nat_open_log(const inst *n)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/server.log", n->dir);
	return open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
}

void nat_chown_tree(const char *path, const char *user)
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
			nat_chown_tree(sub, user);
		else if (chown(sub, pw->pw_uid, pw->pw_gid))
			return;
	}
	closedir(d);
}

int nat_free_port(void)
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

int nat_port_open(int port)
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

void nat_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}
