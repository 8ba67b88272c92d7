/*
 * drvtest: drives one driver plugin directly, for the integration suites.
 *
 *   drvtest [--plugin-dir DIR] URL describe [SCHEMA.]TABLE
 *   drvtest [--plugin-dir DIR] URL tables
 *   drvtest [--plugin-dir DIR] URL exec SQL
 *   drvtest [--plugin-dir DIR] URL prepare SQL [TYPE:VALUE]...
 *   drvtest [--plugin-dir DIR] URL bulk [SCHEMA.]TABLE NAME:TYPE...   (rows on stdin)
 *   drvtest [--plugin-dir DIR] URL genbulk [SCHEMA.]TABLE ROWS NAME:TYPE...
 *   drvtest [--plugin-dir DIR] URL literal TYPE:VALUE
 *
 * TYPE is one of null int decimal double bool text timestamp date uuid.
 * bulk reads one row per line, values separated by tabs, with COPY-style
 * escapes (\t \n \r \\) and \N for NULL; a value that does not parse makes the
 * row source fail, so the load is aborted and rolled back.  bulk and genbulk
 * run inside BEGIN ... COMMIT and print the row count (genbulk also the
 * rate, on stderr).  Rows go to stdout tab-separated with the same escapes
 * and \N for NULL, then "affected N"; a driver error goes to stderr as
 *   error: class=CLASS sqlstate=STATE code=N
 *   message: ...   (detail: / hint: when present)
 * Exit status: 0 ok, 1 driver error, 2 usage, 3 plugin not loadable.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "plugins.h"
#include "url.h"

static const dba_driver_ops *ops;
static dba_conn *conn;

static const char *family_name(int f)
{
	static const char *const names[] = { "other", "int", "decimal", "float", "bool",
					     "text", "timestamp", "date", "time", "uuid",
					     "json", "binary", "enum" };
	return f >= 0 && f < (int)(sizeof names / sizeof names[0]) ? names[f] : "?";
}

static int db_fail(const dba_error *de)
{
	fprintf(stderr, "error: class=%s sqlstate=%s code=%d\n", err_class_name(de->err_class),
		de->sqlstate[0] ? de->sqlstate : "-", (int)de->native_code);
	fprintf(stderr, "message: %s\n", de->message);
	if (de->detail[0])
		fprintf(stderr, "detail: %s\n", de->detail);
	if (de->hint[0])
		fprintf(stderr, "hint: %s\n", de->hint);
	return 1;
}

static int usage(const char *msg)
{
	fprintf(stderr, "drvtest: %s\n", msg);
	return 2;
}

/* Splits "schema.table" or "\"a.b\".\"c d\"" at the first unquoted dot. */
static void split_name(const char *s, char *schema, char *table, size_t cap, int *has_schema)
{
	char parts[2][512];
	int np = 0;
	size_t n = 0;
	int q = 0;
	parts[0][0] = parts[1][0] = 0;
	for (const char *p = s;; p++) {
		if (q) {
			if (*p == '"' && p[1] == '"') {
				if (n < sizeof parts[0] - 1)
					parts[np][n++] = '"';
				p++;
			} else if (*p == '"') {
				q = 0;
			} else if (*p) {
				if (n < sizeof parts[0] - 1)
					parts[np][n++] = *p;
			} else {
				break;
			}
			continue;
		}
		if (*p == '"') {
			q = 1;
		} else if (*p == '.' && np == 0) {
			parts[np][n] = 0;
			np = 1;
			n = 0;
		} else if (!*p) {
			break;
		} else if (n < sizeof parts[0] - 1) {
			parts[np][n++] = *p;
		}
	}
	parts[np][n] = 0;
	*has_schema = np == 1;
	snprintf(schema, cap, "%s", np == 1 ? parts[0] : "");
	snprintf(table, cap, "%s", np == 1 ? parts[1] : parts[0]);
}

/* ---- typed values ------------------------------------------------------ */

enum { T_BAD = -1 };

