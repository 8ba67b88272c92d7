/*
 * Errors inside the core: functions return 0 / -1 and fill a caller-owned
 * struct err; only main() turns one into text and an exit code.
 */
#ifndef DBARENA_ERR_H
#define DBARENA_ERR_H

#include "dbarena/plugin.h"

enum exit_code {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,     /* database error, workload over --max-error-rate */
	EXIT_USAGE = 2,       /* usage or configuration error */
	EXIT_PLUGIN = 3,      /* plugin missing, unloadable or ABI-incompatible */
	EXIT_INTERRUPTED = 130
};

typedef struct err {
	int code;            /* enum exit_code; 0 = no error */
	/* Room for long lists of valid names; longer text ends in "... (N more bytes)". */
	char msg[8192];      /* what failed, on which object */
	char detail[16384];
	char hint[8192];
	dba_error db;        /* the driver's error when one caused this (class, code, sqlstate) */
} err;

/* Sets code and message, clears detail and hint; returns -1. */
int err_set(err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void err_detail(err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void err_hint(err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * From a driver error: msg = "<context>: <db message>" (or the db message when
 * context is NULL), detail/hint copied, db kept.  Returns -1.
 */
int err_from_db(err *e, int code, const dba_error *db, const char *context);
/* Prints "dbarena: error: MSG", then "  detail: ..." and "  hint: ..." lines to stderr. */
void err_print(const err *e);
/* Name of a dba_err_class ("connection", "deadlock", ...). */
const char *err_class_name(int cls);

#endif
