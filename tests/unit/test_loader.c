/* The plugin loader's refusals: the exact messages are the interface. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "err.h"
#include "drv.h"
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
	cr_assert_str_eq(e.detail, "plugin built for ABI 2.4, dbarena provides 1.4");
	cr_assert_str_eq(e.hint, "install the dbarena-plugin-fxmajor package matching this dbarena (" DBA_VERSION ")");
}

Test(loader, minor_newer_than_core)
{
	err e = load("fxminor", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "incompatible plugin \"%s/fxminor.so\": ABI version mismatch");
	cr_assert_str_eq(e.detail, "plugin built for ABI 1.99, dbarena provides 1.4");
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
	cr_assert_eq(plugins_driver_for_scheme("nosuchscheme", &p, &e), -1);
	cr_assert_str_eq(e.msg, "no driver plugin for \"nosuchscheme://\" URLs");
	cr_assert(strstr(e.detail, dir) != NULL, "%s", e.detail);
	cr_assert_str_eq(e.hint, "install dbarena-plugin-nosuchscheme");
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

/* A plugin built from the 1.0 header (its descriptor and table end earlier) loads and runs. */
static void run_old(const char *name, int minor)
{
	plugin *p = NULL;
	dba_conn *c = NULL;
	dba_error de;
	dba_table *t = NULL;
	dba_conninfo ci;
	char buf[32];
	err e;

	memset(&e, 0, sizeof(e));
	memset(&de, 0, sizeof(de));
	memset(&ci, 0, sizeof(ci));
	cr_assert_eq(plugins_driver_for_scheme(name, &p, &e), 0, "%s: %s / %s", name, e.msg, e.detail);
	cr_assert_str_eq(p->d->name, name);
	cr_assert_eq(p->d->abi_minor, minor);
	cr_assert_eq(p->driver.escape_ident("x", buf, sizeof(buf)), 3);
	cr_assert_str_eq(buf, "[x]");
	cr_assert_eq(p->driver.connect(&ci, &c, &de), 0, "%s", de.message);
	cr_assert_eq(p->driver.exec(c, "SELECT 1", NULL, NULL, NULL, &de), 0, "%s", de.message);
	cr_assert_eq(drv_describe(p, c, NULL, "t", &t, &de), 0, "%s", de.message);
	cr_assert_eq(t->ncolumns, 2);
	cr_assert_str_eq(t->columns[1].name, "label");
	cr_assert_eq(t->columns[1].max_length, 40);
	p->driver.table_free(t);
	cr_assert_eq(drv_describe(p, c, NULL, "nope", &t, &de), -1);
	cr_assert_str_eq(de.message, "table \"nope\" does not exist");
	p->driver.disconnect(c);
	if (minor >= 1)
		cr_assert_not_null(p->driver.sync_identity, "a 1.1 plugin's 1.1 operation is used");
	else
		cr_assert_null(p->driver.sync_identity, "nothing past a 1.0 table is read");
	cr_assert_null(p->driver.reusable, "nothing past a %d.%d table is read", 1, minor);
}

Test(loader, abi_1_0_plugin_loads_and_runs)
{
	run_old("fxold10", 0);
}

Test(loader, abi_1_1_plugin_loads_and_runs)
{
	run_old("fxold11", 1);
}

Test(loader, abi_1_2_plugin_loads_and_runs)
{
	run_old("fxold12", 2);
}

Test(loader, abi_1_3_plugin_loads_and_runs)
{
	run_old("fxold13", 3);
}

Test(loader, abi_1_5_refused_naming_both_versions)
{
	err e = load("fxabi15", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "incompatible plugin \"%s/fxabi15.so\": ABI version mismatch");
	cr_assert_str_eq(e.detail, "plugin built for ABI 1.5, dbarena provides 1.4");
	cr_assert_str_eq(e.hint, "install the dbarena-plugin-fxabi15 package matching this dbarena (" DBA_VERSION ")");
}

Test(loader, descriptor_smaller_than_its_declared_minor)
{
	err e = load("fxsize12", DBA_KIND_DRIVER, -1);
	char want[128];

	expect_msg(&e, "incompatible plugin \"%s/fxsize12.so\": descriptor too small");
	snprintf(want, sizeof(want), "descriptor is %zu bytes, ABI 1.2 needs at least %zu", DBA_PLUGIN_SIZE_1_0,
		 DBA_PLUGIN_SIZE_1_2);
	cr_assert_str_eq(e.detail, want);
}

Test(loader, required_operation_missing)
{
	err e = load("fxnoexec", DBA_KIND_DRIVER, -1);

	expect_msg(&e, "incompatible plugin \"%s/fxnoexec.so\": no exec operation");
	cr_assert_str_eq(e.detail, "every driver provides connect, disconnect, escape_ident, render_literal, exec and "
				   "dialect (ABI 1.4)");
}

/* The scheme picks the driver that declares it, whatever the file is called. */
Test(loader, scheme_declared_by_a_differently_named_file)
{
	plugin *p = NULL, *q = NULL;
	err e;

	memset(&e, 0, sizeof(e));
	cr_assert_eq(plugins_driver_for_scheme("fxs3", &p, &e), 0, "%s", e.msg);
	cr_assert_str_eq(p->d->name, "fxschemes");
	cr_assert_eq(plugins_driver_for_scheme("FXS", &q, &e), 0, "%s", e.msg);
	cr_assert_eq(p, q, "one driver, loaded once");
	cr_assert_eq(plugins_driver_for_scheme("fxschemes", &q, &e), -1, "the file name is not a scheme");
}

Test(loader, two_drivers_one_scheme)
{
	plugin *p = NULL;
	err e;
	char want[2 * sizeof(dir) + 128];

	memset(&e, 0, sizeof(e));
	cr_assert_eq(plugins_driver_for_scheme("fxdup", &p, &e), -1);
	cr_assert_str_eq(e.msg, "two driver plugins serve \"fxdup://\" URLs");
	snprintf(want, sizeof(want), "%s/fxdupa.so and %s/fxdupb.so both declare the scheme \"fxdup\"", dir, dir);
	/* readdir order decides which is named first */
	if (strcmp(e.detail, want))
		snprintf(want, sizeof(want), "%s/fxdupb.so and %s/fxdupa.so both declare the scheme \"fxdup\"", dir,
			 dir);
	cr_assert_str_eq(e.detail, want);
	cr_assert_eq(e.code, EXIT_PLUGIN);
	/* the other scheme of fxdupb is still its own */
	cr_assert_eq(plugins_driver_for_scheme("fxdupb", &p, &e), 0, "%s", e.msg);
}

/* A scheme that names a refused file reports why it was refused. */
Test(loader, scheme_of_a_refused_file_says_why)
{
	plugin *p = NULL;
	err e;

	memset(&e, 0, sizeof(e));
	cr_assert_eq(plugins_driver_for_scheme("fxabi15", &p, &e), -1);
	expect_msg(&e, "incompatible plugin \"%s/fxabi15.so\": ABI version mismatch");
}
