/*
 * SQL Server driver (plugins/mssql): everything that needs no server.
 * URL options onto login parameters, bracketed identifiers, T-SQL literals,
 * the dialect and descriptor, error classes, bulk copy row encoding, and
 * the sp_executesql declaration.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms.h"

const struct dba_plugin *dba_plugin_entry(void);

/* ---- helpers ---- */

static dba_conninfo conninfo(const char *host, int port, const dba_param *params, uint32_t n)
{
	dba_conninfo ci;

	memset(&ci, 0, sizeof(ci));
	ci.size = sizeof(ci);
	ci.scheme = "sqlserver";
	ci.user = "sa";
	ci.password = "S3cret!pw";
	ci.host = host;
	ci.port = port;
	ci.database = "testdb";
	ci.params = params;
	ci.nparams = n;
	return ci;
}

static const char *lit(const dba_value *v, int32_t family)
{
	static char buf[512];
	size_t n = ms_render_literal(NULL, v, family, buf, sizeof(buf));

	cr_assert_eq(n, strlen(buf), "literal length must match the text: %s", buf);
	return buf;
}

static dba_value v_int(int64_t i) { return (dba_value){ .type = DBA_T_INT64, .u.i64 = i }; }
static dba_value v_dbl(double d) { return (dba_value){ .type = DBA_T_DOUBLE, .u.f64 = d }; }
static dba_value v_bool(int b) { return (dba_value){ .type = DBA_T_BOOL, .u.b = b }; }
static dba_value v_ts(int64_t us) { return (dba_value){ .type = DBA_T_TIMESTAMP, .u.i64 = us }; }
static dba_value v_date(int64_t d) { return (dba_value){ .type = DBA_T_DATE, .u.i64 = d }; }
static dba_value v_str(int32_t type, const char *s)
{
	return (dba_value){ .type = type, .len = (uint32_t)strlen(s), .u.str = s };
}

#define TS_2024 1704164645123456LL /* 2024-01-02 03:04:05.123456 UTC */

/* ---- URL / conninfo -> login ---- */

Test(mssql_url, defaults_port_1433_and_localhost)
{
	dba_conninfo ci = conninfo(NULL, 0, NULL, 0);
	ms_login l;
	dba_error e;

	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), 0);
	cr_assert_str_eq(l.server, "localhost:1433");
	cr_assert_str_eq(l.user, "sa");
	cr_assert_str_eq(l.password, "S3cret!pw");
	cr_assert_str_eq(l.database, "testdb");
	cr_assert_eq(l.login_timeout_s, MS_DEFAULT_LOGIN_TIMEOUT);
	cr_assert_eq(l.encrypt, MS_ENCRYPT_DEFAULT);
	cr_assert_eq(l.trust_server_certificate, -1);
}

Test(mssql_url, host_port_and_timeout_from_the_url)
{
	dba_conninfo ci = conninfo("db.example.com", 14330, NULL, 0);
	ms_login l;
	dba_error e;

	ci.connect_timeout_s = 7;
	ci.database = "";
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), 0);
	cr_assert_str_eq(l.server, "db.example.com:14330");
	cr_assert_eq(l.login_timeout_s, 7);
	cr_assert_null(l.database, "an empty database means the login's default");
}

Test(mssql_url, old_conninfo_without_timeout_field_keeps_the_default)
{
	dba_conninfo ci = conninfo("h", 0, NULL, 0);
	ms_login l;
	dba_error e;

	ci.size = (uint32_t)offsetof(dba_conninfo, connect_timeout_s);
	ci.connect_timeout_s = 99;
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), 0);
	cr_assert_eq(l.login_timeout_s, MS_DEFAULT_LOGIN_TIMEOUT);
}

Test(mssql_url, encrypt_and_trust_options_in_both_spellings)
{
	const dba_param p[] = { { "encrypt", "true" }, { "TrustServerCertificate", "yes" },
				{ "login_timeout", "3" } };
	dba_conninfo ci = conninfo("127.0.0.1", 1433, p, 3);
	ms_login l;
	dba_error e;

	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), 0);
	cr_assert_eq(l.encrypt, MS_ENCRYPT_REQUIRE);
	cr_assert_eq(l.trust_server_certificate, 1);
	cr_assert_eq(l.login_timeout_s, 3);

	const dba_param q[] = { { "encrypt", "false" }, { "trust_server_certificate", "true" },
				{ "connect_timeout", "30" } };
	ci = conninfo("127.0.0.1", 1433, q, 3);
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), 0);
	cr_assert_eq(l.encrypt, MS_ENCRYPT_OFF);
	cr_assert_eq(l.login_timeout_s, 30);

	const dba_param m[] = { { "encrypt", "mandatory" } };
	ci = conninfo("127.0.0.1", 1433, m, 1);
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), 0);
	cr_assert_eq(l.encrypt, MS_ENCRYPT_REQUIRE);
}

Test(mssql_url, unknown_option_is_a_usage_error_naming_it)
{
	const dba_param p[] = { { "sslmode", "require" } };
	dba_conninfo ci = conninfo("h", 0, p, 1);
	ms_login l;
	dba_error e;

	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), -1);
	cr_assert_eq(e.err_class, DBA_ERR_USAGE);
	cr_assert_str_eq(e.message, "unknown URL option \"sslmode\" for SQL Server");
	cr_assert(strstr(e.hint, "encrypt") && strstr(e.hint, "trust_server_certificate"));
	cr_assert_null(strstr(e.message, "S3cret"), "no password in errors");
}

