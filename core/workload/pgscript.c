/*
 * pgbench script files: SQL commands end at a semicolon (quotes and
 * comments respected) or where a meta-command starts; a meta-command is a
 * backslash word and its arguments up to the end of the line (a backslash
 * at the end of a line continues it).  Everything is checked here, before
 * any connection: unknown or unsupported meta-commands, expressions,
 * \gset placement and \if nesting, with FILE:LINE.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pgscript.h"

typedef struct ps {
	const char *path;
	pgs_script *s;
	unsigned slot;
	err *e;
	unsigned stack[64];  /* open \if commands */
	unsigned last[64];   /* the last \if, \elif or \else of each */
	unsigned depth;
} ps;

static int perr(ps *p, int line, const char *fmt, const char *arg)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), fmt, arg);
	return err_set(p->e, EXIT_USAGE, "%s:%d: %s", p->path, line, msg);
}

static pgs_cmd *add(ps *p, int type, int line)
{
	pgs_cmd *c = realloc(p->s->c, (p->s->n + 1) * sizeof(*c));

	if (!c)
		return NULL;
	p->s->c = c;
	c = &c[p->s->n++];
	memset(c, 0, sizeof(*c));
	c->type = type;
	c->line = line;
	return c;
}

/* Skips blanks and -- / slash-star comments. */
static const char *skip_blank(const char *q)
{
	for (;;) {
		while (isspace((unsigned char)*q))
			q++;
		if (q[0] == '-' && q[1] == '-')
			while (*q && *q != '\n')
				q++;
		else if (q[0] == '/' && q[1] == '*')
			q = strstr(q, "*/") ? strstr(q, "*/") + 2 : q + strlen(q);
		else
			return q;
	}
}

/* BEGIN, END, COMMIT, ROLLBACK ... run through the driver's transaction calls on every engine. */
static int tx_kind(const char *sql)
{
	static const struct { const char *w; int tx; } k[] = {
		{ "begin", DBA_TX_BEGIN }, { "begin transaction", DBA_TX_BEGIN }, { "begin work", DBA_TX_BEGIN },
		{ "start transaction", DBA_TX_BEGIN }, { "end", DBA_TX_COMMIT }, { "end transaction", DBA_TX_COMMIT },
		{ "end work", DBA_TX_COMMIT }, { "commit", DBA_TX_COMMIT }, { "commit work", DBA_TX_COMMIT },
		{ "commit transaction", DBA_TX_COMMIT }, { "rollback", DBA_TX_ROLLBACK }, { "abort", DBA_TX_ROLLBACK },
		{ "rollback work", DBA_TX_ROLLBACK }, { "rollback transaction", DBA_TX_ROLLBACK },
	};
	char w[64];
	size_t n = 0;

	for (const char *q = skip_blank(sql); *q && n + 1 < sizeof(w); q++)
		if (!isspace((unsigned char)*q) || (n && w[n - 1] != ' '))
			w[n++] = isspace((unsigned char)*q) ? ' ' : (char)tolower((unsigned char)*q);
	while (n && w[n - 1] == ' ')
		n--;
	w[n] = 0;
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (!strcmp(w, k[i].w))
			return k[i].tx;
	return 0;
}

static int add_var(void *ud, const char *name, size_t len)
{
	pgs_cmd *c = ud;
	char **v = realloc(c->vars, (c->nvars + 1) * sizeof(*v));

	if (!v)
		return -1;
	c->vars = v;
	return (v[c->nvars] = strndup(name, len)) ? (c->nvars++, 0) : -1;
}

static int sql_cmd(ps *p, const char *from, size_t len, int line)
{
	pgs_cmd *c;
	char *sql = strndup(from, len);

	if (!sql)
		return err_set(p->e, EXIT_RUNTIME, "out of memory");
	if (!*skip_blank(sql)) {
		free(sql);
		return 0;
	}
	if (!(c = add(p, PC_SQL, line))) {
		free(sql);
		return err_set(p->e, EXIT_RUNTIME, "out of memory");
	}
	c->sql = sql;
	c->tx = tx_kind(sql);
	if (!c->tx) {
		c->slot = p->slot++;
		if (workload_scan_placeholders(sql, add_var, c))
			return err_set(p->e, EXIT_RUNTIME, "out of memory");
	}
	return 0;
}

