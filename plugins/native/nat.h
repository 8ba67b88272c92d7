/*
 * Internal contract between the native runtime's files: nat_util.c (state
 * directory, binaries, instance.conf, running programs, ports), nat_engine.c
 * (creating, starting and stopping PostgreSQL and MariaDB/MySQL servers) and
 * nat.c (the runtime operations and the descriptor).
 */
#ifndef DBA_NAT_H
#define DBA_NAT_H

#include <sys/types.h>

#include "dbarena/plugin.h"

#define ERR(e, cls, ...) DBA_ERR_SET(e, cls, __VA_ARGS__)

typedef struct inst {
	dba_instance i;
	char dir[4096];
	char bindir[4096];   /* PostgreSQL: directory of pg_ctl */
	char runas[64];      /* user the server runs as */
	char server[16];     /* "postgres" or "mariadb": the engine file's [native] server */
} inst;

/* nat_util.c.  The state root: $XDG_STATE_HOME/dbarena, else /var/lib/dbarena for root, else ~/.local/state/dbarena. */
void nat_state_root(char *out, size_t cap);
int nat_mkdirs(const char *path, mode_t mode);
int nat_find_bin(const char *prog, char *out, size_t cap);
int nat_is_pg(const char *server);
const char *nat_legacy_server(const char *engine);
/* instance.conf (mode 0600); nat_find looks an instance up by exact name or id. */
int nat_save_conf(const inst *n);
pid_t nat_server_pid(const inst *n);
int nat_load_conf(const char *dir, inst *n);
int nat_find(const char *id, inst *n, dba_error *err);
/* Runs argv as runas (NULL: as is) with extra env entries, stdin from in_text when non-NULL, output to logfd. */
int nat_run(char *const argv[], const char *runas, char *const env[], const char *in_text, int logfd, int *status);
int nat_open_log(const inst *n);
void nat_chown_tree(const char *path, const char *user);
int nat_free_port(void);
int nat_port_open(int port);
void nat_sleep_ms(int ms);

/* nat_engine.c: each fills err on failure and returns -1. */
int nat_pg_start(inst *n, dba_error *err);
int nat_pg_stop(inst *n, int timeout_s, dba_error *err);
int nat_pg_create(inst *n, dba_error *err);
int nat_my_start(inst *n, dba_error *err);
int nat_my_stop(inst *n, int timeout_s, dba_error *err);
int nat_my_create(inst *n, dba_error *err);

#endif