Test(mssql_url, bad_values_are_usage_errors)
{
	const dba_param p[] = { { "encrypt", "maybe" } };
	const dba_param q[] = { { "connect_timeout", "soon" } };
	dba_conninfo ci = conninfo("h", 0, p, 1);
	ms_login l;
	dba_error e;

	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), -1);
	cr_assert_eq(e.err_class, DBA_ERR_USAGE);
	cr_assert_str_eq(e.message, "invalid value \"maybe\" for URL option \"encrypt\"");
	ci = conninfo("h", 0, q, 1);
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), -1);
	cr_assert_eq(e.err_class, DBA_ERR_USAGE);
}

Test(mssql_url, what_db_lib_cannot_do_is_unsupported_not_ignored)
{
	const dba_param strict[] = { { "encrypt", "strict" } };
	const dba_param verify[] = { { "trust_server_certificate", "false" } };
	dba_conninfo ci = conninfo("h", 0, strict, 1);
	ms_login l;
	dba_error e;

	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), -1);
	cr_assert_eq(e.err_class, DBA_ERR_UNSUPPORTED);
	ci = conninfo("h", 0, verify, 1);
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), -1);
	cr_assert_eq(e.err_class, DBA_ERR_UNSUPPORTED);
	cr_assert(strstr(e.hint, "ca file"));
	ci = conninfo("::1", 0, NULL, 0);
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), -1);
	cr_assert_eq(e.err_class, DBA_ERR_UNSUPPORTED);
}

/* ---- identifiers ---- */

Test(mssql_ident, brackets_and_doubled_closing_bracket)
{
	char b[64];

	cr_assert_eq(ms_escape_ident("users", b, sizeof(b)), 7);
	cr_assert_str_eq(b, "[users]");
	ms_escape_ident("Order Items", b, sizeof(b));
	cr_assert_str_eq(b, "[Order Items]");
	ms_escape_ident("a]b", b, sizeof(b));
	cr_assert_str_eq(b, "[a]]b]");
	ms_escape_ident("[x]", b, sizeof(b));
	cr_assert_str_eq(b, "[[x]]]");
	ms_escape_ident("", b, sizeof(b));
	cr_assert_str_eq(b, "[]");
	ms_escape_ident("naïve", b, sizeof(b));
	cr_assert_str_eq(b, "[naïve]");
}

Test(mssql_ident, snprintf_semantics_when_truncated)
{
	char b[5];

	cr_assert_eq(ms_escape_ident("abc]def", b, sizeof(b)), 10);
	cr_assert_str_eq(b, "[abc");
	cr_assert_eq(ms_escape_ident("abc]def", NULL, 0), 10);
}

Test(mssql_ident, schema_qualified_names)
{
	char b[64];

	cr_assert_eq(ms_qualified_name("sales", "users", b, sizeof(b)), 15);
	cr_assert_str_eq(b, "[sales].[users]");
	ms_qualified_name(NULL, "users", b, sizeof(b));
	cr_assert_str_eq(b, "[users]");
	ms_qualified_name("", "a]b", b, sizeof(b));
	cr_assert_str_eq(b, "[a]]b]");
	cr_assert_eq(ms_qualified_name("s]", "t", NULL, 0), strlen("[s]]].[t]"));
}

/* ---- literals ---- */

Test(mssql_literal, numbers_bits_and_null)
{
	dba_value n = { .type = DBA_T_NULL };

	cr_assert_str_eq(lit(&n, DBA_FAM_INT), "NULL");
	dba_value i = v_int(-9223372036854775807LL - 1);
	cr_assert_str_eq(lit(&i, DBA_FAM_INT), "-9223372036854775808");
	dba_value one = v_int(5);
	cr_assert_str_eq(lit(&one, DBA_FAM_BOOL), "1", "an integer into a bit column is 0 or 1");
	dba_value t = v_bool(1), f = v_bool(0);
	cr_assert_str_eq(lit(&t, DBA_FAM_BOOL), "1");
	cr_assert_str_eq(lit(&f, DBA_FAM_BOOL), "0");
	dba_value d = v_dbl(0.1);
	cr_assert_str_eq(lit(&d, DBA_FAM_FLOAT), "0.10000000000000001");
	dba_value nan = v_dbl(NAN);
	cr_assert_str_eq(lit(&nan, DBA_FAM_FLOAT), "CAST(NULL AS float)");
	dba_value dec = v_str(DBA_T_DECIMAL, "-123.45");
	cr_assert_str_eq(lit(&dec, DBA_FAM_DECIMAL), "-123.45");
}

Test(mssql_literal, a_decimal_that_is_not_a_number_stays_a_string)
{
	dba_value bad = v_str(DBA_T_DECIMAL, "1; DROP TABLE users");

	cr_assert_str_eq(lit(&bad, DBA_FAM_DECIMAL), "N'1; DROP TABLE users'");
}

Test(mssql_literal, unicode_strings_with_quotes)
{
	dba_value s = v_str(DBA_T_TEXT, "O'Brien");
	cr_assert_str_eq(lit(&s, DBA_FAM_TEXT), "N'O''Brien'");
	dba_value u = v_str(DBA_T_TEXT, "Zoë 日本 ''");
	cr_assert_str_eq(lit(&u, DBA_FAM_TEXT), "N'Zoë 日本 '''''");
	dba_value e = v_str(DBA_T_TEXT, "");
	cr_assert_str_eq(lit(&e, DBA_FAM_TEXT), "N''");
	/* Not NUL-terminated, and a NUL inside: length counts, the NUL is dropped. */
	dba_value part = { .type = DBA_T_TEXT, .len = 4, .u.str = "ab\0cdef" };
	cr_assert_str_eq(lit(&part, DBA_FAM_TEXT), "N'abc'");
}

