/*
 * What the instance commands (cmd_create.c, cmd_lifecycle.c, cmd_inspect.c)
 * share: option errors, runtime errors, an instance as JSON, timestamps, and
 * an engine's readiness timeout.
 */
#ifndef DBARENA_INSTCLI_H
#define DBARENA_INSTCLI_H

#include <stddef.h>

#include <jansson.h>

#include "../err.h"

/* "CMD: unknown option or missing argument" (EXIT_USAGE); returns EXIT_USAGE. */
int instcli_unknown_opt(const char *cmd, err *e);
/* e from a runtime's error with context what; returns the exit code. */
int instcli_rt_fail(err *e, int code, const dba_error *de, const char *what);
/* The instance as `list --json` / `inspect --json` print it (password "****" unless show_password). */
json_t *instcli_json(const dba_instance *i, int show_password);
/* Prints v indented on stdout and releases it. */
void instcli_json_print(json_t *v);
/* Local "YYYY-MM-DD HH:MM:SS", or "-" when unknown. */
void instcli_created_text(int64_t t, char *buf, size_t cap);
/* Seconds to wait for an instance of engine to accept connections: its engine file's ready_timeout, else 60. */
int instcli_ready_timeout(const char *name);

#endif