static int type_of(const char *t)
{
	static const struct {
		const char *name;
		int type, fam;
	} map[] = {
		{ "null", DBA_T_NULL, DBA_FAM_OTHER },	      { "int", DBA_T_INT64, DBA_FAM_INT },
		{ "decimal", DBA_T_DECIMAL, DBA_FAM_DECIMAL }, { "double", DBA_T_DOUBLE, DBA_FAM_FLOAT },
		{ "float", DBA_T_DOUBLE, DBA_FAM_FLOAT },      { "bool", DBA_T_BOOL, DBA_FAM_BOOL },
		{ "text", DBA_T_TEXT, DBA_FAM_TEXT },	      { "timestamp", DBA_T_TIMESTAMP, DBA_FAM_TIMESTAMP },
		{ "date", DBA_T_DATE, DBA_FAM_DATE },	      { "uuid", DBA_T_UUID, DBA_FAM_UUID },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i].name, t))
			return map[i].type;
	return T_BAD;
}

static int family_of_type(int t)
{
	static const int fam[] = { [DBA_T_NULL] = DBA_FAM_OTHER,	[DBA_T_INT64] = DBA_FAM_INT,
				   [DBA_T_DOUBLE] = DBA_FAM_FLOAT,	[DBA_T_DECIMAL] = DBA_FAM_DECIMAL,
				   [DBA_T_BOOL] = DBA_FAM_BOOL,		[DBA_T_TEXT] = DBA_FAM_TEXT,
				   [DBA_T_TIMESTAMP] = DBA_FAM_TIMESTAMP, [DBA_T_DATE] = DBA_FAM_DATE,
				   [DBA_T_UUID] = DBA_FAM_UUID };
	return t >= 0 && t <= DBA_T_UUID ? fam[t] : DBA_FAM_OTHER;
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Parses text s (NUL-terminated, owned by the caller) as a value of type t. */
static int parse_value(int t, char *s, size_t len, dba_value *v)
{
	char *end;
	memset(v, 0, sizeof *v);
	v->type = t;
	switch (t) {
	case DBA_T_NULL:
		return 0;
	case DBA_T_INT64:
		v->u.i64 = strtoll(s, &end, 10);
		return *s && !*end ? 0 : -1;
	case DBA_T_DOUBLE:
		v->u.f64 = strtod(s, &end);
		return *s && !*end ? 0 : -1;
	case DBA_T_BOOL:
		if (!strcmp(s, "t") || !strcmp(s, "true") || !strcmp(s, "1"))
			v->u.b = 1;
		else if (!strcmp(s, "f") || !strcmp(s, "false") || !strcmp(s, "0"))
			v->u.b = 0;
		else
			return -1;
		return 0;
	case DBA_T_DECIMAL:
		for (size_t i = 0; i < len; i++)
			if (!isdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != '.' && s[i] != '+')
				return -1;
		/* fall through */
	case DBA_T_TEXT:
	case DBA_T_UUID:
		v->u.str = s;
		v->len = (uint32_t)len;
		return 0;
	case DBA_T_DATE:
	case DBA_T_TIMESTAMP: {
		int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
		long us = 0;
		char frac[8] = "";
		if (sscanf(s, "%d-%d-%d%n", &y, &mo, &d, &n) != 3)
			return -1;
		if (s[n] == ' ' || s[n] == 'T') {
			int m2 = 0;
			if (sscanf(s + n + 1, "%d:%d:%d%n", &h, &mi, &sec, &m2) != 3)
				return -1;
			n += 1 + m2;
			if (s[n] == '.') {
				int k = 0;
				for (n++; isdigit((unsigned char)s[n]) && k < 6; n++)
					frac[k++] = s[n];
				while (k < 6)
					frac[k++] = '0';
				us = atol(frac);
			}
		}
		if (s[n] || mo < 1 || mo > 12 || d < 1 || d > 31)
			return -1;
		int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
		if (t == DBA_T_DATE)
			v->u.i64 = days;
		else
			v->u.i64 = ((days * 86400 + h * 3600 + mi * 60 + sec) * 1000000LL) + us;
		return 0;
	}
	}
	return -1;
}

/* Undoes COPY-style escapes in place; returns the new length. */
static size_t unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p != '\\' || !p[1]) {
			*o++ = *p;
			continue;
		}
		p++;
		*o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
	}
	*o = 0;
	return (size_t)(o - s);
}