Test(mssql_literal, datetime2_and_date)
{
	dba_value ts = v_ts(TS_2024);
	cr_assert_str_eq(lit(&ts, DBA_FAM_TIMESTAMP), "CAST('2024-01-02T03:04:05.123456' AS datetime2(6))");
	cr_assert_str_eq(lit(&ts, DBA_FAM_DATE), "CAST('2024-01-02' AS date)");
	dba_value before = v_ts(-1);
	cr_assert_str_eq(lit(&before, DBA_FAM_TIMESTAMP),
			 "CAST('1969-12-31T23:59:59.999999' AS datetime2(6))");
	dba_value d = v_date(19724); /* 2024-01-02 */
	cr_assert_str_eq(lit(&d, DBA_FAM_DATE), "CAST('2024-01-02' AS date)");
	dba_value leap = v_date(11016); /* 2000-02-29 */
	cr_assert_str_eq(lit(&leap, DBA_FAM_DATE), "CAST('2000-02-29' AS date)");
	dba_value old = v_date(-719162); /* 0001-01-01, datetime2's first day */
	cr_assert_str_eq(lit(&old, DBA_FAM_DATE), "CAST('0001-01-01' AS date)");
}

Test(mssql_literal, uuids)
{
	dba_value u = v_str(DBA_T_UUID, "123e4567-e89b-42d3-a456-426614174000");
	cr_assert_str_eq(lit(&u, DBA_FAM_UUID), "'123e4567-e89b-42d3-a456-426614174000'");
	dba_value bad = v_str(DBA_T_UUID, "x'); DROP TABLE t; --xxxxxxxxxxxxxxxxxx");
	cr_assert_eq(strncmp(lit(&bad, DBA_FAM_UUID), "N'x''", 5), 0);
}

Test(mssql_literal, snprintf_semantics)
{
	dba_value s = v_str(DBA_T_TEXT, "it's long");
	char b[6];

	cr_assert_eq(ms_render_literal(NULL, &s, DBA_FAM_TEXT, b, sizeof(b)), strlen("N'it''s long'"));
	cr_assert_str_eq(b, "N'it'");
}

/* ---- dialect and descriptor ---- */

Test(mssql_dialect, facts_the_core_asks_for)
{
	const dba_dialect *d = ms_dialect();

	cr_assert_eq(d->size, sizeof(dba_dialect));
	cr_assert_eq(d->placeholder, DBA_PH_AT);
	cr_assert_eq(d->limit_style, DBA_LIMIT_TOP);
	cr_assert_eq(d->max_insert_rows, 1000);
	cr_assert_str_eq(d->now_expr, "SYSUTCDATETIME()");
	cr_assert_str_eq(d->true_literal, "1");
	cr_assert_str_eq(d->false_literal, "0");
}

Test(mssql_dialect, descriptor_names_caps_and_schemes)
{
	const dba_plugin *p = dba_plugin_entry();

	cr_assert_eq(p->magic, DBA_MAGIC);
	cr_assert_eq(p->kind, DBA_KIND_DRIVER);
	cr_assert_str_eq(p->name, "mssql");
	cr_assert_str_eq(p->package, "dbarena-plugin-mssql");
	cr_assert_str_eq(p->schemes[0], "sqlserver");
	cr_assert_str_eq(p->schemes[1], "mssql");
	cr_assert_null(p->schemes[2]);
	cr_assert_eq(p->caps, DBA_CAP_BULK_LOAD | DBA_CAP_PREPARE | DBA_CAP_TRANSACTIONS | DBA_CAP_SCHEMAS);
	cr_assert_eq(p->caps & DBA_CAP_RETURNING, 0, "OUTPUT INSERTED is not RETURNING");
	cr_assert(p->driver->connect && p->driver->bulk_load && p->driver->prepare &&
		  p->driver->execute && p->driver->tx && p->driver->describe_table &&
		  p->driver->list_tables && p->driver->render_literal);
	cr_assert_eq(p->driver->dialect(), ms_dialect());
}

/* ---- catalog type mapping ---- */

Test(mssql_describe, families_from_type_names)
{
	cr_assert_eq(ms_family_for_type("int"), DBA_FAM_INT);
	cr_assert_eq(ms_family_for_type("tinyint"), DBA_FAM_INT);
	cr_assert_eq(ms_family_for_type("money"), DBA_FAM_DECIMAL);
	cr_assert_eq(ms_family_for_type("numeric"), DBA_FAM_DECIMAL);
	cr_assert_eq(ms_family_for_type("real"), DBA_FAM_FLOAT);
	cr_assert_eq(ms_family_for_type("bit"), DBA_FAM_BOOL);
	cr_assert_eq(ms_family_for_type("nvarchar"), DBA_FAM_TEXT);
	cr_assert_eq(ms_family_for_type("ntext"), DBA_FAM_TEXT);
	cr_assert_eq(ms_family_for_type("datetimeoffset"), DBA_FAM_TIMESTAMP);
	cr_assert_eq(ms_family_for_type("smalldatetime"), DBA_FAM_TIMESTAMP);
	cr_assert_eq(ms_family_for_type("date"), DBA_FAM_DATE);
	cr_assert_eq(ms_family_for_type("time"), DBA_FAM_TIME);
	cr_assert_eq(ms_family_for_type("uniqueidentifier"), DBA_FAM_UUID);
	cr_assert_eq(ms_family_for_type("varbinary"), DBA_FAM_BINARY);
	cr_assert_eq(ms_family_for_type("timestamp"), DBA_FAM_OTHER, "rowversion is not a time");
	cr_assert_eq(ms_family_for_type("geography"), DBA_FAM_OTHER);
}

