/*
 * The template generator: placeholder expansion, literal braces, and the
 * config error for each kind of malformed template.
 */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"

static gen_spec *tpl_spec(const char *text, err *e)
{
	memset(e, 0, sizeof *e);
	gen_spec *s = gen_spec_new("template", "orders.ini", 20, e);
	cr_assert_not_null(s);
	if (gen_spec_set(s, "template", text, 22, e) || gen_spec_finish(s, e)) {
		gen_spec_free(s);
		return NULL;
	}
	return s;
}

/* Expands row `row` of template text into a malloc'ed string. */
static char *expand(const char *text, uint64_t row, uint64_t row_offset)
{
	err e;
	gen_spec *s = tpl_spec(text, &e);
	cr_assert_not_null(s, "template \"%s\": %s", text, e.msg);
	gen_ctx c = { .now_us = 1, .row_offset = row_offset };
	gen *g = gen_new(s, 99, &c);
	gen_spec_free(s);
	dba_value v;
	cr_assert_eq(gen_next(g, row, &v, &e), 0);
	cr_assert_eq(v.type, DBA_T_TEXT);
	char *out = strndup(v.u.str, v.len);
	gen_free(g);
	return out;
}

static int matches(const char *re, const char *s)
{
	regex_t r;
	cr_assert_eq(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	int ok = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return ok;
}

Test(template, placeholders_expand)
{
	char *x = expand("ORD-{sequential}/{row}", 4, 0);
	cr_assert_str_eq(x, "ORD-5/4");
	free(x);
	x = expand("ORD-{sequential}/{row}", 4, 100);
	cr_assert_str_eq(x, "ORD-105/104", "incremental runs continue the numbering");
	free(x);
	x = expand("{random_int:7:7}-{enum:only}", 0, 0);
	cr_assert_str_eq(x, "7-only");
	free(x);
	x = expand("{random_int:-20:-10}", 0, 0);
	cr_assert(matches("^-(1[0-9]|20)$", x), "%s", x);
	free(x);
	x = expand("{first_name} {last_name} <{uuid}>", 3, 0);
	cr_assert(matches("^[A-Z][A-Za-z'-]+ [A-Z][A-Za-z' -]+ <[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$",
			  x),
		  "%s", x);
	free(x);
	x = expand("plain text", 0, 0);
	cr_assert_str_eq(x, "plain text");
	free(x);
	x = expand("", 0, 0);
	cr_assert_str_eq(x, "");
	free(x);
}

Test(template, enum_choices_all_appear)
{
	err e;
	gen_spec *s = tpl_spec("{enum:red|green|blue}", &e);
	cr_assert_not_null(s);
	gen *g = gen_new(s, 5, &(gen_ctx){ .now_us = 1 });
	int seen[3] = { 0 };
	for (uint64_t row = 0; row < 300; row++) {
		dba_value v;
		gen_next(g, row, &v, &e);
		seen[0] |= v.len == 3 && memcmp(v.u.str, "red", 3) == 0;
		seen[1] |= v.len == 5 && memcmp(v.u.str, "green", 5) == 0;
		seen[2] |= v.len == 4 && memcmp(v.u.str, "blue", 4) == 0;
	}
	cr_assert(seen[0] && seen[1] && seen[2]);
	gen_free(g);
	gen_spec_free(s);
}

Test(template, doubled_braces_are_literal)
{
	char *x = expand("{{\"id\": {sequential}}}", 0, 0);
	cr_assert_str_eq(x, "{\"id\": 1}");
	free(x);
	x = expand("a{{b}}c", 0, 0);
	cr_assert_str_eq(x, "a{b}c");
	free(x);
}

static void malformed(const char *text, const char *want_msg)
{
	err e;
	cr_assert_null(tpl_spec(text, &e), "template \"%s\" was accepted", text);
	cr_assert_eq(e.code, EXIT_USAGE);
	cr_assert_str_eq(e.msg, want_msg);
}

Test(template, malformed_templates_are_config_errors)
{
	malformed("ORD-{sequential", "orders.ini:22: bad template \"ORD-{sequential\": unclosed \"{\" at character 5");
	malformed("a{b{row}", "orders.ini:22: bad template \"a{b{row}\": unclosed \"{\" at character 2");
	malformed("a}b", "orders.ini:22: bad template \"a}b\": unmatched \"}\" at character 2");
	malformed("x{rows}", "orders.ini:22: bad template \"x{rows}\": unknown placeholder \"{rows}\"");
	malformed("{}", "orders.ini:22: bad template \"{}\": unknown placeholder \"{}\"");
	malformed("{random_int:a:9}",
		  "orders.ini:22: bad template \"{random_int:a:9}\": \"{random_int:a:9}\": \"a\" is not an integer");
	malformed("{random_int:1:9x}",
		  "orders.ini:22: bad template \"{random_int:1:9x}\": \"{random_int:1:9x}\": \"9x\" is not an integer");
	malformed("{random_int:9:1}",
		  "orders.ini:22: bad template \"{random_int:9:1}\": \"{random_int:9:1}\": 9 is greater than 1");
	malformed("{random_int:5}",
		  "orders.ini:22: bad template \"{random_int:5}\": \"{random_int:5}\" needs two integer bounds: "
		  "{random_int:A:B}");
	malformed("{random_int}",
		  "orders.ini:22: bad template \"{random_int}\": \"{random_int}\" needs two integer bounds: "
		  "{random_int:A:B}");
	malformed("{enum:}", "orders.ini:22: bad template \"{enum:}\": \"{enum:}\" needs choices: {enum:a|b|c}");
	malformed("{row:3}",
		  "orders.ini:22: bad template \"{row:3}\": placeholder \"{row}\" takes no arguments (found \"{row:3}\")");
}

Test(template, unknown_placeholder_lists_the_valid_ones)
{
	err e;
	cr_assert_null(tpl_spec("{firstname}", &e));
	cr_assert_str_eq(e.detail, "valid: {random_int:A:B}, {sequential}, {row}, {first_name}, {last_name}, {uuid}, "
				   "{enum:a|b|c}");
	cr_assert(strstr(e.hint, "{{"));
}
