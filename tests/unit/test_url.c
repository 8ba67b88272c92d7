/* Connection URLs: every form of SPEC section 1, decoding, masking and errors. */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "err.h"
#include "url.h"

static url parse_ok(const char *s)
{
	url u;
	err e;

	memset(&u, 0, sizeof(u));
	memset(&e, 0, sizeof(e));
	cr_assert_eq(url_parse(s, &u, &e), 0, "%s: %s", s, e.msg);
	return u;
}

static err parse_bad(const char *s)
{
	url u;
	err e;

	memset(&u, 0, sizeof(u));
	memset(&e, 0, sizeof(e));
	cr_assert_eq(url_parse(s, &u, &e), -1, "%s should be refused", s);
	cr_assert_eq(e.code, EXIT_USAGE);
	url_free(&u);
	return e;
}

Test(url, full_form)
{
	url u = parse_ok("postgres://alice:s3cret@db.example:6543/shop?sslmode=disable&application_name=x");

	cr_assert_str_eq(u.scheme, "postgres");
	cr_assert_str_eq(u.user, "alice");
	cr_assert_str_eq(u.password, "s3cret");
	cr_assert_str_eq(u.host, "db.example");
	cr_assert_eq(u.port, 6543);
	cr_assert_str_eq(u.database, "shop");
	cr_assert_eq(u.nparams, 2);
	cr_assert_str_eq(u.params[0].key, "sslmode");
	cr_assert_str_eq(u.params[0].value, "disable");
	cr_assert_str_eq(u.params[1].key, "application_name");
	url_free(&u);
}

Test(url, minimal_form)
{
	url u = parse_ok("mysql://localhost");

	cr_assert_str_eq(u.host, "localhost");
	cr_assert_eq(u.port, 0);
	cr_assert(u.user == NULL || u.user[0] == '\0');
	cr_assert(u.password == NULL);
	cr_assert(u.database == NULL || u.database[0] == '\0');
	url_free(&u);
}

Test(url, percent_decoding)
{
	url u = parse_ok("postgres://us%40er:p%3Aa%2Fss@h/my%20db?k=a%26b");

	cr_assert_str_eq(u.user, "us@er");
	cr_assert_str_eq(u.password, "p:a/ss");
	cr_assert_str_eq(u.database, "my db");
	cr_assert_str_eq(u.params[0].value, "a&b");
	url_free(&u);
}

Test(url, ipv6_host)
{
	url u = parse_ok("postgres://u@[::1]:5433/d");

	cr_assert_str_eq(u.host, "::1");
	cr_assert_eq(u.port, 5433);
	url_free(&u);
}

Test(url, out_of_tree_scheme_with_path)
{
	url u = parse_ok("sqlite:///tmp/x.db");

	cr_assert_str_eq(u.scheme, "sqlite");
	/* host empty; the database is what follows the third slash */
	cr_assert(u.host == NULL || u.host[0] == '\0');
	cr_assert_str_eq(u.database, "tmp/x.db");
	url_free(&u);
}

Test(url, format_masks_password)
{
	url u = parse_ok("postgres://alice:s3cret@h:5432/d");
	char *s = url_format(&u, 0), *t = url_format(&u, 1);

	cr_assert_str_eq(s, "postgres://alice:****@h:5432/d");
	cr_assert_str_eq(t, "postgres://alice:s3cret@h:5432/d");
	free(s), free(t);
	url_free(&u);
}

Test(url, conninfo_borrows_fields)
{
	url u = parse_ok("postgres://alice:pw@h:1234/d?x=y");
	dba_conninfo ci;

	memset(&ci, 0, sizeof(ci));
	url_conninfo(&u, &ci);
	cr_assert_str_eq(ci.host, "h");
	cr_assert_eq(ci.port, 1234);
	cr_assert_str_eq(ci.user, "alice");
	cr_assert_str_eq(ci.password, "pw");
	cr_assert_str_eq(ci.database, "d");
	url_free(&u);
}

Test(url, errors_never_show_the_password)
{
	const char *bad[] = {
		"postgres://alice:s3cret@h:99999/d",
		"postgres://alice:s3cret@h:abc/d",
		"alice:s3cret@h/d",
		"postgres://alice:s3cret@[::1/d",
		"postgres://alice:s3cret@h/d?k=%zz",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err e = parse_bad(bad[i]);

		cr_assert(e.msg[0] != '\0');
		cr_assert_null(strstr(e.msg, "s3cret"), "%s", e.msg);
		cr_assert_null(strstr(e.detail, "s3cret"), "%s", e.detail);
		cr_assert_null(strstr(e.hint, "s3cret"), "%s", e.hint);
	}
}

Test(url, bad_port_is_named)
{
	err e = parse_bad("postgres://h:70000/d");

	cr_assert(strstr(e.msg, "port") != NULL, "%s", e.msg);
}

Test(url, missing_scheme_is_named)
{
	err e = parse_bad("localhost:5432/d");

	cr_assert(strstr(e.msg, "scheme") != NULL || strstr(e.detail, "scheme") != NULL ||
		strstr(e.hint, "://") != NULL, "%s / %s / %s", e.msg, e.detail, e.hint);
}

Test(url, password_options_are_masked_like_the_password)
{
	url u = parse_ok("postgres://alice@h/d?sslmode=disable&password=opt%20s3cret&PWD=two");
	char *s = url_format(&u, 0), *t = url_format(&u, 1);
	err e = parse_bad("postgres://alice@h:0/d?password=s3cret&x=1");

	cr_assert_str_eq(s, "postgres://alice@h/d?sslmode=disable&password=****&PWD=****");
	cr_assert_str_eq(t, "postgres://alice@h/d?sslmode=disable&password=opt%20s3cret&PWD=two");
	cr_assert_null(strstr(e.msg, "s3cret"), "%s", e.msg);
	cr_assert(strstr(e.msg, "password=****&x=1"), "%s", e.msg);
	free(s), free(t);
	url_free(&u);
}

Test(url, scrub_overwrites_secrets_in_place_keeping_the_shape)
{
	char a[] = "--url=postgres://alice:s3cret@h:5432/d?password=p2&sslpassword=k&app=x";
	char b[] = "mysql://bob@h/d";
	char c[] = "postgres://alice:@h/d?password=";

	url_scrub(a);
	url_scrub(b);
	url_scrub(c);
	cr_assert_str_eq(a, "--url=postgres://alice:xxxxxx@h:5432/d?password=xx&sslpassword=x&app=x");
	cr_assert_str_eq(b, "mysql://bob@h/d");
	cr_assert_str_eq(c, "postgres://alice:@h/d?password=");
}

Test(url, nul_escape_is_refused_in_every_part)
{
	const char *bad[][2] = {
		{ "postgres://al%00ice:pw@h/d", "user" },
		{ "postgres://alice:s3%00cret@h/d", "password" },
		{ "postgres://alice@h%00x/d", "host" },
		{ "postgres://alice@h/d%00b", "database" },
		{ "postgres://alice@h/d?application_name=a%00b", "options" },
		{ "postgres://alice@h/d?k%00=v", "options" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err e = parse_bad(bad[i][0]);
		char want[64];

		snprintf(want, sizeof(want), "%%00 (a NUL byte) in the %s", bad[i][1]);
		cr_assert(strstr(e.msg, want), "%s: %s", bad[i][0], e.msg);
		cr_assert_null(strstr(e.msg, "s3"), "%s", e.msg);
	}
	url u = parse_ok("postgres://alice@h/d%01b");
	cr_assert_str_eq(u.database, "d\001b");
	url_free(&u);
}