Test(mssql_describe, lengths_in_characters)
{
	cr_assert_eq(ms_column_length("nvarchar", 200), 100, "nvarchar max_length is bytes");
	cr_assert_eq(ms_column_length("nchar", 20), 10);
	cr_assert_eq(ms_column_length("varchar", 30), 30);
	cr_assert_eq(ms_column_length("nvarchar", -1), -1, "nvarchar(max)");
	cr_assert_eq(ms_column_length("ntext", 16), -1);
	cr_assert_eq(ms_column_length("varbinary", 16), 16);
	cr_assert_eq(ms_column_length("int", 4), -1);
}

/* ---- error classes ---- */

Test(mssql_errors, message_numbers)
{
	cr_assert_eq(ms_class_for_msg(1205, 13), DBA_ERR_DEADLOCK);
	cr_assert_eq(ms_class_for_msg(1222, 16), DBA_ERR_DEADLOCK, "lock timeout is retryable");
	cr_assert_eq(ms_class_for_msg(2627, 14), DBA_ERR_CONSTRAINT);
	cr_assert_eq(ms_class_for_msg(2601, 14), DBA_ERR_CONSTRAINT);
	cr_assert_eq(ms_class_for_msg(547, 16), DBA_ERR_CONSTRAINT);
	cr_assert_eq(ms_class_for_msg(515, 16), DBA_ERR_CONSTRAINT);
	cr_assert_eq(ms_class_for_msg(102, 15), DBA_ERR_SYNTAX);
	cr_assert_eq(ms_class_for_msg(156, 15), DBA_ERR_SYNTAX);
	cr_assert_eq(ms_class_for_msg(207, 16), DBA_ERR_SYNTAX);
	cr_assert_eq(ms_class_for_msg(208, 16), DBA_ERR_SYNTAX);
	cr_assert_eq(ms_class_for_msg(18456, 14), DBA_ERR_CONNECTION);
	cr_assert_eq(ms_class_for_msg(229, 14), DBA_ERR_PERMISSION);
	cr_assert_eq(ms_class_for_msg(50000, 16), DBA_ERR_SYNTAX, "any other server error");
	cr_assert_eq(ms_class_for_msg(50000, 20), DBA_ERR_CONNECTION, "severity 20+ ends the session");
	cr_assert_eq(ms_class_for_msg(2627, 21), DBA_ERR_CONSTRAINT, "known numbers first");
	cr_assert_str_eq(ms_sqlstate_for_msg(1205), "40001");
	cr_assert_str_eq(ms_sqlstate_for_msg(2627), "23000");
	cr_assert_str_eq(ms_sqlstate_for_msg(208), "42S02");
	cr_assert_str_eq(ms_sqlstate_for_msg(4242), "");
}

Test(mssql_errors, db_lib_errors)
{
	cr_assert_eq(ms_class_for_dberr(SYBETIME), DBA_ERR_TIMEOUT);
	cr_assert_eq(ms_class_for_dberr(20003), DBA_ERR_TIMEOUT);
	cr_assert_eq(ms_class_for_dberr(20009), DBA_ERR_CONNECTION);
	cr_assert_eq(ms_class_for_dberr(20002), DBA_ERR_CONNECTION);
	cr_assert_eq(ms_class_for_dberr(SYBESEOF), DBA_ERR_CONNECTION);
	cr_assert_eq(ms_class_for_dberr(SYBEDDNE), DBA_ERR_CONNECTION);
	cr_assert_eq(ms_class_for_dberr(SYBEREAD), DBA_ERR_CONNECTION);
	cr_assert_eq(ms_class_for_dberr(SYBEUHST), DBA_ERR_CONNECTION);
}

Test(mssql_errors, the_first_real_error_is_kept)
{
	ms_errstate es;
	dba_error e;

	ms_errstate_clear(&es);
	ms_errstate_msg(&es, 5701, 2, 0, "Changed database context to 'testdb'.");
	cr_assert_eq(es.msgno, 0, "information is not an error");
	ms_errstate_msg(&es, 2627, 1, 14, "Violation of PRIMARY KEY constraint 'PK_users'.\nCannot insert duplicate key.");
	ms_errstate_msg(&es, 3621, 0, 0, "The statement has been terminated.");
	ms_errstate_msg(&es, 50000, 1, 16, "later");
	ms_errstate_dberr(&es, SYBESMSG, 10, "General SQL Server error: Check messages from the SQL Server", NULL);
	ms_error_from_state(&es, "query", DBA_ERR_SYNTAX, &e);
	cr_assert_eq(e.err_class, DBA_ERR_CONSTRAINT);
	cr_assert_eq(e.native_code, 2627);
	cr_assert_str_eq(e.sqlstate, "23000");
	cr_assert_str_eq(e.message, "Violation of PRIMARY KEY constraint 'PK_users'. Cannot insert duplicate key.");
	cr_assert_str_eq(e.detail, "SQL Server message 2627, severity 14, state 1, during query");
}

Test(mssql_errors, a_deadlock_or_a_lost_link_wins)
{
	ms_errstate es;
	dba_error e;

	ms_errstate_clear(&es);
	ms_errstate_msg(&es, 50000, 1, 16, "first");
	ms_errstate_msg(&es, 1205, 45, 13, "Transaction was deadlocked");
	ms_error_from_state(&es, NULL, DBA_ERR_SYNTAX, &e);
	cr_assert_eq(e.err_class, DBA_ERR_DEADLOCK);
	cr_assert_eq(e.native_code, 1205);

	ms_errstate_clear(&es);
	ms_errstate_msg(&es, 547, 0, 16, "The INSERT statement conflicted with the FOREIGN KEY constraint");
	ms_errstate_dberr(&es, SYBESEOF, 6, "Unexpected EOF from the server", "Connection reset by peer");
	ms_error_from_state(&es, NULL, DBA_ERR_SYNTAX, &e);
	cr_assert_eq(e.err_class, DBA_ERR_CONNECTION);
}

