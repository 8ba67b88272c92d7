/* The plugin loader's refusals: the exact messages are the interface. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "err.h"
#include "plugins.h"

static char dir[PATH_MAX + 16];

/* The fixtures are built next to this test: <B>/tests/unit/x -> <B>/tests/plugins. */
static void setup(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	cr_assert(n > 0);
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	*slash = '\0';
	slash = strrchr(exe, '/');
	*slash = '\0';
	snprintf(dir, sizeof(dir), "%s/plugins", exe);
	plugins_set_dir(dir);
	unsetenv("DBARENA_PLUGIN_PATH");
}

TestSuite(loader, .init = setup);

static err load(const char *name, int kind, int want_rc)
{
	err e;
	plugin *p = NULL;

	memset(&e, 0, sizeof(e));
	cr_assert_eq(plugins_load(name, kind, &p, &e), want_rc, "%s: %s", name, e.msg);
	return e;
}

static void expect_msg(const err *e, const char *msg)
{
	char want[PATH_MAX + 256];

	snprintf(want, sizeof(want), msg, dir);
	cr_assert_str_eq(e->msg, want);
	cr_assert_eq(e->code, EXIT_PLUGIN);
}

Test(loader, good_fixture_loads)
{
	plugin *p = NULL;
	err e;

	memset(&e, 0, sizeof(e));
	cr_assert_eq(plugins_load("fxgood", DBA_KIND_DRIVER, &p, &e), 0, "%s", e.msg);
	cr_assert_not_null(p->driver.connect);
	cr_assert_not_null(p->driver.sync_identity, "a 1.1 plugin's 1.1 operation is used");
}

/* A plugin built for 1.0 loads, and nothing past its 1.0 operation table is read. */
Test(loader, older_minor_loads_without_newer_ops)
{
	plugin *p = NULL;
	err e;

	memset(&e, 0, sizeof(e));
	cr_assert_eq(plugins_load("fxabi10", DBA_KIND_DRIVER, &p, &e), 0, "%s", e.msg);
	cr_assert_not_null(p->driver.connect);
	cr_assert_not_null(p->driver.dialect);
	cr_assert_null(p->driver.sync_identity);
}

Test(loader, bad_magic)
{
	err e = load("fxmagic", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "incompatible plugin \"%s/fxmagic.so\": bad magic number");
}

Test(loader, major_mismatch)
{
	err e = load("fxmajor", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "incompatible plugin \"%s/fxmajor.so\": ABI version mismatch");
	cr_assert_str_eq(e.detail, "plugin built for ABI 2.1, dbarena provides 1.1");
	cr_assert_str_eq(e.hint, "install the dbarena-plugin-fxmajor package matching this dbarena (" DBA_VERSION ")");
}

Test(loader, minor_newer_than_core)
{
	err e = load("fxminor", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "incompatible plugin \"%s/fxminor.so\": ABI version mismatch");
	cr_assert_str_eq(e.detail, "plugin built for ABI 1.99, dbarena provides 1.1");
}

Test(loader, descriptor_too_small)
{
	err e = load("fxsize", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "incompatible plugin \"%s/fxsize.so\": descriptor too small");
}

Test(loader, name_mismatch)
{
	err e = load("fxname", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "incompatible plugin \"%s/fxname.so\": name mismatch");
	cr_assert_str_eq(e.detail, "the file is named \"fxname\" but the plugin calls itself \"fxothername\"");
	cr_assert_str_eq(e.hint, "rename the file to fxothername.so");
}

Test(loader, wrong_kind)
{
	err e = load("fxkind", DBA_KIND_DRIVER, -1);

	/* a runtime descriptor without runtime operations is refused before its kind is compared */
	cr_assert_eq(e.code, EXIT_PLUGIN);
	cr_assert(strstr(e.msg, "fxkind.so") != NULL, "%s", e.msg);
}

Test(loader, no_entry_symbol)
{
	err e = load("fxnoentry", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "incompatible plugin \"%s/fxnoentry.so\": no dba_plugin_entry symbol");
}

Test(loader, init_failure)
{
	err e = load("fxinit", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "plugin \"%s/fxinit.so\" failed to initialise: fixture init refuses to start");
}

Test(loader, missing_plugin_names_package)
{
	err e = load("nosuchdriver", DBA_KIND_DRIVER, -1);

	cr_assert_str_eq(e.msg, "no driver plugin \"nosuchdriver\" found");
	cr_assert(strstr(e.detail, dir) != NULL);
	cr_assert_str_eq(e.hint, "install dbarena-plugin-nosuchdriver");
}

Test(loader, unknown_scheme_names_package)
{
	err e;
	plugin *p;

	memset(&e, 0, sizeof(e));
	cr_assert_eq(plugins_driver_for_scheme("mysqlx", &p, &e), -1);
	cr_assert_str_eq(e.msg, "no driver plugin for \"mysqlx://\" URLs");
	cr_assert_str_eq(e.hint, "install dbarena-plugin-mysqlx");
	cr_assert_eq(e.code, EXIT_PLUGIN);
}

Test(loader, truncated_file)
{
	char path[PATH_MAX + 32];
	FILE *f;
	err e;
	plugin *p;

	snprintf(path, sizeof(path), "%s/fxtrunc.so", dir);
	f = fopen(path, "w");
	cr_assert(f);
	fputs("\177ELF", f);
	fclose(f);
	memset(&e, 0, sizeof(e));
	cr_assert_eq(plugins_load("fxtrunc", DBA_KIND_DRIVER, &p, &e), -1);
	unlink(path);
	expect_msg(&e, "cannot load plugin \"%s/fxtrunc.so\"");
	cr_assert(e.detail[0] != '\0');
}

Test(loader, truncated_real_plugin_is_refused_not_fatal)
{
	char src[PATH_MAX + 32], dst[PATH_MAX + 32], buf[1000];
	FILE *in, *out;
	size_t n;
	err e;
	plugin *p;

	/* dlopen of a cut ELF file would die with SIGBUS; the loader must refuse it first */
	snprintf(src, sizeof(src), "%s/fxgood.so", dir);
	snprintf(dst, sizeof(dst), "%s/fxcut.so", dir);
	in = fopen(src, "rb");
	out = fopen(dst, "wb");
	cr_assert(in && out);
	n = fread(buf, 1, sizeof(buf), in);
	fwrite(buf, 1, n, out);
	fclose(in);
	fclose(out);
	memset(&e, 0, sizeof(e));
	cr_assert_eq(plugins_load("fxcut", DBA_KIND_DRIVER, &p, &e), -1);
	unlink(dst);
	expect_msg(&e, "cannot load plugin \"%s/fxcut.so\"");
	cr_assert(strstr(e.detail, "truncated") != NULL, "%s", e.detail);
}
