#include "sqlsplit.h"

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The statement [stmt, p) ends here: hand it to fn with p temporarily cut. */
static int emit(char *stmt, char *p, int line, int (*fn)(void *, const char *, int), void *ud)
{
	char saved = *p;
	const char *s = stmt;
	int rc = 0;

	*p = '\0';
	while (blank(*s))
		s++;
	if (*s)
		rc = fn(ud, s, line);
	*p = saved;
	return rc;
}

int sqlsplit_run(char *text, int (*fn)(void *ud, const char *stmt, int line), void *ud)
{
	char *stmt = text, *p = text;
	char q = 0;
	int line = 1, stmt_line = 1, rc;

	for (;; p++) {
		int end = *p == '\0';

		if (!end && q) {
			if (*p == q)
				q = 0;
		} else if (!end && (*p == '\'' || *p == '"' || *p == '`')) {
			q = *p;
		} else if (!end && p[0] == '-' && p[1] == '-') {
			while (p[1] && p[1] != '\n')
				p++;
		} else if (end || *p == ';') {
			char *after = p + (end ? 0 : 1);

			while (!end && (*after == ' ' || *after == '\t' || *after == '\r'))
				after++;
			if (end || *after == '\n' || *after == '\0') {
				if ((rc = emit(stmt, p, stmt_line, fn, ud)))
					return rc;
				if (end)
					return 0;
				stmt = p + 1;
				stmt_line = line;
			}
		}
		if (*p == '\n') {
			line++;
			if (stmt == p + 1 || stmt > p)
				stmt_line = line;
		}
	}
}