Test(mssql_errors, db_lib_only_errors_carry_the_os_text)
{
	ms_errstate es;
	dba_error e;

	ms_errstate_clear(&es);
	ms_errstate_dberr(&es, SYBECONN, 9, "Unable to connect: Adaptive Server is unavailable or does not exist", "Connection refused");
	ms_errstate_dberr(&es, SYBEFCON, 9, "Adaptive Server connection failed", NULL);
	ms_error_from_state(&es, "login", DBA_ERR_SYNTAX, &e);
	cr_assert_eq(e.err_class, DBA_ERR_CONNECTION);
	cr_assert_eq(e.native_code, SYBECONN);
	cr_assert(strstr(e.message, "Unable to connect"));
	cr_assert_str_eq(e.detail, "db-lib error 20009: Connection refused");

	ms_errstate_clear(&es);
	ms_error_from_state(&es, "bcp_done", DBA_ERR_SYNTAX, &e);
	cr_assert_eq(e.err_class, DBA_ERR_SYNTAX);
	cr_assert_str_eq(e.message, "bcp_done failed");
}

/* ---- bulk copy row encoding ---- */

Test(mssql_bcp, bind_types_from_families)
{
	cr_assert_eq(ms_bcp_bind_type(DBA_FAM_INT), SYBINT8);
	cr_assert_eq(ms_bcp_bind_type(DBA_FAM_FLOAT), SYBFLT8);
	cr_assert_eq(ms_bcp_bind_type(DBA_FAM_BOOL), SYBBIT);
	cr_assert_eq(ms_bcp_bind_type(DBA_FAM_TEXT), SYBVARCHAR);
	cr_assert_eq(ms_bcp_bind_type(DBA_FAM_DECIMAL), SYBVARCHAR, "db-lib converts to the column's scale");
	cr_assert_eq(ms_bcp_bind_type(DBA_FAM_TIMESTAMP), SYBVARCHAR);
	cr_assert_eq(ms_bcp_bind_type(DBA_FAM_UUID), SYBVARCHAR);
}

Test(mssql_bcp, native_values_in_fixed_bindings)
{
	ms_bcp_col col = { .bind_type = SYBINT8 };
	dba_error e;
	dba_value i = v_int(1234567890123LL);

	cr_assert_eq(ms_bcp_encode(&col, &i, &e), 0);
	cr_assert_eq(col.len, -1, "fixed size: bcp_collen(-1)");
	cr_assert_eq(col.ptr, (const BYTE *)&col.fixed.i64);
	cr_assert_eq(*(const DBBIGINT *)col.ptr, 1234567890123LL);

	ms_bcp_col f = { .bind_type = SYBFLT8 };
	dba_value d = v_dbl(2.5);
	cr_assert_eq(ms_bcp_encode(&f, &d, &e), 0);
	cr_assert_eq(*(const DBFLT8 *)f.ptr, 2.5);

	ms_bcp_col b = { .bind_type = SYBBIT };
	dba_value t = v_bool(1);
	cr_assert_eq(ms_bcp_encode(&b, &t, &e), 0);
	cr_assert_eq(*(const DBBIT *)b.ptr, 1);
}

Test(mssql_bcp, null_is_length_zero)
{
	dba_value n = { .type = DBA_T_NULL };
	dba_error e;

	for (int t = 0; t < 4; t++) {
		int types[] = { SYBINT8, SYBFLT8, SYBBIT, SYBVARCHAR };
		ms_bcp_col col = { .bind_type = types[t] };
		cr_assert_eq(ms_bcp_encode(&col, &n, &e), 0);
		cr_assert_eq(col.len, 0, "bcp_collen(0) sends NULL");
		cr_assert_eq(col.empty_text, 0);
	}
}

Test(mssql_bcp, text_bindings)
{
	ms_bcp_col col = { .bind_type = SYBVARCHAR };
	dba_error e;
	dba_value s = v_str(DBA_T_TEXT, "Zoë 日本");

	cr_assert_eq(ms_bcp_encode(&col, &s, &e), 0);
	cr_assert_eq(col.ptr, (const BYTE *)s.u.str, "text is sent from the caller's buffer");
	cr_assert_eq(col.len, (DBINT)strlen("Zoë 日本"), "length in UTF-8 bytes");

	dba_value ts = v_ts(TS_2024);
	cr_assert_eq(ms_bcp_encode(&col, &ts, &e), 0);
	cr_assert_eq(col.len, 26);
	cr_assert_eq(memcmp(col.ptr, "2024-01-02 03:04:05.123456", 26), 0);

	dba_value d = v_date(19724);
	cr_assert_eq(ms_bcp_encode(&col, &d, &e), 0);
	cr_assert_eq(memcmp(col.ptr, "2024-01-02", 10), 0);
	cr_assert_eq(col.len, 10);

	dba_value dec = v_str(DBA_T_DECIMAL, "19.99");
	cr_assert_eq(ms_bcp_encode(&col, &dec, &e), 0);
	cr_assert_eq(col.len, 5);

	dba_value i = v_int(-42);
	cr_assert_eq(ms_bcp_encode(&col, &i, &e), 0);
	cr_assert_eq(col.len, 3);
	cr_assert_eq(memcmp(col.ptr, "-42", 3), 0);
}