/* ---- output ------------------------------------------------------------ */

static void put_field(const char *s, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\t': fputs("\\t", stdout); break;
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		default: putchar(s[i]);
		}
	}
}

static int print_row(void *ud, int32_t is_header, uint32_t ncols, const char *const *names,
		     const char *const *values, const uint32_t *lengths)
{
	for (uint32_t i = 0; i < ncols; i++) {
		if (i)
			putchar('\t');
		if (is_header)
			fputs(names[i], stdout);
		else if (!values[i])
			fputs("\\N", stdout);
		else
			put_field(values[i], lengths[i]);
	}
	putchar('\n');
	return 0;
}

static void list(const char *label, const char *const *v, uint32_t n)
{
	fputs(label, stdout);
	for (uint32_t i = 0; i < n; i++)
		printf("%s%s", i ? "," : "", v[i]);
}

static int cmd_describe(const char *arg)
{
	char schema[512], table[512];
	int has_schema;
	dba_table *t;
	dba_error de = { 0 };
	split_name(arg, schema, table, sizeof schema, &has_schema);
	if (ops->describe_table(conn, has_schema ? schema : NULL, table, &t, &de))
		return db_fail(&de);
	printf("table %s.%s\n", t->schema ? t->schema : "-", t->name);
	for (uint32_t i = 0; i < t->ncolumns; i++) {
		const dba_column *c = &t->columns[i];
		printf("column %s: type=%s family=%s len=%d prec=%d scale=%d nullable=%d identity=%d generated=%d",
		       c->name, c->type_name, family_name(c->family), (int)c->max_length,
		       (int)c->precision, (int)c->scale, (int)c->nullable, (int)c->is_identity,
		       (int)c->is_generated);
		if (c->has_default)
			printf(" default=%s", c->default_expr ? c->default_expr : "?");
		if (c->n_enum_values)
			list(" enum=", c->enum_values, c->n_enum_values);
		putchar('\n');
	}
	list("pk ", t->pk, t->npk);
	putchar('\n');
	for (uint32_t i = 0; i < t->nfkeys; i++) {
		const dba_fkey *f = &t->fkeys[i];
		printf("fk %s: ", f->name ? f->name : "-");
		list("", f->columns, f->ncols);
		printf(" -> %s%s%s", f->ref_schema ? f->ref_schema : "", f->ref_schema ? "." : "",
		       f->ref_table);
		list("(", f->ref_columns, f->ncols);
		puts(")");
	}
	printf("rows %lld\n", (long long)t->estimated_rows);
	ops->table_free(t);
	return 0;
}

static int cmd_tables(void)
{
	char **v;
	dba_error de = { 0 };
	if (ops->list_tables(conn, &v, &de))
		return db_fail(&de);
	for (char **p = v; *p; p++)
		puts(*p);
	ops->strv_free(v);
	return 0;
}

static int cmd_exec(const char *sql)
{
	int64_t aff;
	dba_error de = { 0 };
	if (ops->exec(conn, sql, print_row, NULL, &aff, &de))
		return db_fail(&de);
	printf("affected %lld\n", (long long)aff);
	return 0;
}

/* "type:value" -> value; the text stays in arg. */
static int typed_arg(char *arg, dba_value *v)
{
	char *colon = strchr(arg, ':');
	int t;
	if (!colon)
		return -1;
	*colon = 0;
	t = type_of(arg);
	if (t == T_BAD)
		return -1;
	return parse_value(t, colon + 1, strlen(colon + 1), v);
}

