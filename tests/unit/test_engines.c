/* Engine files: what `create` knows of an engine, read from the engines directory beside the plugins. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "engines.h"
#include "plugins.h"

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/engines/%s", dir, name);
	f = fopen(path, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	char sub[128];

	snprintf(dir, sizeof(dir), "/tmp/dbarena-engines-XXXXXX");
	cr_assert(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/engines", dir);
	cr_assert_eq(mkdir(sub, 0755), 0);
	plugins_set_dir(dir);
	unsetenv("DBARENA_PLUGIN_PATH");
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(engines, .init = setup, .fini = teardown);

static const char pgcompat[] = "[engine]\naliases = compat, pc\nscheme = pgwire\nport = 26257\nuser = root\n"
			       "password = secret\ndatabase = bench\nready_timeout = 90\n"
			       "[docker]\nimage = example/compat\ntag = 1.0\nenv.A = {user}:{password}@{database}\n"
			       "env.B = 2\n";

Test(engines, found_by_name_and_alias_with_its_facts)
{
	const engine_file *en, *again;
	dba_param *s;
	err e;

	put("compat.ini", pgcompat);
	memset(&e, 0, sizeof(e));
	cr_assert_eq(engines_find("pc", &en, &e), 0, "%s", e.msg);
	cr_assert_eq(engines_find("compat", &again, &e), 0, "%s", e.msg);
	cr_assert_eq(en, again);
	cr_assert_str_eq(en->name, "compat");
	cr_assert_str_eq(en->scheme, "pgwire");
	cr_assert_eq(en->port, 26257);
	cr_assert_str_eq(en->user, "root");
	cr_assert_str_eq(en->password, "secret");
	cr_assert_str_eq(en->database, "bench");
	cr_assert_eq(en->ready_timeout_s, 90);
	cr_assert_null(en->create_database);
	cr_assert_str_eq(engines_scheme("compat"), "pgwire");
	cr_assert_str_eq(engines_scheme("gone"), "gone", "an instance of a removed engine keeps its name as scheme");
	cr_assert_eq(engines_settings(en, "docker", &s), 4);
	cr_assert_str_eq(s[2].key, "env.A");
	cr_assert_str_eq(s[2].value, "{user}:{password}@{database}");
	free(s);
	cr_assert(engines_has_section(en, "docker"));
	cr_assert(!engines_has_section(en, "native"));
}

Test(engines, unknown_engine_lists_the_known_ones)
{
	const engine_file *en;
	err e;

	put("compat.ini", pgcompat);
	put("other.ini", "[engine]\nscheme = x\n");
	memset(&e, 0, sizeof(e));
	cr_assert_eq(engines_find("nosuch", &en, &e), -1);
	cr_assert_str_eq(e.msg, "unknown engine \"nosuch\"");
	cr_assert_str_eq(e.hint, "engines: compat (compat, pc), other");
	cr_assert_eq(e.code, 2);
}

Test(engines, bad_key_names_file_and_line)
{
	const engine_file *en;
	err e;
	char want[256];

	put("bad.ini", "[engine]\nscheme = x\nprot = 1\n");
	memset(&e, 0, sizeof(e));
	cr_assert_eq(engines_find("bad", &en, &e), -1);
	snprintf(want, sizeof(want), "%s/engines/bad.ini:3: unknown key \"prot\" in [engine]", dir);
	cr_assert_str_eq(e.msg, want);
	cr_assert_eq(e.code, 2);
}

Test(engines, bad_port_and_missing_scheme)
{
	const engine_file *en;
	err e;
	char want[256];

	put("a.ini", "[engine]\nscheme = x\nport = 70000\n");
	memset(&e, 0, sizeof(e));
	cr_assert_eq(engines_find("a", &en, &e), -1);
	snprintf(want, sizeof(want), "%s/engines/a.ini:3: port: expected a number from 1 to 65535, not \"70000\"", dir);
	cr_assert_str_eq(e.msg, want);
}

Test(engines, missing_scheme)
{
	const engine_file *en;
	err e;
	char want[256];

	put("b.ini", "[engine]\nport = 1\n");
	memset(&e, 0, sizeof(e));
	cr_assert_eq(engines_find("b", &en, &e), -1);
	snprintf(want, sizeof(want), "%s/engines/b.ini: [engine] has no scheme", dir);
	cr_assert_str_eq(e.msg, want);
}

Test(engines, two_files_one_alias_names_both)
{
	const engine_file *en;
	err e;
	char a[256], b[256];

	put("compat.ini", pgcompat);
	put("pcx.ini", "[engine]\naliases = pc\nscheme = y\n");
	memset(&e, 0, sizeof(e));
	cr_assert_eq(engines_find("compat", &en, &e), -1);
	cr_assert_str_eq(e.msg, "two engine files claim the engine name \"pc\"");
	snprintf(a, sizeof(a), "%s/engines/compat.ini and %s/engines/pcx.ini", dir, dir);
	snprintf(b, sizeof(b), "%s/engines/pcx.ini and %s/engines/compat.ini", dir, dir);
	cr_assert(!strcmp(e.detail, a) || !strcmp(e.detail, b), "%s", e.detail);
}

Test(engines, templates)
{
	char *s = engines_expand("IF DB_ID(N'{database}') IS NULL CREATE DATABASE [{database}] -- {user}:{port}{x}",
				 "sa", "pw", "testdb", 1433);

	cr_assert_str_eq(s, "IF DB_ID(N'testdb') IS NULL CREATE DATABASE [testdb] -- sa:1433{x}");
	free(s);
}

/* The engine files the drivers ship keep SPEC section 4's defaults (they used to be spelled in the core). */
Test(engines, shipped_files_keep_the_documented_defaults)
{
	static const struct {
		const char *alias, *name, *scheme, *user, *password, *image;
		int port, wait;
	} want[] = {
		{ "pg", "postgres", "postgres", "postgres", "postgres", "postgres:16", 5432, 60 },
		{ "postgresql", "postgres", "postgres", "postgres", "postgres", "postgres:16", 5432, 60 },
		{ "mariadb", "mysql", "mysql", "root", "mysql", "mysql:8.0", 3306, 60 },
		{ "mssql", "sqlserver", "sqlserver", "sa", "YourStrong@Passw0rd", "mcr.microsoft.com/mssql/server:2022-latest",
		  1433, 180 },
	};

	plugins_set_dir(DBA_SRCDIR "/plugins/postgres");
	setenv("DBARENA_PLUGIN_PATH", DBA_SRCDIR "/plugins/mysql:" DBA_SRCDIR "/plugins/mssql", 1);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const engine_file *en;
		dba_param *s;
		size_t n;
		char image[256] = "", tag[64] = "";
		err e;

		memset(&e, 0, sizeof(e));
		cr_assert_eq(engines_find(want[i].alias, &en, &e), 0, "%s: %s", want[i].alias, e.msg);
		cr_assert_str_eq(en->name, want[i].name);
		cr_assert_str_eq(en->scheme, want[i].scheme);
		cr_assert_str_eq(en->user, want[i].user);
		cr_assert_str_eq(en->password, want[i].password);
		cr_assert_str_eq(en->database, "testdb");
		cr_assert_eq(en->port, want[i].port);
		cr_assert_eq(en->ready_timeout_s, want[i].wait);
		n = engines_settings(en, "docker", &s);
		for (size_t k = 0; k < n; k++) {
			if (!strcmp(s[k].key, "image"))
				snprintf(image, sizeof(image), "%s", s[k].value);
			if (!strcmp(s[k].key, "tag"))
				snprintf(tag, sizeof(tag), "%s", s[k].value);
		}
		free(s);
		cr_assert_eq(strlen(image) + 1 + strlen(tag), strlen(want[i].image));
		cr_assert(!strncmp(want[i].image, image, strlen(image)) && !strcmp(want[i].image + strlen(image) + 1, tag),
			  "%s: image %s:%s", want[i].name, image, tag);
	}
	{
		const engine_file *en;
		char *sql;
		err e;

		memset(&e, 0, sizeof(e));
		cr_assert_eq(engines_find("sqlserver", &en, &e), 0, "%s", e.msg);
		cr_assert_str_eq(en->admin_database, "master");
		sql = engines_expand(en->create_database, en->user, en->password, en->database, en->port);
		cr_assert_str_eq(sql, "IF DB_ID(N'testdb') IS NULL CREATE DATABASE [testdb]");
		free(sql);
	}
}