Test(mssql_bcp, an_empty_string_is_flagged_not_sent_as_null)
{
	ms_bcp_col col = { .bind_type = SYBVARCHAR };
	dba_error e;
	dba_value s = v_str(DBA_T_TEXT, "");

	cr_assert_eq(ms_bcp_encode(&col, &s, &e), 0);
	cr_assert_eq(col.empty_text, 1);
	dba_value x = v_str(DBA_T_TEXT, "x");
	cr_assert_eq(ms_bcp_encode(&col, &x, &e), 0);
	cr_assert_eq(col.empty_text, 0, "the flag is per row");
}

Test(mssql_bcp, values_that_do_not_fit_the_binding)
{
	ms_bcp_col col = { .bind_type = SYBINT8 };
	dba_error e;
	dba_value s = v_str(DBA_T_TEXT, "12");

	cr_assert_eq(ms_bcp_encode(&col, &s, &e), -1);
	cr_assert_eq(e.err_class, DBA_ERR_USAGE);
	cr_assert_str_eq(e.message, "a text value cannot be bulk copied into a integer column");
	ms_bcp_col f = { .bind_type = SYBFLT8 };
	dba_value inf = v_dbl(INFINITY);
	cr_assert_eq(ms_bcp_encode(&f, &inf, &e), -1);
}

/* ---- sp_executesql declarations ---- */

Test(mssql_rpc, declaration_from_values)
{
	dba_value p[] = { v_int(1), v_str(DBA_T_TEXT, "x"), v_dbl(1.5), v_bool(0),
			  v_ts(TS_2024), v_date(1), v_str(DBA_T_UUID, "123e4567-e89b-42d3-a456-426614174000"),
			  v_str(DBA_T_DECIMAL, "-12.345") };
	char b[400];
	size_t n = ms_param_decl(p, NULL, 8, b, sizeof(b));

	cr_assert_str_eq(b, "@p1 bigint, @p2 nvarchar(max), @p3 float, @p4 bit, @p5 datetime2(7), "
			    "@p6 date, @p7 uniqueidentifier, @p8 decimal(38,3)");
	cr_assert_eq(n, strlen(b));
}

Test(mssql_rpc, nulls_take_the_family_and_empty_strings_are_left_out)
{
	dba_value p[] = { { .type = DBA_T_NULL }, v_str(DBA_T_TEXT, ""), { .type = DBA_T_NULL } };
	int32_t fam[] = { DBA_FAM_TIMESTAMP, DBA_FAM_TEXT, DBA_FAM_INT };
	char b[200];

	ms_param_decl(p, fam, 3, b, sizeof(b));
	cr_assert_str_eq(b, "@p1 datetime2(7), @p3 bigint");
}

Test(mssql_rpc, decimal_scale_leaves_room_for_the_integer_digits)
{
	char tb[32];
	dba_value big = v_str(DBA_T_DECIMAL, "12345678901234567890123456789012345.1234");

	cr_assert_str_eq(ms_param_sqltype(&big, DBA_FAM_DECIMAL, tb, sizeof(tb)), "decimal(38,3)");
	dba_value whole = v_str(DBA_T_DECIMAL, "42");
	cr_assert_str_eq(ms_param_sqltype(&whole, DBA_FAM_DECIMAL, tb, sizeof(tb)), "decimal(38,0)");
}

Test(mssql_rpc, placeholder_sql_survives_prepare)
{
	dba_stmt *s = NULL;
	dba_error e;
	int32_t fam[] = { DBA_FAM_INT, DBA_FAM_TEXT };
	dba_value p[] = { v_int(7), v_str(DBA_T_TEXT, "a") };
	char b[100];

	cr_assert_eq(ms_prepare(NULL, "SELECT TOP (10) * FROM [orders] WHERE [user_id] = @p1 AND [status] = @p2",
				2, fam, &s, &e), 0);
	cr_assert_not_null(s);
	cr_assert_eq(ms_execute(NULL, s, p, 1, NULL, NULL, NULL, &e), -1, "wrong count fails before any I/O");
	cr_assert_eq(e.err_class, DBA_ERR_USAGE);
	ms_param_decl(p, fam, 2, b, sizeof(b));
	cr_assert_str_eq(b, "@p1 bigint, @p2 nvarchar(max)");
	ms_stmt_free(NULL, s);
}

/* ---- explicit identity values in INSERT statements ---- */

Test(mssql_identity, insert_target_and_column_list)
{
	char t[128];
	const char *cols;
	size_t n;

	cr_assert_eq(ms_parse_insert("INSERT INTO [dbo].[users] ([id], [email]) VALUES (1, N'a')",
				     t, sizeof(t), &cols, &n), 1);
	cr_assert_str_eq(t, "[dbo].[users]");
	cr_assert_eq(n, strlen("[id], [email]"));
	cr_assert_eq(strncmp(cols, "[id], [email]", n), 0);

	cr_assert_eq(ms_parse_insert("  insert [Order]]Items] ([a)b], c) SELECT 1, 2", t, sizeof(t), &cols, &n), 1);
	cr_assert_str_eq(t, "[Order]]Items]");
	cr_assert_eq(strncmp(cols, "[a)b], c", n), 0, "a ')' inside brackets does not end the list");

	cr_assert_eq(ms_parse_insert("INSERT INTO users VALUES (1)", t, sizeof(t), &cols, &n), 0,
		     "no column list: nothing explicit to detect");
	cr_assert_eq(ms_parse_insert("SELECT 1", t, sizeof(t), &cols, &n), 0);
	cr_assert_eq(ms_parse_insert("INSERTED", t, sizeof(t), &cols, &n), 0);
}

