/* MySQL/MariaDB driver: connect, exec, transactions, errors, literals, descriptor. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <errmsg.h>

#include "dbarena/timefmt.h"
#include "my.h"

const dba_host *my_host;

int my_class_of(unsigned int code)
{
	switch (code) {
	case 1213: /* ER_LOCK_DEADLOCK */
	case 1205: /* ER_LOCK_WAIT_TIMEOUT */
		return DBA_ERR_DEADLOCK;
	case 1062: case 1451: case 1452: case 1048: case 1364: case 3819: case 4025: case 1216: case 1217:
		return DBA_ERR_CONSTRAINT;
	case 1045: case 1049: case 1040: case 1053: case 1927:
	case CR_CONNECTION_ERROR: case CR_CONN_HOST_ERROR: case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST: case CR_UNKNOWN_HOST: case 2055:
		return DBA_ERR_CONNECTION;
	case 1969: case 3024: case 1317:
		return DBA_ERR_TIMEOUT;
	case 1148: case 3948: case 4166: case 1142: case 1044:
		return DBA_ERR_PERMISSION;
	case 1146: case 1054:
		return DBA_ERR_SYNTAX;
	/* out of range, truncated, bad value, too long, division by 0, bad JSON: SQLSTATE 22xxx */
	case 1264: case 1265: case 1292: case 1366: case 1367: case 1406: case 1365: case 1690: case 1411: case 3140:
		return DBA_ERR_DATA;
	}
	return DBA_ERR_SYNTAX;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void my_call_start(dba_conn *c)
{
	if (c->rw_secs)
		c->t0 = now_ms();
}

void my_timeout_check(dba_conn *c, dba_error *err)
{
	char was[sizeof(err->message)];

	if (err && err->err_class == DBA_ERR_CONNECTION)
		c->lost = 1;
	if (!err || !c->rw_secs || (err->native_code != CR_SERVER_LOST && err->native_code != CR_SERVER_GONE_ERROR) ||
	    now_ms() - c->t0 < (int64_t)c->rw_secs * 1000 - 50)
		return;
	memcpy(was, err->message, sizeof(was));
	c->lost = 1;
	err->err_class = DBA_ERR_TIMEOUT;
	snprintf(err->message, sizeof(err->message),
		 "no answer from the server within the statement timeout (%d ms, waited %u s); connection closed",
		 (int)c->stmt_ms, c->rw_secs);
	snprintf(err->detail, sizeof(err->detail), "%.500s", was);
	snprintf(err->hint, sizeof(err->hint), "the server may be stopped, overloaded or unreachable");
}

int32_t my_reusable(dba_conn *c)
{
	return c && c->my && !c->lost && (int)mysql_get_socket(c->my) >= 0;
}

int my_error(dba_conn *c, const char *context, dba_error *err)
{
	unsigned int code = c && c->my ? mysql_errno(c->my) : 0;

	if (!err)
		return -1;
	memset(err, 0, sizeof(*err));
	err->native_code = (int32_t)code;
	err->err_class = my_class_of(code);
	if (c && c->my)
		snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", mysql_sqlstate(c->my));
	snprintf(err->message, sizeof(err->message), "%s%s%s", context ? context : "", context ? ": " : "",
		 c && c->my ? mysql_error(c->my) : "out of memory");
	if (err->err_class == DBA_ERR_PERMISSION && (code == 1148 || code == 3948 || code == 4166))
		snprintf(err->hint, sizeof(err->hint),
			 "enable local_infile on the server (SET GLOBAL local_infile = 1) or use --method insert");
	if (c)
		my_timeout_check(c, err);
	return -1;
}

static int my_init(const dba_host *host, dba_error *err)
{
	my_host = host;
	if (mysql_library_init(0, NULL, NULL)) {
		DBA_ERR_SET(err, DBA_ERR_CONNECTION, "cannot initialise the MariaDB client library");
		return -1;
	}
	return 0;
}

enum my_tls { MY_TLS_DEFAULT, MY_TLS_OFF, MY_TLS_REQUIRE, MY_TLS_VERIFY };

