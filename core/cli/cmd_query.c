/* dbarena query TARGET (--sql TEXT | --file FILE) [--json] */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../target.h"
#include "../ui.h"
#include "cli.h"

struct rows {
	int json;
	ui_table *table;
	json_t *array;
	unsigned ncols;
	char **names;
	unsigned long long n;
};

/* A JSON string for a cell; bytes that are not UTF-8 (binary columns) become '?'. */
static json_t *json_cell(const char *v, size_t len)
{
	json_t *j = json_stringn(v, len);
	char *copy;

	if (j || !(copy = malloc(len + 1)))
		return j ? j : json_null();
	for (size_t i = 0; i < len; i++)
		copy[i] = (unsigned char)v[i] >= 0x80 || !v[i] ? '?' : v[i];
	j = json_stringn(copy, len);
	free(copy);
	return j ? j : json_null();
}

static int on_row(void *ud, int32_t is_header, uint32_t ncols, const char *const *names,
		  const char *const *values, const uint32_t *lengths)
{
	struct rows *r = ud;

	(void)lengths;
	if (is_header) {
		/* A new result set replaces the previous one (the last set is shown). */
		if (r->table)
			ui_table_free(r->table);
		for (unsigned i = 0; i < r->ncols; i++)
			free(r->names[i]);
		free(r->names);
		r->ncols = ncols;
		r->names = calloc(ncols ? ncols : 1, sizeof(char *));
		for (unsigned i = 0; i < ncols; i++)
			r->names[i] = strdup(names[i]);
		r->table = r->json ? NULL : ui_table_new(ncols, names);
		if (r->json) {
			json_decref(r->array);
			r->array = json_array();
		}
		r->n = 0;
		return 0;
	}
	r->n++;
	if (r->json) {
		json_t *o = json_object();

		for (unsigned i = 0; i < ncols; i++)
			json_object_set_new(o, r->names[i], values[i] ? json_cell(values[i], lengths[i]) : json_null());
		json_array_append_new(r->array, o);
	} else {
		const char **cells = calloc(ncols ? ncols : 1, sizeof(char *));

		for (unsigned i = 0; i < ncols; i++)
			cells[i] = values[i] ? values[i] : "";
		ui_table_add(r->table, cells);
		free(cells);
	}
	return 0;
}

static char *read_file(const char *path, err *e)
{
	FILE *f = fopen(path, "rb"), *m;
	char *text = NULL, buf[65536];
	size_t len = 0, n;

	if (!f) {
		err_set(e, EXIT_USAGE, "cannot read \"%s\": %s", path, strerror(errno));
		return NULL;
	}
	m = open_memstream(&text, &len);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, m);
	fclose(m);
	fclose(f);
	return text;
}

static int query_main(int argc, char **argv, err *e)
{
	enum { OPT_SQL = 1, OPT_FILE, OPT_JSON, OPT_STMT_TIMEOUT };
	static const struct option longopts[] = {
		CLI_TARGET_OPTIONS,
		{ "sql", required_argument, NULL, OPT_SQL },
		{ "file", required_argument, NULL, OPT_FILE },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "statement-timeout", required_argument, NULL, OPT_STMT_TIMEOUT },
		{ NULL, 0, NULL, 0 },
	};
	cli_target tg = { 0 };
	const char *sql_arg = NULL, *file = NULL;
	char *sql = NULL;
	struct rows r;
	target t;
	dba_conn *conn = NULL;
	dba_error de;
	int64_t affected = -1;
	long stmt_ms = 0;
	char *end;
	int c, rc = -1;

	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (cli_target_opt(&tg, c, optarg))
			continue;
		switch (c) {
		case OPT_SQL: sql_arg = optarg; break;
		case OPT_FILE: file = optarg; break;
		case OPT_JSON: r.json = 1; break;
		case OPT_STMT_TIMEOUT:
			stmt_ms = strtol(optarg, &end, 10);
			if (!*optarg || *end || stmt_ms < 0 || stmt_ms > 86400000) {
				err_set(e, EXIT_USAGE, "--statement-timeout: expected milliseconds from 0 to 86400000, not \"%s\"",
					optarg);
				return -1;
			}
			break;
		case ':':
			err_set(e, EXIT_USAGE, "query: option \"%s\" needs a value", argv[optind - 1]);
			err_hint(e, "dbarena help query");
			return -1;
		default:
			err_set(e, EXIT_USAGE, "query: unknown option \"%s\"", argv[optind - 1]);
			err_hint(e, "dbarena help query");
			return -1;
		}
	}
	for (; optind < argc; optind++)
		if (cli_target_operand(&tg, argv[optind], e))
			return -1;
	if (cli_target_check(&tg, "query", e))
		return -1;
	if (!sql_arg == !file) {
		err_set(e, EXIT_USAGE, "query: give exactly one of --sql TEXT and --file FILE");
		return -1;
	}
	if (file && !(sql = read_file(file, e)))
		return -1;
	if (target_resolve(tg.url, tg.name, &t, e))
		goto out;
	target_set_statement_timeout(&t, (int32_t)stmt_ms);
	if (target_connect(&t, &conn, e))
		goto out;
	memset(&de, 0, sizeof(de));
	if (t.ops->exec(conn, sql ? sql : sql_arg, on_row, &r, &affected, &de)) {
		err_from_db(e, EXIT_RUNTIME, &de, NULL);
		goto out;
	}
	if (r.json) {
		char *s = json_dumps(r.array ? r.array : json_array(), JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		printf("%s\n", s ? s : "[]");
		free(s);
	} else if (r.table) {
		ui_table_print(r.table, stdout);
		printf("(%llu row%s)\n", r.n, r.n == 1 ? "" : "s");
	} else if (affected >= 0) {
		printf("OK, %lld row%s affected\n", (long long)affected, affected == 1 ? "" : "s");
	} else {
		printf("OK\n");
	}
	rc = EXIT_OK;
out:
	if (conn)
		t.ops->disconnect(conn);
	target_free(&t);
	ui_table_free(r.table);
	json_decref(r.array);
	for (unsigned i = 0; i < r.ncols; i++)
		free(r.names[i]);
	free(r.names);
	free(sql);
	return rc;
}

const command cmd_query = {
	.name = "query",
	.summary = "run SQL against a target and print the rows",
	.usage = "usage: dbarena query TARGET (--sql TEXT | --file FILE) [--json] [--statement-timeout MS]\n\n"
		 "Runs SQL through the target's driver and prints the rows of the last result\n"
		 "as an aligned table, or as a JSON array of objects with --json.\n\n"
		 "  NAME | --container NAME   a managed instance\n"
		 "  --url URL                 SCHEME://... with a scheme a driver declares\n"
		 "                            (a password in it is hidden from ps, not from shell\n"
		 "                            history: prefer DBARENA_PASSWORD or pgpass)\n"
		 "  --sql TEXT                the statement(s) to run\n"
		 "  --file FILE               read the SQL from FILE\n"
		 "  --json                    rows as JSON\n"
		 "  --statement-timeout MS    give up on a statement running longer than MS milliseconds\n",
	.run = query_main,
};
