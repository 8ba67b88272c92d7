/*
 * sqlserver:// and mssql:// URLs onto db-lib login parameters.
 *
 * Options are matched without case and without underscores, so the
 * ADO.NET spellings (TrustServerCertificate) work as well as the URL ones.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ms.h"

/* Lower-cases and drops '_' and '-' into out. */
static void norm_key(const char *k, char *out, size_t cap)
{
	size_t n = 0;

	for (; *k && n + 1 < cap; k++)
		if (*k != '_' && *k != '-')
			out[n++] = (char)tolower((unsigned char)*k);
	out[n] = '\0';
}

/* 1 true, 0 false, -1 neither. */
static int parse_bool(const char *v)
{
	static const char *const yes[] = { "true", "yes", "1", "on", NULL };
	static const char *const no[] = { "false", "no", "0", "off", NULL };

	for (int i = 0; yes[i]; i++)
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
	for (int i = 0; no[i]; i++)
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	return -1;
}

static int parse_seconds(const char *v, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < 0 || n > 3600)
		return -1;
	*out = (int)n;
	return 0;
}

static int bad_value(dba_error *err, const char *key, const char *value, const char *valid)
{
	memset(err, 0, sizeof(*err));
	err->err_class = DBA_ERR_USAGE;
	snprintf(err->message, sizeof(err->message), "invalid value \"%s\" for URL option \"%s\"",
		 value, key);
	snprintf(err->hint, sizeof(err->hint), "valid values: %s", valid);
	return -1;
}

int ms_login_from_conninfo(const dba_conninfo *ci, ms_login *out, dba_error *err)
{
	const char *host = ci->host && *ci->host ? ci->host : "localhost";
	int port = ci->port > 0 ? ci->port : MS_DEFAULT_PORT;

	memset(out, 0, sizeof(*out));
	out->user = ci->user;
	out->password = ci->password;
	out->database = ci->database && *ci->database ? ci->database : NULL;
	out->login_timeout_s = MS_DEFAULT_LOGIN_TIMEOUT;
	/* Read connect_timeout_s only when the caller's struct has it. */
	if (ci->size >= offsetof(dba_conninfo, connect_timeout_s) + sizeof(ci->connect_timeout_s) &&
	    ci->connect_timeout_s > 0)
		out->login_timeout_s = ci->connect_timeout_s;
	out->encrypt = MS_ENCRYPT_DEFAULT;
	out->trust_server_certificate = -1;

	if (ci->port < 0 || ci->port > 65535) {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "invalid port %d", (int)ci->port);
		return -1;
	}
	/* db-lib takes "host:port"; a bare IPv6 address would be ambiguous. */
	if (strchr(host, ':') || strlen(host) > 255) {
		memset(err, 0, sizeof(*err));
		err->err_class = DBA_ERR_UNSUPPORTED;
		snprintf(err->message, sizeof(err->message),
			 "host \"%.255s\" is not supported by the SQL Server driver", host);
		snprintf(err->hint, sizeof(err->hint),
			 "use a host name or an IPv4 address (FreeTDS takes \"host:port\")");
		return -1;
	}
	snprintf(out->server, sizeof(out->server), "%s:%d", host, port);

	for (uint32_t i = 0; i < ci->nparams; i++) {
		const char *key = ci->params[i].key ? ci->params[i].key : "";
		const char *val = ci->params[i].value ? ci->params[i].value : "";
		char k[64];
		int b;

		norm_key(key, k, sizeof(k));
		if (strcmp(k, "encrypt") == 0) {
			if (strcasecmp(val, "strict") == 0) {
				memset(err, 0, sizeof(*err));
				err->err_class = DBA_ERR_UNSUPPORTED;
				snprintf(err->message, sizeof(err->message),
					 "encrypt=strict (TDS 8.0) is not supported by this FreeTDS build");
				snprintf(err->hint, sizeof(err->hint),
					 "use encrypt=true (TLS after the TDS 7.4 pre-login)");
				return -1;
			}
			if (strcasecmp(val, "mandatory") == 0 || strcasecmp(val, "require") == 0 ||
			    strcasecmp(val, "required") == 0)
				b = 1;
			else if (strcasecmp(val, "optional") == 0)
				b = 0;
			else
				b = parse_bool(val);
			if (b < 0)
				return bad_value(err, key, val, "true, false, mandatory, optional");
			out->encrypt = b ? MS_ENCRYPT_REQUIRE : MS_ENCRYPT_OFF;
		} else if (strcmp(k, "trustservercertificate") == 0) {
			b = parse_bool(val);
			if (b < 0)
				return bad_value(err, key, val, "true, false");
			out->trust_server_certificate = b;
		} else if (strcmp(k, "connecttimeout") == 0 || strcmp(k, "logintimeout") == 0) {
			if (parse_seconds(val, &out->login_timeout_s) || out->login_timeout_s == 0)
				return bad_value(err, key, val, "seconds from 1 to 3600");
		} else {
			memset(err, 0, sizeof(*err));
			err->err_class = DBA_ERR_USAGE;
			snprintf(err->message, sizeof(err->message),
				 "unknown URL option \"%s\" for SQL Server", key);
			snprintf(err->hint, sizeof(err->hint),
				 "valid options: encrypt, trust_server_certificate, connect_timeout, login_timeout");
			return -1;
		}
	}
	/*
	 * db-lib has no per-login switch for certificate checks: FreeTDS checks
	 * the server certificate only when freetds.conf names a "ca file".  Say
	 * so rather than pretend the URL asked for something that happens.
	 */
	if (out->trust_server_certificate == 0) {
		memset(err, 0, sizeof(*err));
		err->err_class = DBA_ERR_UNSUPPORTED;
		snprintf(err->message, sizeof(err->message),
			 "trust_server_certificate=false cannot be set per connection with FreeTDS");
		snprintf(err->detail, sizeof(err->detail),
			 "db-lib validates the certificate only when freetds.conf sets \"ca file\"");
		snprintf(err->hint, sizeof(err->hint),
			 "configure \"ca file\" in freetds.conf and drop the option, or use trust_server_certificate=true");
		return -1;
	}
	return 0;
}

/*
 * FreeTDS 1.5 takes the encryption level per login (DBSETENCRYPTION, 1005):
 * with "require" the TLS pre-login must succeed before the login packet (and
 * its password) is sent, and a server without encryption is refused.  Older
 * db-lib answers FAIL; then only freetds.conf can force it, and the session
 * is checked after login (check_encrypted).
 */
#ifndef DBSETENCRYPTION
#define DBSETENCRYPTION 1005
#endif
int ms_login_encryption(LOGINREC *login, const ms_login *l)
{
	if (l->encrypt != MS_ENCRYPT_REQUIRE)
		return 0;
	return dbsetlname(login, "require", DBSETENCRYPTION) == SUCCEED ? 1 : -1;
}