Test(mssql_identity, column_list_membership)
{
	const char *l = "[order_id], [line], id, [Odd]]Name]";

	cr_assert(ms_collist_has(l, strlen(l), "[line]"));
	cr_assert(ms_collist_has(l, strlen(l), "[ID]"), "plain names, any case");
	cr_assert(ms_collist_has(l, strlen(l), "[Odd]]Name]"));
	cr_assert_not(ms_collist_has(l, strlen(l), "[order]"));
	cr_assert_not(ms_collist_has(l, 10, "[line]"), "only within the given length");
}

/* ---- result values to text (db-lib conversions, no server) ---- */

static char *vbuf;
static size_t vcap;

static const char *as_text(int type, const void *data, DBINT len)
{
	int n = ms_value_text(NULL, type, data, len, &vbuf, &vcap);

	cr_assert_geq(n, 0, "type %d converts", type);
	cr_assert_eq((size_t)n, strlen(vbuf));
	return vbuf;
}

/* A value of db-lib type `to` made from text, as the server would send it. */
static DBINT from_text(const char *s, int to, void *out, DBINT cap)
{
	DBINT n = dbconvert(NULL, SYBCHAR, (const BYTE *)s, (DBINT)strlen(s), to, out, cap);

	cr_assert_gt(n, 0, "dbconvert %s to type %d", s, to);
	return n;
}

static void init_dblib(void)
{
	dbinit();
}

TestSuite(mssql_values, .init = init_dblib);

Test(mssql_values, numbers_bits_and_strings)
{
	DBBIGINT big = -9223372036854775807LL;
	DBINT i4 = 2147483647;
	DBSMALLINT i2 = -32768;
	DBTINYINT i1 = 255;
	DBFLT8 f = 0.1;
	DBREAL r = 1.5f;
	DBBIT bit = 1;

	cr_assert_str_eq(as_text(SYBINT8, &big, 8), "-9223372036854775807");
	cr_assert_str_eq(as_text(SYBINT4, &i4, 4), "2147483647");
	cr_assert_str_eq(as_text(SYBINT2, &i2, 2), "-32768");
	cr_assert_str_eq(as_text(SYBINT1, &i1, 1), "255");
	cr_assert_str_eq(as_text(SYBFLT8, &f, 8), "0.10000000000000001");
	cr_assert_str_eq(as_text(SYBREAL, &r, 4), "1.5");
	cr_assert_str_eq(as_text(SYBBIT, &bit, 1), "1");
	cr_assert_str_eq(as_text(SYBCHAR, "Zoë 日本xyz", (DBINT)strlen("Zoë 日本")), "Zoë 日本");
	cr_assert_str_eq(as_text(SYBCHAR, "", 0), "", "an empty string stays empty");
}

Test(mssql_values, decimals_money_and_uuids)
{
	DBNUMERIC num;
	DBMONEY money;
	BYTE guid[16];

	DBTYPEINFO ti = { .precision = 10, .scale = 2 };
	/* numeric(10,2); dbconvert() itself needs a DBPROCESS for numerics */
	DBINT n = dbconvert_ps(NULL, SYBCHAR, (const BYTE *)"-12345.67", 9, SYBNUMERIC, (BYTE *)&num,
			       sizeof(num), &ti);
	cr_assert_gt(n, 0);
	cr_assert_str_eq(as_text(SYBNUMERIC, &num, n), "-12345.67");
	n = from_text("19.99", SYBMONEY, &money, sizeof(money));
	cr_assert_eq(strncmp(as_text(SYBMONEY, &money, n), "19.99", 5), 0);
	n = from_text("123E4567-E89B-42D3-A456-426614174000", 36, guid, sizeof(guid));
	cr_assert_str_eq(as_text(36, guid, n), "123e4567-e89b-42d3-a456-426614174000");
}

Test(mssql_values, dates_in_iso_form)
{
	DBDATETIME dt;
	DBDATETIMEALL dt2;

	DBINT n = from_text("2024-01-02 03:04:05.123", SYBDATETIME, &dt, sizeof(dt));
	cr_assert_str_eq(as_text(SYBDATETIME, &dt, n), "2024-01-02 03:04:05.123000");
	memset(&dt2, 0, sizeof(dt2));
	n = from_text("2024-01-02 03:04:05.123456", SYBMSDATETIME2, &dt2, sizeof(dt2));
	cr_assert_str_eq(as_text(SYBMSDATETIME2, &dt2, n), "2024-01-02 03:04:05.123456",
			 "bulk copy sends timestamps in this text form; db-lib must read it back exactly");
	memset(&dt2, 0, sizeof(dt2));
	n = from_text("2024-02-29", SYBMSDATE, &dt2, sizeof(dt2));
	cr_assert_str_eq(as_text(SYBMSDATE, &dt2, n), "2024-02-29");
}

/*
 * Bulk copy hands text bindings to FreeTDS, which converts them to the
 * column's type on the client with the same conversions as dbconvert().
 * Each text form ms_bcp_encode() produces must convert to its column types.
 */
static const char *through(const ms_bcp_col *col, int to)
{
	BYTE tmp[64];
	DBINT n;

	memset(tmp, 0, sizeof(tmp));
	if (to == SYBNUMERIC) {
		DBTYPEINFO ti = { .precision = 12, .scale = 4 };
		n = dbconvert_ps(NULL, SYBVARCHAR, col->ptr, col->len, to, tmp, sizeof(tmp), &ti);
	} else {
		n = dbconvert(NULL, SYBVARCHAR, col->ptr, col->len, to, tmp, sizeof(tmp));
	}
	cr_assert_gt(n, 0, "text \"%.*s\" converts to type %d", (int)col->len, col->ptr, to);
	return as_text(to, tmp, n);
}

