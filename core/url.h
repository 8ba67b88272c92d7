/*
 * Connection URLs (SPEC section 1):
 *   scheme://[user[:password]@]host[:port][/database][?key=value&...]
 * Percent-decoding applies to user, password, database and parameters.
 */
#ifndef DBARENA_URL_H
#define DBARENA_URL_H

#include "dbarena/plugin.h"
#include "err.h"

typedef struct url {
	char *scheme;
	char *user;
	char *password;
	char *host;
	int port;
	char *database;
	dba_param *params;   /* keys and values malloc'ed */
	unsigned nparams;
} url;

int url_parse(const char *s, url *u, err *e);
void url_free(url *u);
/* Driver plugin name for a scheme ("postgresql" -> "postgres"), NULL when unknown. */
const char *url_driver(const char *scheme);
/* Formats u back to text with the password as "****" unless show_password; malloc'ed. */
char *url_format(const url *u, int show_password);
/* Fills ci from u (pointers borrowed from u). */
void url_conninfo(const url *u, dba_conninfo *ci);

#endif
