#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"
#include "target.h"

int target_resolve(const char *url_text, const char *name, target *t, err *e)
{
	char *inst_url = NULL;
	dba_instance inst;
	int rc = -1;

	memset(&inst, 0, sizeof(inst));
	memset(t, 0, sizeof(*t));
	if (name) {
		if (instance_resolve(name, &inst, &inst_url, e))
			return -1;
		url_text = inst_url;
	}
	if (url_parse(url_text, &t->u, e))
		goto out;
	t->display = url_format(&t->u, 0);
	if (plugins_driver_for_scheme(t->u.scheme, &t->drv, e))
		goto out;
	t->ops = &t->drv->driver;
	if (!t->ops->connect || !t->ops->exec || !t->ops->escape_ident || !t->ops->dialect) {
		err_set(e, EXIT_PLUGIN, "driver plugin \"%s\" lacks required operations", t->drv->path);
		goto out;
	}
	t->dialect = t->ops->dialect();
	url_conninfo(&t->u, &t->ci);
	/* A password kept out of URLs (and so out of shell history and process lists). */
	if (!t->ci.password && getenv("DBARENA_PASSWORD") && *getenv("DBARENA_PASSWORD"))
		t->ci.password = getenv("DBARENA_PASSWORD");
	rc = 0;
out:
	if (inst_url) {
		memset(inst_url, 0, strlen(inst_url));
		free(inst_url);
	}
	memset(&inst, 0, sizeof(inst)); /* holds the password */
	if (rc)
		target_free(t);
	return rc;
}

int target_connect(target *t, dba_conn **c, err *e)
{
	return target_connect_within(t, c, 0, e);
}

int target_connect_within(target *t, dba_conn **c, int32_t secs, err *e)
{
	dba_conninfo ci = t->ci;
	dba_error de;
	char ctx[1200];

	if (secs > 0 && (ci.connect_timeout_s <= 0 || secs < ci.connect_timeout_s))
		ci.connect_timeout_s = secs;
	memset(&de, 0, sizeof(de));
	if (t->ops->connect(&ci, c, &de) == 0)
		return 0;
	snprintf(ctx, sizeof(ctx), "cannot connect to %s", t->display ? t->display : "the server");
	return err_from_db(e, de.err_class == DBA_ERR_USAGE ? EXIT_USAGE : EXIT_RUNTIME, &de, ctx);
}

void target_set_statement_timeout(target *t, int32_t ms)
{
	t->ci.statement_timeout_ms = ms;
	if (ms > 0 && t->drv->d->abi_minor < 1)
		fprintf(stderr, "dbarena: warning: the %s driver (%s) was built for ABI %u.%u and cannot enforce "
			"--statement-timeout; install the plugin package matching this dbarena (%s)\n",
			t->drv->d->name, t->drv->path, (unsigned)t->drv->d->abi_major,
			(unsigned)t->drv->d->abi_minor, DBA_VERSION);
}

void target_free(target *t)
{
	if (!t)
		return;
	url_free(&t->u);
	free(t->display);
	memset(t, 0, sizeof(*t));
}

char *target_quote(const target *t, const char *schema, const char *name)
{
	size_t a = schema ? t->ops->escape_ident(schema, NULL, 0) : 0;
	size_t b = t->ops->escape_ident(name, NULL, 0);
	char *out = malloc(a + b + 2);

	if (!out)
		return NULL;
	if (schema) {
		t->ops->escape_ident(schema, out, a + 1);
		out[a] = '.';
		t->ops->escape_ident(name, out + a + 1, b + 1);
	} else {
		t->ops->escape_ident(name, out, b + 1);
	}
	return out;
}
