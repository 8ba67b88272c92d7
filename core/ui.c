#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"

static int no_color;

int ui_tty(void)
{
	return isatty(STDERR_FILENO);
}

void ui_set_no_color(int on)
{
	no_color = on;
}

int ui_color(void)
{
	const char *nc = getenv("NO_COLOR");

	return ui_tty() && !no_color && !(nc && *nc);
}

struct ui_table {
	unsigned ncols;
	char **cells;      /* row-major, header row first */
	size_t nrows;      /* including the header */
	unsigned char *right;
};

static char *dup0(const char *s)
{
	return strdup(s ? s : "");
}

ui_table *ui_table_new(unsigned ncols, const char *const *headers)
{
	ui_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->ncols = ncols;
	t->right = calloc(ncols ? ncols : 1, 1);
	ui_table_add(t, headers);
	return t;
}

void ui_table_align_right(ui_table *t, unsigned col)
{
	if (t && col < t->ncols)
		t->right[col] = 1;
}

void ui_table_add(ui_table *t, const char *const *cells)
{
	char **v;

	if (!t)
		return;
	v = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(*v));
	if (!v)
		return;
	t->cells = v;
	for (unsigned i = 0; i < t->ncols; i++)
		v[t->nrows * t->ncols + i] = dup0(cells ? cells[i] : NULL);
	t->nrows++;
}

/* Display width of UTF-8 text: one column per code point (no wide-glyph table). */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

void ui_table_print(const ui_table *t, FILE *f)
{
	size_t *w;

	if (!t)
		return;
	w = calloc(t->ncols ? t->ncols : 1, sizeof(*w));
	if (!w)
		return;
	for (size_t r = 0; r < t->nrows; r++)
		for (unsigned c = 0; c < t->ncols; c++) {
			size_t n = width(t->cells[r * t->ncols + c]);
			if (n > w[c])
				w[c] = n;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		for (unsigned c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			size_t pad = w[c] - width(s);
			int last = c + 1 == t->ncols;

			if (c)
				fputs(" | ", f);
			if (t->right[c] && r > 0)
				fprintf(f, "%*s%s", (int)pad, "", s);
			else if (last)
				fputs(s, f);
			else
				fprintf(f, "%s%*s", s, (int)pad, "");
		}
		fputc('\n', f);
		if (r == 0) {
			for (unsigned c = 0; c < t->ncols; c++) {
				if (c)
					fputs("-+-", f);
				for (size_t i = 0; i < w[c]; i++)
					fputc('-', f);
			}
			fputc('\n', f);
		}
	}
	free(w);
}

void ui_table_free(ui_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->right);
	free(t);
}

void ui_fmt_rate(char *buf, size_t cap, double v)
{
	if (v >= 1e6)
		snprintf(buf, cap, "%.1fM", v / 1e6);
	else if (v >= 1e4)
		snprintf(buf, cap, "%.1fk", v / 1e3);
	else if (v >= 100)
		snprintf(buf, cap, "%.0f", v);
	else
		snprintf(buf, cap, "%.1f", v);
}

void ui_fmt_count(char *buf, size_t cap, unsigned long long v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%llu", v), o = 0;

	for (int i = 0; i < n && (size_t)o + 1 < cap; i++) {
		if (i && (n - i) % 3 == 0 && (size_t)o + 2 < cap)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	if (cap)
		buf[o] = '\0';
}

void ui_fmt_us(char *buf, size_t cap, double us)
{
	if (us < 1000)
		snprintf(buf, cap, "%.0fus", us);
	else if (us < 1e6)
		snprintf(buf, cap, "%.*fms", us < 1e4 ? 2 : 1, us / 1000);
	else
		snprintf(buf, cap, "%.2fs", us / 1e6);
}