static int cmd_prepare(const char *sql, int n, char **args)
{
	dba_value *vals = calloc((size_t)n + 1, sizeof *vals);
	int32_t *fams = calloc((size_t)n + 1, sizeof *fams);
	dba_stmt *st;
	dba_error de = { 0 };
	int64_t aff;
	int rc = 0;
	for (int i = 0; i < n; i++) {
		if (typed_arg(args[i], &vals[i]))
			return usage("parameters are TYPE:VALUE");
		fams[i] = family_of_type(vals[i].type);
	}
	if (!ops->prepare)
		return usage("this driver has no prepared statements");
	if (ops->prepare(conn, sql, (uint32_t)n, fams, &st, &de))
		return db_fail(&de);
	if (ops->execute(conn, st, vals, (uint32_t)n, print_row, NULL, &aff, &de))
		rc = db_fail(&de);
	else
		printf("affected %lld\n", (long long)aff);
	ops->stmt_free(conn, st);
	free(vals);
	free(fams);
	return rc;
}

static int cmd_literal(char *arg)
{
	dba_value v;
	char out[4096];
	if (typed_arg(arg, &v))
		return usage("literal takes TYPE:VALUE");
	ops->render_literal(conn, &v, family_of_type(v.type), out, sizeof out);
	puts(out);
	return 0;
}

/* ---- bulk -------------------------------------------------------------- */

typedef struct src {
	uint32_t ncols;
	const int *types;
	long long line, limit; /* genbulk: rows to make */
	char *buf;
	size_t cap;
	char text[4][64];
} src;

static int stdin_rows(void *ud, dba_value *row, uint32_t ncols, dba_error *de)
{
	src *s = ud;
	ssize_t got = getline(&s->buf, &s->cap, stdin);
	char *p;
	if (got < 0)
		return 0;
	s->line++;
	if (got && s->buf[got - 1] == '\n')
		s->buf[--got] = 0;
	p = s->buf;
	for (uint32_t i = 0; i < ncols; i++) {
		char *tab = p ? strchr(p, '\t') : NULL;
		if (!p) {
			DBA_ERR_SET(de, DBA_ERR_USAGE, "line %lld: %u values, expected %u", s->line, i, ncols);
			return -1;
		}
		if (tab)
			*tab = 0;
		if (!strcmp(p, "\\N")) {
			row[i].type = DBA_T_NULL;
			row[i].len = 0;
		} else {
			size_t len = unescape(p);
			if (parse_value(s->types[i], p, len, &row[i])) {
				DBA_ERR_SET(de, DBA_ERR_USAGE, "line %lld: bad value for column %u: \"%s\"",
					    s->line, i + 1, p);
				return -1;
			}
		}
		p = tab ? tab + 1 : NULL;
	}
	return 1;
}

/* Synthetic rows: row number, text derived from it, fixed-step timestamps. */
static int gen_rows(void *ud, dba_value *row, uint32_t ncols, dba_error *de)
{
	src *s = ud;
	long long i = s->line++;
	if (i >= s->limit)
		return 0;
	for (uint32_t c = 0; c < ncols; c++) {
		dba_value *v = &row[c];
		v->type = s->types[c];
		v->len = 0;
		switch (v->type) {
		case DBA_T_INT64: v->u.i64 = i + 1; break;
		case DBA_T_DOUBLE: v->u.f64 = (double)i * 0.25; break;
		case DBA_T_BOOL: v->u.b = (int)(i & 1); break;
		case DBA_T_TIMESTAMP: v->u.i64 = 1700000000000000LL + i * 1000003LL; break;
		case DBA_T_DATE: v->u.i64 = 19000 + i % 3000; break;
		case DBA_T_DECIMAL:
		case DBA_T_TEXT:
		case DBA_T_UUID: {
			char *t = s->text[c % 4];
			int n = v->type == DBA_T_UUID
					? snprintf(t, 64, "00000000-0000-4000-8000-%012llx", i)
				: v->type == DBA_T_DECIMAL ? snprintf(t, 64, "%lld.%02lld", i % 100000, i % 100)
							   : snprintf(t, 64, "customer name %lld", i);
			v->u.str = t;
			v->len = (uint32_t)n;
			break;
		}
		default: v->type = DBA_T_NULL;
		}
	}
	return 1;
}

