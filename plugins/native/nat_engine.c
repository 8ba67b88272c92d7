/* Native runtime: creating, starting and stopping PostgreSQL and MariaDB/MySQL servers. */
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

/* ---- PostgreSQL ---- */

int nat_pg_start(inst *n, dba_error *err)
{
	char pgctl[4200], data[4200], log[4200], opts[4300];
	int st, logfd = nat_open_log(n);

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
				nat_sleep_ms(1000);
			ok = nat_run(argv, n->runas, NULL, NULL, logfd, &st) == 0 && WIFEXITED(st) && !WEXITSTATUS(st);
			if (ok || nat_server_pid(n))
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

int nat_pg_stop(inst *n, int timeout_s, dba_error *err)
{
	char pgctl[4200], data[4200], t[16];
	int st, logfd = nat_open_log(n);

	snprintf(pgctl, sizeof(pgctl), "%s/pg_ctl", n->bindir);
	snprintf(data, sizeof(data), "%s/data", n->dir);
	snprintf(t, sizeof(t), "%d", timeout_s > 0 ? timeout_s : 30);
	{
		char *argv[] = { pgctl, "-D", data, "-m", "fast", "-w", "-t", t, "stop", NULL };

		if (nat_run(argv, n->runas, NULL, NULL, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st)) {
			close(logfd);
			ERR(err, DBA_ERR_CONNECTION, "PostgreSQL did not stop (see dbarena logs %s)", n->i.name);
			return -1;
		}
	}
	close(logfd);
	return 0;
}

int nat_pg_create(inst *n, dba_error *err)
{
	char initdb[4200], pwfile[4200], data[4200], psql[4200], userarg[200], pwarg[4300];
	int st, logfd = nat_open_log(n), fd;
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
	nat_chown_tree(n->dir, n->runas);
	snprintf(userarg, sizeof(userarg), "--username=%s", n->i.user);
	snprintf(pwarg, sizeof(pwarg), "--pwfile=%s", pwfile);
	{
		char *argv[] = { initdb, "-D", data, userarg, pwarg, "--auth=scram-sha-256", "--encoding=UTF8",
				 "--locale=C.UTF-8", NULL };

		if (nat_run(argv, n->runas, NULL, NULL, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st)) {
			ERR(err, DBA_ERR_CONNECTION, "initdb failed (see %s/server.log)", n->dir);
			goto fail;
		}
	}
	unlink(pwfile);
	if (nat_pg_start(n, err))
		goto fail;
	snprintf(psql, sizeof(psql), "%s/psql", n->bindir);
	if (access(psql, X_OK) && nat_find_bin("psql", psql, sizeof(psql))) {
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
		    (nat_run(argv, NULL, env, sql, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st))) {
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

int nat_my_start(inst *n, dba_error *err)
{
	char bin[4200], datadir[4300], sock[4300], port[32], pidf[4300], errlog[4300], user[128];
	pid_t pid;

	if (nat_find_bin("mariadbd", bin, sizeof(bin)) && nat_find_bin("mysqld", bin, sizeof(bin))) {
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
		int logfd = nat_open_log(n), nul = open("/dev/null", O_RDONLY);

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
		if (nat_server_pid(n) && nat_port_open(n->i.port))
			return 0;
		nat_sleep_ms(250);
	}
	ERR(err, DBA_ERR_CONNECTION, "MariaDB did not start within 60 s (see dbarena logs %s)", n->i.name);
	return -1;
}

int nat_my_stop(inst *n, int timeout_s, dba_error *err)
{
	pid_t pid = nat_server_pid(n);

	if (!pid)
		return 0;
	kill(pid, SIGTERM);
	for (int i = 0; i < (timeout_s > 0 ? timeout_s : 30) * 10; i++) {
		if (!nat_server_pid(n))
			return 0;
		nat_sleep_ms(100);
	}
	kill(pid, SIGKILL);
	nat_sleep_ms(200);
	if (nat_server_pid(n)) {
		ERR(err, DBA_ERR_CONNECTION, "MariaDB (pid %d) did not stop", (int)pid);
		return -1;
	}
	return 0;
}

int nat_my_create(inst *n, dba_error *err)
{
	char bin[4200], client[4200], datadir[4300], user[128], sock[4300];
	int st, logfd = nat_open_log(n);

	if (nat_find_bin("mariadb-install-db", bin, sizeof(bin)) && nat_find_bin("mysql_install_db", bin, sizeof(bin))) {
		ERR(err, DBA_ERR_UNSUPPORTED, "mariadb-install-db not found");
		goto fail;
	}
	snprintf(datadir, sizeof(datadir), "--datadir=%s/data", n->dir);
	snprintf(user, sizeof(user), "--user=%s", n->runas);
	{
		char *argv[] = { bin, "--no-defaults", datadir, user, "--auth-root-authentication-method=normal",
				 "--skip-test-db", NULL };

		if (nat_run(argv, NULL, NULL, NULL, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st)) {
			ERR(err, DBA_ERR_CONNECTION, "mariadb-install-db failed (see %s/server.log)", n->dir);
			goto fail;
		}
	}
	if (nat_my_start(n, err))
		goto fail;
	if (nat_find_bin("mariadb", client, sizeof(client)) && nat_find_bin("mysql", client, sizeof(client))) {
		ERR(err, DBA_ERR_UNSUPPORTED, "the mariadb client is not installed");
		goto fail;
	}
	snprintf(sock, sizeof(sock), "--socket=%s/mysql.sock", n->dir);
	{
		char sql[2048];
		char *argv[] = { client, "--no-defaults", "-uroot", "--password=", sock, NULL };

		/*
		 * The password goes through standard input, never the arguments.
		 * mariadb-install-db also makes passwordless root@::1,
		 * root@<hostname> (and anonymous) accounts: every account but the
		 * instance's own two and the system's mariadb.sys is dropped.
		 */
		snprintf(sql, sizeof(sql),
			 "CREATE OR REPLACE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s';\n"
			 "GRANT ALL ON *.* TO '%s'@'127.0.0.1' WITH GRANT OPTION;\n"
			 "CREATE OR REPLACE USER '%s'@'localhost' IDENTIFIED BY '%s';\n"
			 "GRANT ALL ON *.* TO '%s'@'localhost' WITH GRANT OPTION;\n"
			 "SELECT GROUP_CONCAT(CONCAT(QUOTE(User), '@', QUOTE(Host))) INTO @others FROM mysql.user\n"
			 "  WHERE is_role = 'N' AND User <> 'mariadb.sys'\n"
			 "  AND NOT (User = '%s' AND Host IN ('127.0.0.1', 'localhost'));\n"
			 "EXECUTE IMMEDIATE IF(@others IS NULL, 'DO 0', CONCAT('DROP USER ', @others));\n"
			 "CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4;\n",
			 n->i.user, n->i.password, n->i.user, n->i.user, n->i.password, n->i.user, n->i.user,
			 n->i.database);
		if (nat_run(argv, NULL, NULL, sql, logfd, &st) || !WIFEXITED(st) || WEXITSTATUS(st)) {
			ERR(err, DBA_ERR_CONNECTION, "cannot set up users and database (see dbarena logs %s)", n->i.name);
			goto fail;
		}
	}
	{
		FILE *p;
		char cmd[4300], line[256];

		snprintf(n->i.version, sizeof(n->i.version), "mariadb");
		if (nat_find_bin("mariadbd", cmd, sizeof(cmd)) == 0) {
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
