/*
 * Terminal output: TTY detection, colours, aligned tables, number formatting,
 * and all drawing on the terminal (progress bars, spinners, live views).
 */
#ifndef DBARENA_UI_H
#define DBARENA_UI_H

#include <stdint.h>
#include <stdio.h>

/* 1 when stderr is a terminal (progress and live views animate only then). */
int ui_tty(void);
/* 1 when colour is allowed: a TTY, no --no-color, no NO_COLOR. */
int ui_color(void);
void ui_set_no_color(int on);

typedef struct ui_table ui_table;
ui_table *ui_table_new(unsigned ncols, const char *const *headers);
/* Right-aligns column col (numbers). */
void ui_table_align_right(ui_table *t, unsigned col);
/* Copies the cells; NULL cells print as empty. */
void ui_table_add(ui_table *t, const char *const *cells);
void ui_table_print(const ui_table *t, FILE *f);
void ui_table_free(ui_table *t);

/*
 * One progress line on stderr, redrawn in place, only on a TTY and at most
 * ten times a second (the last state of a step is drawn when it changes
 * step): "  what [#####     ]  42%" when total > 0, "  what" otherwise.
 * what NULL clears the line.  Not thread-safe: callers serialise.
 */
#include <stdint.h>
void ui_step_progress(const char *what, uint64_t done, uint64_t total);

/*
 * Text from a server (error messages, notices, samples) made safe for a
 * terminal: control characters (and the UTF-8 C1 controls, U+0080..U+009F)
 * become \n, \r, \t, \e or \xNN / \u00NN; the rest is copied.  Always
 * NUL-terminated; an escape is never cut in half.  Returns dst.
 */
char *ui_escape(char *dst, size_t cap, const char *src);

/* "1.2k", "3.4M" style for rates; "12,345" style for counts. */
void ui_fmt_rate(char *buf, size_t cap, double v);
void ui_fmt_count(char *buf, size_t cap, unsigned long long v);
/* "850us", "12.3ms", "1.20s" from microseconds. */
void ui_fmt_us(char *buf, size_t cap, double us);

/*
 * Progress of done out of total rows after elapsed seconds, on stderr.  live
 * (and a TTY): a bar redrawn in place, with an ETA until final ends the
 * line; otherwise one summary line when final.  Safe from several threads.
 */
void ui_progress(const char *label, uint64_t done, int64_t total, double elapsed, int live, int final);
/* Ends a progress line left open on a TTY (the load stopped before final). */
void ui_progress_break(void);

/*
 * A live view of n lines on stderr (a TTY): redraws over the *drawn lines
 * drawn before (0 the first time), each line cleared to its end; *drawn = n.
 */
void ui_live_draw(const char *const *lines, int n, int *drawn);

/*
 * A spinner line on stderr (a TTY only): frame k of "|/-\\", then the text
 * of fmt; redrawn in place by the next call, wiped by ui_spin_clear.
 */
void ui_spin(unsigned k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_spin_clear(void);

#endif
