/* Terminal output: TTY detection, colours, aligned tables, number formatting. */
#ifndef DBARENA_UI_H
#define DBARENA_UI_H

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

/* "1.2k", "3.4M" style for rates; "12,345" style for counts. */
void ui_fmt_rate(char *buf, size_t cap, double v);
void ui_fmt_count(char *buf, size_t cap, unsigned long long v);
/* "850us", "12.3ms", "1.20s" from microseconds. */
void ui_fmt_us(char *buf, size_t cap, double us);

#endif