static int set_expr(ps *p, pgs_cmd *c, const char *text)
{
	char msg[900];

	if (!(c->expr = pgx_parse(text, msg, sizeof(msg))))
		return perr(p, c->line, "%s", msg);
	return 0;
}

static int sleep_cmd(ps *p, pgs_cmd *c, const char *args)
{
	char a[256], u[16] = "s";
	int n = sscanf(args, "%255s %15s", a, u);

	if (n < 1)
		return perr(p, c->line, "%s", "\\sleep needs a duration");
	if (!strcasecmp(u, "s"))
		c->usec = 1000000;
	else if (!strcasecmp(u, "ms"))
		c->usec = 1000;
	else if (!strcasecmp(u, "us"))
		c->usec = 1;
	else
		return perr(p, c->line, "unknown time unit \"%s\" (us, ms or s)", u);
	if (a[0] != ':' && !isdigit((unsigned char)a[0]) && a[0] != '-')
		return perr(p, c->line, "\\sleep takes an integer or a :variable, not \"%s\"", a);
	return set_expr(p, c, a);
}

static int cond_cmd(ps *p, pgs_cmd *c, const char *word, const char *args)
{
	unsigned idx = (unsigned)(c - p->s->c), top;

	if (!strcmp(word, "if")) {
		if (p->depth == sizeof(p->stack) / sizeof(p->stack[0]))
			return perr(p, c->line, "%s", "\\if nested too deeply");
		p->stack[p->depth] = p->last[p->depth] = idx;
		p->depth++;
		return set_expr(p, c, args);
	}
	if (!p->depth)
		return perr(p, c->line, "\\%s without a matching \\if", word);
	top = p->depth - 1;
	if (p->s->c[p->last[top]].type == PC_ELSE && c->type != PC_ENDIF)
		return perr(p, c->line, "\\%s after \\else", word);
	p->s->c[p->last[top]].next = idx;
	p->last[top] = idx;
	if (c->type == PC_ENDIF) {
		/* every member of the chain knows its \endif */
		for (unsigned i = p->stack[top]; i != idx; i = p->s->c[i].next)
			p->s->c[i].end = idx;
		p->depth--;
		return *args ? perr(p, c->line, "%s", "\\endif takes no arguments") : 0;
	}
	if (c->type == PC_ELSE)
		return *args ? perr(p, c->line, "%s", "\\else takes no arguments") : 0;
	return set_expr(p, c, args);
}

static int gset_cmd(ps *p, int line, int kind, const char *args)
{
	pgs_cmd *c = p->s->n ? &p->s->c[p->s->n - 1] : NULL;
	char pre[128] = "";

	if (!c || c->type != PC_SQL || c->gset || c->tx)
		return perr(p, line, "\\%s must follow an SQL command", kind == 1 ? "gset" : "aset");
	sscanf(args, "%127s", pre);
	c->gset = kind;
	return (c->prefix = strdup(pre)) ? 0 : err_set(p->e, EXIT_RUNTIME, "out of memory");
}

