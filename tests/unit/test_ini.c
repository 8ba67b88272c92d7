/* INI loading: physical line numbers, continuation lines, long lines, quoted names and lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "err.h"
#include "ini.h"

static ini_doc load_ok(const char *text)
{
	ini_doc d;
	err e;

	memset(&d, 0, sizeof(d));
	memset(&e, 0, sizeof(e));
	cr_assert_eq(ini_load_string("t.ini", text, &d, &e), 0, "load failed: %s", e.msg);
	return d;
}

static err load_bad(const char *text)
{
	ini_doc d;
	err e;

	memset(&d, 0, sizeof(d));
	memset(&e, 0, sizeof(e));
	cr_assert_eq(ini_load_string("t.ini", text, &d, &e), -1, "load should fail");
	cr_assert_eq(e.code, EXIT_USAGE);
	ini_free(&d);
	return e;
}

Test(ini, entries_keep_physical_lines)
{
	ini_doc d = load_ok("; comment\n\n[seed]\nrows = 10\n\n# other\n[users]\nrows=5\nname = x\n");

	cr_assert_eq(d.n, 5);
	cr_assert_str_eq(d.v[0].section, "seed");
	cr_assert_null(d.v[0].key);
	cr_assert_eq(d.v[0].line, 3);
	cr_assert_str_eq(d.v[1].key, "rows");
	cr_assert_str_eq(d.v[1].value, "10");
	cr_assert_eq(d.v[1].line, 4);
	cr_assert_str_eq(d.v[2].section, "users");
	cr_assert_eq(d.v[2].line, 7);
	cr_assert_str_eq(d.v[4].key, "name");
	cr_assert_eq(d.v[4].line, 9);
	ini_free(&d);
}

Test(ini, continuation_lines_join_with_one_space)
{
	ini_doc d = load_ok("[t]\nvalues = a,\n   b,\n\tc\nnext = 1\n");

	cr_assert_eq(d.n, 3);
	cr_assert_str_eq(d.v[1].key, "values");
	cr_assert_str_eq(d.v[1].value, "a, b, c");
	cr_assert_eq(d.v[1].line, 2);
	cr_assert_str_eq(d.v[2].key, "next");
	cr_assert_eq(d.v[2].line, 5);
	ini_free(&d);
}

Test(ini, duplicate_key_names_its_line)
{
	err e = load_bad("[t]\nrows = 1\nrows = 2\n");

	cr_assert(strstr(e.msg, "t.ini:3") != NULL, "%s", e.msg);
	cr_assert(strstr(e.msg, "duplicate key") != NULL, "%s", e.msg);
}

Test(ini, duplicate_sections_are_recorded)
{
	ini_doc d = load_ok("[t]\na = 1\n[t]\nb = 2\n");

	cr_assert_eq(d.n, 4);
	cr_assert_eq(d.v[2].line, 3);
	cr_assert_null(d.v[2].key);
	ini_free(&d);
}

Test(ini, too_long_line)
{
	char text[400];
	err e;

	snprintf(text, sizeof(text), "[t]\nk = %0*d\n", 250, 0);
	e = load_bad(text);
	cr_assert_str_eq(e.msg,
		"t.ini:2: line too long (at most 199 bytes; continue the value on indented lines)");
}

Test(ini, line_of_199_bytes_is_fine)
{
	char text[400];
	ini_doc d;

	snprintf(text, sizeof(text), "[t]\nk = %0*d\n", 195, 7);
	d = load_ok(text);
	cr_assert_eq(strlen(d.v[1].value), 195);
	ini_free(&d);
}

Test(ini, syntax_error_names_line)
{
	err e = load_bad("[t]\nok = 1\nthis line has no equals\n");

	cr_assert(strncmp(e.msg, "t.ini:3:", 8) == 0, "%s", e.msg);
}

Test(ini, unreadable_file)
{
	ini_doc d;
	err e;

	memset(&d, 0, sizeof(d));
	memset(&e, 0, sizeof(e));
	cr_assert_eq(ini_load("/nonexistent/x.ini", &d, &e), -1);
	cr_assert_eq(e.code, EXIT_USAGE);
	cr_assert_str_eq(e.msg, "cannot read config \"/nonexistent/x.ini\": No such file or directory");
}

Test(ini, split_column_plain_and_schema)
{
	char *t, *c;

	cr_assert_eq(ini_split_column("users.id", &t, &c), 0);
	cr_assert_str_eq(t, "users");
	cr_assert_str_eq(c, "id");
	free(t), free(c);
	cr_assert_eq(ini_split_column("sales.users.id", &t, &c), 0);
	cr_assert_str_eq(t, "sales.users");
	cr_assert_str_eq(c, "id");
	free(t), free(c);
}

Test(ini, split_column_quoted)
{
	char *t, *c, *s, *n;

	cr_assert_eq(ini_split_column("\"Order Items\".\"unit price\"", &t, &c), 0);
	cr_assert_str_eq(t, "\"Order Items\"");
	cr_assert_str_eq(c, "unit price");
	cr_assert_eq(ini_split_table(t, &s, &n), 0);
	cr_assert_null(s);
	cr_assert_str_eq(n, "Order Items");
	free(t), free(c), free(n);
	cr_assert_eq(ini_split_column("t.\"a.b\"\"c\"", &t, &c), 0);
	cr_assert_str_eq(t, "t");
	cr_assert_str_eq(c, "a.b\"c");
	free(t), free(c);
}

Test(ini, split_column_malformed)
{
	char *t = NULL, *c = NULL;

	cr_assert_eq(ini_split_column("nodot", &t, &c), -1);
	cr_assert_eq(ini_split_column("\"open.x", &t, &c), -1);
	cr_assert_eq(ini_split_column("users.", &t, &c), -1);
}

Test(ini, split_table)
{
	char *s, *n;

	cr_assert_eq(ini_split_table("sales.users", &s, &n), 0);
	cr_assert_str_eq(s, "sales");
	cr_assert_str_eq(n, "users");
	free(s), free(n);
	cr_assert_eq(ini_split_table("\"My Schema\".\"a.b\"", &s, &n), 0);
	cr_assert_str_eq(s, "My Schema");
	cr_assert_str_eq(n, "a.b");
	free(s), free(n);
}

Test(ini, list_with_quotes)
{
	char **v;

	cr_assert_eq(ini_list("pending, \"on hold\", shipped", &v), 3);
	cr_assert_str_eq(v[0], "pending");
	cr_assert_str_eq(v[1], "on hold");
	cr_assert_str_eq(v[2], "shipped");
	cr_assert_null(v[3]);
	ini_strv_free(v);
	cr_assert_eq(ini_list("\"a, b\",c", &v), 2);
	cr_assert_str_eq(v[0], "a, b");
	cr_assert_str_eq(v[1], "c");
	ini_strv_free(v);
	cr_assert_eq(ini_list("\"unterminated, x", &v), -1);
}

Test(ini, last_line_without_newline_and_crlf)
{
	ini_doc d = load_ok("[t]\r\na = 1\r\n  2\r\nb = x");

	cr_assert_eq(d.n, 3);
	cr_assert_str_eq(d.v[0].section, "t");
	cr_assert_str_eq(d.v[1].value, "1 2");
	cr_assert_str_eq(d.v[2].value, "x");
	cr_assert_eq(d.v[2].line, 4);
	ini_free(&d);
}

Test(ini, inline_comment_on_section_header)
{
	ini_doc d = load_ok("[users]   ; the accounts\nrows = 3 ; three\n");

	cr_assert_str_eq(d.v[0].section, "users");
	cr_assert_str_eq(d.v[1].section, "users");
	cr_assert_str_eq(d.v[1].value, "3");
	ini_free(&d);
}

Test(ini, utf8_bom_is_skipped)
{
	ini_doc d = load_ok("\xEF\xBB\xBF[table users]\ncount = 3\n");

	cr_assert_eq(d.n, 2);
	cr_assert_str_eq(d.v[0].section, "table users");
	cr_assert_null(d.v[0].key);
	cr_assert_str_eq(d.v[1].key, "count");
	cr_assert_eq(d.v[1].line, 2);
	ini_free(&d);
}

Test(ini, unterminated_section_header_names_its_own_line)
{
	err e = load_bad("[table users]\ncount = 3\n\n  [table orders\ncount = 1\n");

	cr_assert_str_eq(e.msg, "t.ini:4: unterminated section header \"[table orders\": \"]\" is missing");
}

Test(ini, many_keys_and_continuations_stay_exact)
{
	size_t n = 20000, cap = n * 40 + 64, len = 0;
	char *text = malloc(cap), *want = malloc(cap);
	size_t wl = 0;
	err e;

	len += (size_t)snprintf(text + len, cap - len, "[s]\nv = a\n");
	wl += (size_t)snprintf(want + wl, cap - wl, "a");
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(text + len, cap - len, "  p%zu\n", i);
		wl += (size_t)snprintf(want + wl, cap - wl, " p%zu", i);
	}
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "k%zu = %zu\n", i, i);
	len += (size_t)snprintf(text + len, cap - len, "k17 = again\n");
	ini_doc d;

	memset(&e, 0, sizeof(e));
	cr_assert_eq(ini_load_string("t.ini", text, &d, &e), -1);
	cr_assert_str_eq(e.msg, "t.ini:40003: duplicate key \"k17\" in [s] (first set on line 20020)");
	text[len - strlen("k17 = again\n")] = '\0';
	d = load_ok(text);
	cr_assert_eq(d.n, n + 2);
	cr_assert_str_eq(d.v[1].value, want, "the continuation lines, joined");
	cr_assert_str_eq(d.v[n + 1].key, "k19999");
	ini_free(&d);
	free(text);
	free(want);
}

Test(ini, list_of_many_items)
{
	size_t n = 50000, len = 0;
	char *s = malloc(n * 12 + 1), **v;

	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(s + len, "%s\"v%zu\"", i ? ", " : "", i);
	cr_assert_eq(ini_list(s, &v), (int)n);
	cr_assert_str_eq(v[0], "v0");
	cr_assert_str_eq(v[n - 1], "v49999");
	cr_assert_null(v[n]);
	ini_strv_free(v);
	free(s);
}

Test(ini, long_error_messages_are_whole)
{
	char names[6000];
	size_t n = 0;
	err e;

	for (int i = 0; n + 16 < sizeof(names); i++)
		n += (size_t)snprintf(names + n, sizeof(names) - n, "%sname%d", i ? ", " : "", i);
	err_set(&e, EXIT_USAGE, "unknown: valid names: %s", names);
	err_hint(&e, "%s", names);
	cr_assert_eq(strlen(e.msg), strlen("unknown: valid names: ") + n, "a 6 KB message is not cut");
	cr_assert_str_eq(e.hint, names);
	char big[40000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	err_detail(&e, "%s", big);
	cr_assert(strstr(e.detail, "... (") && strstr(e.detail, " more bytes)"), "cut text says so");
	cr_assert_eq(strlen(e.detail), sizeof(e.detail) - 1);
}

Test(ini, escapes_inside_quotes)
{
	char *t, *c, *s, *n, **v;

	cr_assert_eq(ini_split_column("\"line\\nbreak\".\"a\\tb\\x01\\\\c\"", &t, &c), 0);
	cr_assert_str_eq(c, "a\tb\001\\c");
	cr_assert_eq(ini_split_table(t, &s, &n), 0);
	cr_assert_null(s);
	cr_assert_str_eq(n, "line\nbreak");
	free(t), free(c), free(n);
	/* a backslash that starts no escape stays, as before; \x00 is no escape */
	cr_assert_eq(ini_split_table("\"C:\\dir\\x00\"", &s, &n), 0);
	cr_assert_str_eq(n, "C:\\dir\\x00");
	free(n);
	cr_assert_eq(ini_list("\"on\\nhold\", plain\\n", &v), 2);
	cr_assert_str_eq(v[0], "on\nhold");
	cr_assert_str_eq(v[1], "plain\\n", "outside quotes nothing is an escape");
	ini_strv_free(v);
}