/*
 * libmariadb's MYSQL_OPT_SSL_ENFORCE without certificate verification falls
 * back to plaintext when the server offers no TLS; so every "require" mode is
 * also checked after the handshake (require_tls).  The authentication plugins
 * libmariadb uses by default (native, ed25519, caching_sha2) never send the
 * password itself, so refusing there keeps it off the wire.
 */
static int parse_ssl_mode(const char *v, int *mode, dba_error *err)
{
	if (!strcasecmp(v, "disabled") || !strcasecmp(v, "disable")) {
		*mode = MY_TLS_OFF;
	} else if (!strcasecmp(v, "preferred") || !strcasecmp(v, "prefer")) {
		*mode = MY_TLS_DEFAULT;
	} else if (!strcasecmp(v, "required") || !strcasecmp(v, "require")) {
		*mode = MY_TLS_REQUIRE;
	} else if (!strcasecmp(v, "verify_ca") || !strcasecmp(v, "verify_identity")) {
		*mode = MY_TLS_VERIFY;
	} else {
		DBA_ERR_SET(err, DBA_ERR_USAGE, "bad ssl-mode \"%s\" (valid: DISABLED, PREFERRED, REQUIRED, "
			    "VERIFY_CA, VERIFY_IDENTITY)", v);
		return -1;
	}
	return 0;
}

static void apply_ssl_mode(MYSQL *m, int mode)
{
	my_bool on = 1, off = 0;

	if (mode == MY_TLS_OFF)
		mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &off);
	if (mode == MY_TLS_REQUIRE || mode == MY_TLS_VERIFY)
		mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &on);
	if (mode == MY_TLS_REQUIRE)
		mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &off);
	if (mode == MY_TLS_VERIFY)
		mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
}

static int require_tls(dba_conn *c, const dba_conninfo *ci, int mode, dba_error *err)
{
	const char *cipher;

	if (mode != MY_TLS_REQUIRE && mode != MY_TLS_VERIFY)
		return 0;
	cipher = mysql_get_ssl_cipher(c->my);
	if (cipher && *cipher)
		return 0;
	memset(err, 0, sizeof(*err));
	err->err_class = DBA_ERR_CONNECTION;
	snprintf(err->message, sizeof(err->message),
		 "the MySQL server at \"%.200s:%d\" does not offer TLS, but ssl-mode asks for it",
		 ci->host && *ci->host ? ci->host : "127.0.0.1", ci->port > 0 ? (int)ci->port : 3306);
	snprintf(err->detail, sizeof(err->detail), "the session was closed before any statement was sent");
	snprintf(err->hint, sizeof(err->hint),
		 "enable TLS on the server (ssl_cert, ssl_key), or drop ssl-mode to connect in plaintext");
	return -1;
}

/* MariaDB's max_statement_time (seconds, any statement), else MySQL's max_execution_time (ms, SELECT). */
static int set_server_timeout(dba_conn *c, dba_error *err)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "SET SESSION max_statement_time = %d.%03d", (int)(c->stmt_ms / 1000),
		 (int)(c->stmt_ms % 1000));
	my_call_start(c);
	if (!mysql_query(c->my, sql))
		return 0;
	if (mysql_errno(c->my) != 1193) /* ER_UNKNOWN_SYSTEM_VARIABLE */
		return my_error(c, "SET max_statement_time", err);
	snprintf(sql, sizeof(sql), "SET SESSION max_execution_time = %d", (int)c->stmt_ms);
	my_call_start(c);
	if (!mysql_query(c->my, sql))
		return 0;
	if (mysql_errno(c->my) != 1193)
		return my_error(c, "SET max_execution_time", err);
	if (my_host && my_host->log)
		my_host->log(DBA_LOG_WARN, "mysql", "the server has neither max_statement_time nor max_execution_time; "
			     "only the client stops waiting at the statement timeout");
	return 0;
}

static int parse_bulk(const char *v, int *out, dba_error *err)
{
	static const char *const names[] = { "auto", "array", "load-data" };

	for (int i = 0; i < 3; i++)
		if (!strcmp(v, names[i])) {
			*out = i;
			return 0;
		}
	DBA_ERR_SET(err, DBA_ERR_USAGE, "bad bulk=%s in the URL (valid: auto, array, load-data)", v);
	return -1;
}