Test(mssql_values, bcp_text_bindings_convert_to_column_types)
{
	ms_bcp_col col = { .bind_type = SYBVARCHAR };
	dba_error e;

	dba_value ts = v_ts(TS_2024);
	cr_assert_eq(ms_bcp_encode(&col, &ts, &e), 0);
	cr_assert_str_eq(through(&col, SYBMSDATETIME2), "2024-01-02 03:04:05.123456");
	cr_assert_str_eq(through(&col, SYBDATETIME), "2024-01-02 03:04:05.123000", "datetime rounds to 1/300 s");
	cr_assert_str_eq(through(&col, SYBMSDATE), "2024-01-02");

	dba_value d = v_date(-25567); /* 1900-01-01 */
	cr_assert_eq(ms_bcp_encode(&col, &d, &e), 0);
	cr_assert_str_eq(through(&col, SYBMSDATE), "1900-01-01");

	dba_value u = v_str(DBA_T_UUID, "123e4567-e89b-42d3-a456-426614174000");
	cr_assert_eq(ms_bcp_encode(&col, &u, &e), 0);
	cr_assert_str_eq(through(&col, 36), "123e4567-e89b-42d3-a456-426614174000");

	dba_value m = v_str(DBA_T_DECIMAL, "-12.3456");
	cr_assert_eq(ms_bcp_encode(&col, &m, &e), 0);
	cr_assert_str_eq(through(&col, SYBNUMERIC), "-12.3456");

	dba_value i = v_int(42);
	cr_assert_eq(ms_bcp_encode(&col, &i, &e), 0);
	cr_assert_str_eq(through(&col, SYBINT4), "42");
}

Test(mssql_bcp, utf8_to_utf16le_for_unicode_columns)
{
	unsigned char b[32];
	const char *s = "Zo\xc3\xab \xe6\x97\xa5 \xf0\x9f\x98\x80"; /* Zoë 日 😀 */
	size_t n = ms_utf8_to_utf16le(s, strlen(s), b, sizeof(b));
	const unsigned char want[] = { 'Z', 0, 'o', 0, 0xeb, 0, ' ', 0, 0xe5, 0x65, ' ', 0,
				       0x3d, 0xd8, 0x00, 0xde };

	cr_assert_eq(n, sizeof(want));
	cr_assert_eq(memcmp(b, want, sizeof(want)), 0);
	cr_assert_eq(ms_utf8_to_utf16le("\xff" "a", 2, b, sizeof(b)), 4, "an invalid byte is one U+FFFD");
	cr_assert_eq(b[0], 0xfd);
	cr_assert_eq(b[1], 0xff);
	cr_assert_eq(ms_utf8_to_utf16le("abc", 3, NULL, 0), 6, "size query");
}

Test(mssql_bcp, wide_columns_get_utf16_bytes)
{
	ms_bcp_col col = { .bind_type = SYBVARCHAR, .wide = 1 };
	dba_error e;
	dba_value s = v_str(DBA_T_TEXT, "Zo\xc3\xab");
	dba_value i = v_int(42);

	cr_assert_eq(ms_bcp_encode(&col, &s, &e), 0);
	cr_assert_eq(col.len, 6);
	cr_assert_eq(memcmp(col.ptr, "Z\0o\0\xeb\0", 6), 0);
	cr_assert_eq(ms_bcp_encode(&col, &i, &e), 0);
	cr_assert_eq(col.len, 4);
	cr_assert_eq(memcmp(col.ptr, "4\0" "2\0", 4), 0);
	free(col.conv);
}

/*
 * encrypt=true reaches the login itself where db-lib can take it (FreeTDS
 * 1.5's DBSETENCRYPTION: TLS before the login packet, a plaintext server is
 * refused); this FreeTDS says whether it can, and the connect path then
 * falls back to the after-login check instead of pretending.
 */
Test(mssql_values, encrypt_true_requires_encryption_in_the_login)
{
	const dba_param req[] = { { "encrypt", "true" } }, off[] = { { "encrypt", "false" } };
	dba_conninfo ci = conninfo("127.0.0.1", 1433, req, 1);
	ms_login l;
	dba_error e;
	LOGINREC *login = dblogin();
	const char *v = dbversion(), *p = v ? strstr(v, "v") : NULL;
	int major = 0, minor = 0;

	cr_assert(login);
	/* the plugin's handlers: db-lib's own ends the process on an unknown login field */
	cr_assert_eq(ms_init(NULL, &e), 0);
	cr_assert(p && sscanf(p, "v%d.%d", &major, &minor) == 2, "db-lib version \"%s\"", v ? v : "");
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), 0);
	cr_assert_eq(ms_login_encryption(login, &l), major > 1 || (major == 1 && minor >= 5) ? 1 : -1,
		     "FreeTDS %d.%d: per-login encryption is set from 1.5 on and refused before", major, minor);
	ci = conninfo("127.0.0.1", 1433, off, 1);
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), 0);
	cr_assert_eq(ms_login_encryption(login, &l), 0, "encrypt=false asks for nothing");
	ci = conninfo("127.0.0.1", 1433, NULL, 0);
	cr_assert_eq(ms_login_from_conninfo(&ci, &l, &e), 0);
	cr_assert_eq(ms_login_encryption(login, &l), 0, "no encrypt option asks for nothing");
	dbloginfree(login);
}
