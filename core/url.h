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
/*
 * Formats u back to text with the password (and the values of the password,
 * pwd and sslpassword options) as "****" unless show_password; malloc'ed.
 */
char *url_format(const url *u, int show_password);
/*
 * Overwrites the secrets of URL text s in place with 'x', keeping its length
 * and shape (for the process's own arguments, which other users can read).
 */
void url_scrub(char *s);
/* Fills ci from u (pointers borrowed from u). */
void url_conninfo(const url *u, dba_conninfo *ci);

#endif
