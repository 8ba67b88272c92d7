#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "ui.h"

/* vsnprintf that says where it had to cut instead of cutting silently. */
static void put(char *buf, size_t cap, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, cap, fmt, ap);
	char tail[48];
	size_t t;

	if (n < 0 || (size_t)n < cap)
		return;
	t = (size_t)snprintf(tail, sizeof(tail), "... (%zu more bytes)", (size_t)n - (cap - 1));
	memcpy(buf + cap - 1 - t, tail, t + 1);
}

int err_set(err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	e->code = code;
	e->detail[0] = e->hint[0] = '\0';
	va_start(ap, fmt);
	put(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void err_detail(err *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	put(e->detail, sizeof(e->detail), fmt, ap);
	va_end(ap);
}

void err_hint(err *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	put(e->hint, sizeof(e->hint), fmt, ap);
	va_end(ap);
}

int err_from_db(err *e, int code, const dba_error *db, const char *context)
{
	if (!e)
		return -1;
	if (context && *context)
		err_set(e, code, "%s: %s", context, db->message);
	else
		err_set(e, code, "%s", db->message);
	snprintf(e->detail, sizeof(e->detail), "%s", db->detail);
	snprintf(e->hint, sizeof(e->hint), "%s", db->hint);
	if (db != &e->db)
		e->db = *db;
	return -1;
}

void err_print(const err *e)
{
	/* Server text may hold control characters: escaped (ui_escape).  One write per line. */
	char buf[4 * sizeof(e->detail) + 1];

	fprintf(stderr, "dbarena: error: %s\n", ui_escape(buf, sizeof(buf), e->msg[0] ? e->msg : "unknown error"));
	if (e->detail[0])
		fprintf(stderr, "  detail: %s\n", ui_escape(buf, sizeof(buf), e->detail));
	if (e->hint[0])
		fprintf(stderr, "  hint: %s\n", ui_escape(buf, sizeof(buf), e->hint));
}

const char *err_class_name(int cls)
{
	switch (cls) {
	case DBA_ERR_NONE: return "none";
	case DBA_ERR_CONNECTION: return "connection";
	case DBA_ERR_DEADLOCK: return "deadlock";
	case DBA_ERR_CONSTRAINT: return "constraint";
	case DBA_ERR_TIMEOUT: return "timeout";
	case DBA_ERR_SYNTAX: return "syntax";
	case DBA_ERR_USAGE: return "usage";
	case DBA_ERR_UNSUPPORTED: return "unsupported";
	case DBA_ERR_PERMISSION: return "permission";
	case DBA_ERR_RESOURCE: return "resource";
	case DBA_ERR_DATA: return "data";
	}
	return "other";
}
