#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
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

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;

void ui_progress(const char *label, uint64_t done, int64_t total, double elapsed, int live, int final)
{
	double el = elapsed, rate = el > 0 ? (double)done / el : 0;
	char r[32], n1[32], n2[32];

	ui_fmt_rate(r, sizeof(r), rate);
	ui_fmt_count(n1, sizeof(n1), done);
	ui_fmt_count(n2, sizeof(n2), (unsigned long long)total);
	pthread_mutex_lock(&progress_lock);
	if (ui_tty() && live) {
		int width = 24, fill = total ? (int)((double)done * width / (double)total) : width;
		char bar[64];
		double eta = rate > 0 ? (double)(total - (int64_t)done) / rate : 0;

		for (int k = 0; k < width; k++)
			bar[k] = k < fill ? '#' : '.';
		bar[width] = '\0';
		fprintf(stderr, "\r\033[K  %-22s [%s] %s/%s  %s rows/s", label, bar, n1, n2, r);
		if (!final)
			fprintf(stderr, "  ETA %.0fs", eta);
		if (final)
			fputc('\n', stderr);
	} else if (final) {
		fprintf(stderr, "  %s: %s rows in %.2f s (%s rows/s)\n", label, n1, el, r);
	}
	fflush(stderr);
	pthread_mutex_unlock(&progress_lock);
}

void ui_progress_break(void)
{
	if (ui_tty())
		fputc('\n', stderr);
}

void ui_live_draw(const char *const *lines, int n, int *drawn)
{
	if (*drawn)
		fprintf(stderr, "\033[%dA", *drawn);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "%s\033[K%s\n", i ? "" : "\r", lines[i]);
	*drawn = n;
}

void ui_spin(unsigned k, const char *fmt, ...)
{
	static const char spin[] = "|/-\\";
	va_list ap;

	if (!ui_tty())
		return;
	fprintf(stderr, "\r  %c ", spin[k % 4]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

void ui_spin_clear(void)
{
	if (ui_tty())
		fprintf(stderr, "\r\033[K");
}
void ui_step_progress(const char *what, uint64_t done, uint64_t total)
{
	static char last[64];
	static struct timespec drawn;
	struct timespec now;

	if (!ui_tty())
		return;
	if (!what) {
		if (last[0])
			fputs("\r\033[K", stderr);
		last[0] = '\0';
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!strncmp(last, what, sizeof(last) - 1) && done != total &&
	    (now.tv_sec - drawn.tv_sec) * 1000000000L + (now.tv_nsec - drawn.tv_nsec) < 100000000L)
		return;
	drawn = now;
	snprintf(last, sizeof(last), "%s", what);
	if (total > 0) {
		int w = (int)(30 * (done > total ? total : done) / total);

		fprintf(stderr, "\r\033[K  %-24.24s [%.*s%*s] %3d%%", what, w, "##############################", 30 - w, "",
			(int)(100 * (done > total ? total : done) / total));
	} else {
		fprintf(stderr, "\r\033[K  %s", what);
	}
	fflush(stderr);
}

char *ui_escape(char *dst, size_t cap, const char *src)
{
	size_t o = 0;

	if (!cap)
		return dst;
	for (const unsigned char *p = (const unsigned char *)(src ? src : ""); *p; p++) {
		char esc[8];
		size_t n;

		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == 0x1b)
			n = (size_t)snprintf(esc, sizeof(esc), "\\%c", *p == '\n' ? 'n' : *p == '\r' ? 'r' : *p == '\t' ? 't' : 'e');
		else if (*p < 0x20 || *p == 0x7f)
			n = (size_t)snprintf(esc, sizeof(esc), "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			n = (size_t)snprintf(esc, sizeof(esc), "\\u%04x", *++p);
		else
			esc[0] = (char)*p, esc[1] = 0, n = 1;
		if (o + n >= cap)
			break;
		memcpy(dst + o, esc, n);
		o += n;
	}
	dst[o] = 0;
	return dst;
}