static int cmd_bulk(const char *target, long long gen, int n, char **specs)
{
	char schema[512], table[512];
	int has_schema, rc = 0;
	const char **cols = calloc((size_t)n + 1, sizeof *cols);
	int *types = calloc((size_t)n + 1, sizeof *types);
	int32_t *fams = calloc((size_t)n + 1, sizeof *fams);
	src s = { .ncols = (uint32_t)n, .types = types, .limit = gen };
	dba_error de = { 0 }, de2 = { 0 };
	uint64_t rows = 0;
	struct timespec t0, t1;

	if (n < 1 || n > 4096)
		return usage("bulk needs NAME:TYPE column specs");
	split_name(target, schema, table, sizeof schema, &has_schema);
	for (int i = 0; i < n; i++) {
		char *colon = strrchr(specs[i], ':');
		if (!colon || (types[i] = type_of(colon + 1)) == T_BAD)
			return usage("column specs are NAME:TYPE");
		*colon = 0;
		cols[i] = specs[i];
		fams[i] = family_of_type(types[i]);
	}
	if (ops->tx && ops->tx(conn, DBA_TX_BEGIN, &de))
		return db_fail(&de);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ops->bulk_load(conn, has_schema ? schema : NULL, table, cols, fams, (uint32_t)n,
			   gen >= 0 ? gen_rows : stdin_rows, &s, &rows, &de)) {
		if (ops->tx)
			ops->tx(conn, DBA_TX_ROLLBACK, &de2);
		rc = db_fail(&de);
	} else if (ops->tx && ops->tx(conn, DBA_TX_COMMIT, &de)) {
		rc = db_fail(&de);
	} else {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		printf("%llu\n", (unsigned long long)rows);
		if (gen >= 0)
			fprintf(stderr, "loaded %llu rows in %.3f s (%.0f rows/s)\n", (unsigned long long)rows,
			secs, secs > 0 ? (double)rows / secs : 0.0);
	}
	free(s.buf);
	free(cols);
	free(types);
	free(fams);
	return rc;
}

int main(int argc, char **argv)
{
	url u = { 0 };
	dba_conninfo ci;
	dba_error de = { 0 };
	plugin *p;
	err e = { 0 };
	int i = 1, rc;

	if (argc > 2 && !strcmp(argv[1], "--plugin-dir")) {
		plugins_set_dir(argv[2]);
		i = 3;
	}
	if (argc - i < 2)
		return usage("usage: drvtest [--plugin-dir DIR] URL describe|tables|exec|prepare|bulk|genbulk|literal ...");
	const char *cmd = argv[i + 1];
	if (url_parse(argv[i], &u, &e) || plugins_driver_for_scheme(u.scheme, &p, &e)) {
		err_print(&e);
		return e.code ? e.code : 2;
	}
	ops = &p->driver;
	url_conninfo(&u, &ci);
	if (!strcmp(cmd, "literal")) {
		rc = argc - i == 3 ? cmd_literal(argv[i + 2]) : usage("literal TYPE:VALUE");
		url_free(&u);
		return rc;
	}
	if (ops->connect(&ci, &conn, &de)) {
		url_free(&u);
		return db_fail(&de);
	}
	int nargs = argc - i - 2;
	char **args = argv + i + 2;
	if (!strcmp(cmd, "describe") && nargs == 1)
		rc = cmd_describe(args[0]);
	else if (!strcmp(cmd, "tables") && nargs == 0)
		rc = cmd_tables();
	else if (!strcmp(cmd, "exec") && nargs == 1)
		rc = cmd_exec(args[0]);
	else if (!strcmp(cmd, "prepare") && nargs >= 1)
		rc = cmd_prepare(args[0], nargs - 1, args + 1);
	else if (!strcmp(cmd, "bulk") && nargs >= 2)
		rc = cmd_bulk(args[0], -1, nargs - 1, args + 1);
	else if (!strcmp(cmd, "genbulk") && nargs >= 3)
		rc = cmd_bulk(args[0], atoll(args[1]), nargs - 2, args + 2);
	else
		rc = usage("unknown command or wrong number of arguments");
	fflush(stdout);
	ops->disconnect(conn);
	url_free(&u);
	return rc;
}