static int meta(ps *p, char *text, int line)
{
	static const char *const unsupported[] = { "shell", "setshell", "startpipeline", "endpipeline",
						   "syncpipeline", "flushrequest", "getresults" };
	static const struct { const char *w; int t; } kinds[] = { { "set", PC_SET }, { "sleep", PC_SLEEP },
		{ "if", PC_IF }, { "elif", PC_ELIF }, { "else", PC_ELSE }, { "endif", PC_ENDIF } };
	char *word = text + 1, *args = word;
	pgs_cmd *c;
	size_t i;

	while (isalnum((unsigned char)*args) || *args == '_')
		args++;
	char *wend = args;

	while (isspace((unsigned char)*args))
		args++;
	*wend = 0;
	for (char *q = args + strlen(args); q > args && isspace((unsigned char)q[-1]);)
		*--q = 0;
	if (!strcasecmp(word, "gset") || !strcasecmp(word, "aset"))
		return gset_cmd(p, line, !strcasecmp(word, "gset") ? 1 : 2, args);
	for (i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (!strcasecmp(word, unsupported[i]))
			return perr(p, line, "\\%s is not supported by dbarena's pgbench scripts", word);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && strcasecmp(word, kinds[i].w); i++)
		;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		return perr(p, line, "invalid command \\%s", word);
	if (!(c = add(p, kinds[i].t, line)))
		return err_set(p->e, EXIT_RUNTIME, "out of memory");
	if (c->type == PC_SLEEP)
		return sleep_cmd(p, c, args);
	if (c->type != PC_SET)
		return cond_cmd(p, c, kinds[i].w, args);
	char *name = args;

	while (isalnum((unsigned char)*args) || *args == '_')
		args++;
	if (args == name)
		return perr(p, line, "%s", "\\set needs a variable name and an expression");
	if (!(c->var = strndup(name, (size_t)(args - name))))
		return err_set(p->e, EXIT_RUNTIME, "out of memory");
	return set_expr(p, c, args);
}

/* A meta-command from q (at the backslash) to the end of its line; *q and *line move past it. */
static int read_meta(ps *p, const char **q, int *line)
{
	const char *s = *q;
	char *buf = malloc(strlen(s) + 1);
	size_t n = 0;
	int start = *line, rc;

	if (!buf)
		return err_set(p->e, EXIT_RUNTIME, "out of memory");
	while (*s && *s != '\n') {
		if (*s == '\\' && n > 0 && (s[1] == '\n' || (s[1] == '\r' && s[2] == '\n'))) {
			s += s[1] == '\r' ? 3 : 2;
			(*line)++;
			buf[n++] = ' ';
			continue;
		}
		buf[n++] = *s == '\r' ? ' ' : *s;
		s++;
	}
	buf[n] = 0;
	*q = s;
	rc = meta(p, buf, start);
	free(buf);
	return rc;
}

static int scan(ps *p, const char *text)
{
	const char *q = text, *from = NULL;
	int line = 1, from_line = 1;

	for (;;) {
		if (!from) {
			while (isspace((unsigned char)*q))
				line += *q++ == '\n';
			from = q;
			from_line = line;
		}
		if (!*q || *q == ';' || *q == '\\') {
			if (sql_cmd(p, from, (size_t)(q - from), from_line))
				return -1;
			from = NULL;
			if (!*q)
				return 0;
			if (*q == ';') {
				q++;
				continue;
			}
			if (read_meta(p, &q, &line))
				return -1;
		} else if (*q == '\'' || *q == '"' || *q == '`') {
			char quote = *q++;

			while (*q && *q != quote)
				line += *q++ == '\n';
			if (*q)
				q++;
		} else if ((q[0] == '-' && q[1] == '-') || (q[0] == '/' && q[1] == '*')) {
			const char *end = skip_blank(q);

			for (; q < end; q++)
				line += *q == '\n';
		} else {
			line += *q++ == '\n';
		}
	}
}

int pgs_parse(const char *path, const char *text, unsigned slot0, pgs_script *s, err *e)
{
	ps p = { .path = path, .s = s, .slot = slot0, .e = e };

	if (scan(&p, text))
		return -1;
	if (p.depth)
		return perr(&p, s->c[p.stack[p.depth - 1]].line, "%s", "\\if without a matching \\endif");
	if (!s->n)
		return err_set(e, EXIT_USAGE, "%s: the script has no commands", path);
	return 0;
}

void pgs_script_free(pgs_script *s)
{
	for (unsigned i = 0; s && i < s->n; i++) {
		pgs_cmd *c = &s->c[i];

		free(c->sql);
		free(c->psql);
		for (unsigned k = 0; k < c->nvars; k++)
			free(c->vars[k]);
		free(c->vars);
		free(c->prefix);
		free(c->var);
		pgx_free(c->expr);
	}
	if (s) {
		free(s->c);
		free(s->path);
	}
}