static int my_connect(const dba_conninfo *ci, dba_conn **out, dba_error *err)
{
	dba_conn *c = calloc(1, sizeof(*c));
	unsigned int timeout = ci->connect_timeout_s > 0 ? (unsigned)ci->connect_timeout_s : 10;
	my_bool local = 1;
	int tls = MY_TLS_DEFAULT;

	if (!c || !(c->my = mysql_init(NULL))) {
		free(c);
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory");
		return -1;
	}
	mysql_optionsv(c->my, MYSQL_OPT_LOCAL_INFILE, &local);
	mysql_optionsv(c->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	for (uint32_t i = 0; i < ci->nparams; i++) {
		const char *k = ci->params[i].key, *v = ci->params[i].value;

		if (!strcmp(k, "ssl-mode") || !strcmp(k, "ssl_mode") || !strcmp(k, "sslmode")) {
			if (parse_ssl_mode(v, &tls, err))
				goto fail;
		} else if (!strcmp(k, "ssl-ca") || !strcmp(k, "ssl_ca")) {
			mysql_optionsv(c->my, MYSQL_OPT_SSL_CA, v);
		} else if (!strcmp(k, "ssl-cert") || !strcmp(k, "ssl_cert")) {
			mysql_optionsv(c->my, MYSQL_OPT_SSL_CERT, v);
		} else if (!strcmp(k, "ssl-key") || !strcmp(k, "ssl_key")) {
			mysql_optionsv(c->my, MYSQL_OPT_SSL_KEY, v);
		} else if (!strcmp(k, "connect_timeout") || !strcmp(k, "connect-timeout")) {
			timeout = (unsigned)atoi(v);
		} else if (!strcmp(k, "bulk")) {
			if (parse_bulk(v, &c->bulk, err))
				goto fail;
		} else {
			DBA_ERR_SET(err, DBA_ERR_USAGE, "unknown URL option \"%s\" for MySQL (valid: ssl-mode, ssl-ca, ssl-cert, "
				    "ssl-key, connect_timeout, bulk)", k);
			goto fail;
		}
	}
	apply_ssl_mode(c->my, tls);
	mysql_optionsv(c->my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	/* On a shared thread, the calls after connecting (which blocks) wait through the host. */
	c->nb = ci->size >= offsetof(dba_conninfo, shared_thread) + sizeof(int32_t) && ci->shared_thread &&
		my_host_waits() && !mysql_optionsv(c->my, MYSQL_OPT_NONBLOCK, 0);
	if (ci->size >= offsetof(dba_conninfo, statement_timeout_ms) + sizeof(int32_t) &&
	    ci->statement_timeout_ms > 0) {
		/*
		 * The server cancels a statement past the timeout; the client stops
		 * waiting for a server that says nothing (the library counts whole
		 * seconds: the timeout rounded up, plus one).
		 */
		c->stmt_ms = ci->statement_timeout_ms;
		c->rw_secs = (unsigned)((c->stmt_ms + 999) / 1000) + 1;
		mysql_optionsv(c->my, MYSQL_OPT_READ_TIMEOUT, &c->rw_secs);
		mysql_optionsv(c->my, MYSQL_OPT_WRITE_TIMEOUT, &c->rw_secs);
	}
	if (!mysql_real_connect(c->my, ci->host && *ci->host ? ci->host : "127.0.0.1", ci->user ? ci->user : "root",
				ci->password, ci->database, ci->port > 0 ? (unsigned)ci->port : 3306, NULL,
				CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS | CLIENT_LOCAL_FILES)) {
		my_error(c, NULL, err);
		err->err_class = DBA_ERR_CONNECTION;
		goto fail;
	}
	if (require_tls(c, ci, tls, err))
		goto fail;
	/* Timestamps cross the ABI in UTC. */
	my_call_start(c);
	if (mysql_query(c->my, "SET time_zone = '+00:00'")) {
		my_error(c, "SET time_zone", err);
		goto fail;
	}
	if (c->stmt_ms && set_server_timeout(c, err))
		goto fail;
	*out = c;
	return 0;
fail:
	mysql_close(c->my);
	free(c);
	return -1;
}

static void my_disconnect(dba_conn *c)
{
	if (!c)
		return;
	mysql_close(c->my);
	free(c);
}

size_t my_escape_ident(const char *name, char *out, size_t cap)
{
	size_t n = 0;

#define PUT(ch) do { if (n + 1 < cap) out[n] = (ch); n++; } while (0)
	PUT('`');
	for (const char *p = name; *p; p++) {
		if (*p == '`')
			PUT('`');
		PUT(*p);
	}
	PUT('`');
	if (cap)
		out[n < cap ? n : cap - 1] = '\0';
	return n;
}

size_t my_fmt_timestamp(int64_t us, char *out, size_t cap)
{
	return (size_t)dba_fmt_timestamp(us, ' ', DBA_FRAC_ALWAYS, out, cap);
}

size_t my_fmt_date(int64_t days, char *out, size_t cap)
{
	return (size_t)dba_fmt_date(days, out, cap);
}

static size_t my_render_literal(dba_conn *c, const dba_value *v, int32_t family, char *out, size_t cap)
{
	char tmp[64];
	size_t n = 0;

	(void)family;
	switch (v->type) {
	case DBA_T_NULL: return (size_t)snprintf(out, cap, "NULL");
	case DBA_T_INT64: return (size_t)snprintf(out, cap, "%lld", (long long)v->u.i64);
	case DBA_T_DOUBLE: return (size_t)snprintf(out, cap, "%.17g", v->u.f64);
	case DBA_T_BOOL: return (size_t)snprintf(out, cap, "%d", v->u.b ? 1 : 0);
	case DBA_T_DECIMAL: return (size_t)snprintf(out, cap, "%.*s", (int)v->len, v->u.str);
	case DBA_T_TIMESTAMP:
		my_fmt_timestamp(v->u.i64, tmp, sizeof(tmp));
		return (size_t)snprintf(out, cap, "'%s'", tmp);
	case DBA_T_DATE:
		my_fmt_date(v->u.i64, tmp, sizeof(tmp));
		return (size_t)snprintf(out, cap, "'%s'", tmp);
	}
	/* TEXT, UUID: with a connection, the client library escapes for the
	 * session (it knows NO_BACKSLASH_ESCAPES); else backslash escapes. */
	if (c && c->my) {
		char *esc = malloc(2 * (size_t)v->len + 1);
		size_t m;

		if (esc) {
			m = mysql_real_escape_string(c->my, esc, v->u.str, (unsigned long)v->len);
			for (size_t i = 0; i < m; i++)
				if (i + 2 < cap)
					out[i + 1] = esc[i];
			free(esc);
			if (cap) {
				out[0] = '\'';
				if (m + 1 < cap)
					out[m + 1] = '\'';
				out[m + 2 < cap ? m + 2 : cap - 1] = '\0';
			}
			return m + 2;
		}
	}
	PUT('\'');
	for (uint32_t i = 0; i < v->len; i++) {
		char ch = v->u.str[i];

		switch (ch) {
		case '\0': PUT('\\'); PUT('0'); break;
		case '\'': PUT('\\'); PUT('\''); break;
		case '\\': PUT('\\'); PUT('\\'); break;
		case '\n': PUT('\\'); PUT('n'); break;
		case '\r': PUT('\\'); PUT('r'); break;
		case 0x1a: PUT('\\'); PUT('Z'); break;
		default: PUT(ch);
		}
	}
	PUT('\'');
	if (cap)
		out[n < cap ? n : cap - 1] = '\0';
	return n;
#undef PUT
}

static int deliver(MYSQL_RES *res, dba_row_fn cb, void *ud)
{
	unsigned int nf = mysql_num_fields(res);
	MYSQL_FIELD *f = mysql_fetch_fields(res);
	const char **names = calloc(nf ? nf : 1, sizeof(*names));
	uint32_t *lens = calloc(nf ? nf : 1, sizeof(*lens));
	MYSQL_ROW row;
	int stop;

	if (!names || !lens) {
		free(names);
		free(lens);
		return -1;
	}
	for (unsigned int i = 0; i < nf; i++)
		names[i] = f[i].name;
	stop = cb(ud, 1, nf, names, NULL, NULL);
	while (!stop && (row = mysql_fetch_row(res))) {
		unsigned long *l = mysql_fetch_lengths(res);

		for (unsigned int i = 0; i < nf; i++)
			lens[i] = (uint32_t)l[i];
		stop = cb(ud, 0, nf, names, (const char *const *)row, lens);
	}
	free(names);
	free(lens);
	return 0;
}

int my_exec(dba_conn *c, const char *sql, dba_row_fn cb, void *ud, int64_t *affected, dba_error *err)
{
	MYSQL_RES *last = NULL; /* rows go to cb from the last result set only */
	int status, rc = 0;

	if (affected)
		*affected = -1;
	my_call_start(c);
	if (my_w_query(c, sql, strlen(sql)))
		return my_error(c, NULL, err);
	do {
		MYSQL_RES *res = my_w_store_result(c);

		if (res) {
			mysql_free_result(last);
			last = res;
		} else if (mysql_field_count(c->my) == 0) {
			if (affected)
				*affected = (int64_t)mysql_affected_rows(c->my);
		} else {
			rc = my_error(c, NULL, err);
			break;
		}
		status = my_w_next_result(c);
		if (status > 0) {
			rc = my_error(c, NULL, err);
			break;
		}
	} while (status == 0);
	if (!rc && last && cb && deliver(last, cb, ud)) {
		DBA_ERR_SET(err, DBA_ERR_RESOURCE, "out of memory reading rows");
		rc = -1;
	}
	mysql_free_result(last);
	return rc;
}

static int my_tx(dba_conn *c, int32_t what, dba_error *err)
{
	const char *sql = what == DBA_TX_BEGIN ? "START TRANSACTION" : what == DBA_TX_COMMIT ? "COMMIT" : "ROLLBACK";

	my_call_start(c);
	if (my_w_query(c, sql, strlen(sql)))
		return my_error(c, sql, err);
	return 0;
}

static const dba_dialect my_dialect_v = {
	.size = sizeof(dba_dialect),
	.placeholder = DBA_PH_QMARK,
	.limit_style = DBA_LIMIT_LIMIT,
	.max_insert_rows = 0,
	.now_expr = "CURRENT_TIMESTAMP(6)",
	.true_literal = "TRUE",
	.false_literal = "FALSE",
};

static const dba_dialect *my_dialect(void)
{
	return &my_dialect_v;
}

static const dba_driver_ops my_ops = {
	.connect = my_connect,
	.disconnect = my_disconnect,
	.escape_ident = my_escape_ident,
	.render_literal = my_render_literal,
	.exec = my_exec,
	.tx = my_tx,
	.describe_table = my_describe_table,
	.table_free = my_table_free,
	.list_tables = my_list_tables,
	.strv_free = my_strv_free,
	.bulk_load = my_bulk_load,
	.prepare = my_prepare,
	.execute = my_execute,
	.stmt_free = my_stmt_free,
	.dialect = my_dialect,
	.reusable = my_reusable,
};

static const char *const my_schemes[] = { "mysql", "mariadb", NULL };

static const dba_plugin my_plugin = {
	.magic = DBA_MAGIC,
	.abi_major = DBA_ABI_MAJOR,
	.abi_minor = DBA_ABI_MINOR,
	.size = sizeof(dba_plugin),
	.kind = DBA_KIND_DRIVER,
	.name = "mysql",
	.version = DBA_VERSION,
	.description = "MySQL and MariaDB (libmariadb; LOAD DATA LOCAL INFILE from memory)",
	.schemes = my_schemes,
	.package = "dbarena-plugin-mysql",
	.caps = DBA_CAP_BULK_LOAD | DBA_CAP_PREPARE | DBA_CAP_TRANSACTIONS | DBA_CAP_HOST_WAIT,
	.init = my_init,
	.driver = &my_ops,
	.driver_ops_size = sizeof(dba_driver_ops),
};

DBA_PLUGIN_ENTRY
{
	return &my_plugin;
}
