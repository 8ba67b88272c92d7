/*
 * Unique keys in a workload: which columns the driver's unique keys cover,
 * and run-unique values for them in INSERTs (see uniq.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../drv.h"
#include "../gen/choose.h"
#include "colspec.h"
#include "uniq.h"

int uniq_col(const target *t, const wl_table *w, int ci)
{
	uint32_t n;
	const dba_unique *u = drv_uniques(t->drv, w->d, &n);

	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < u[i].ncols; j++)
			if (!strcmp(u[i].columns[j], w->d->columns[ci].name))
				return 1;
	return 0;
}

static const char b36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

int uniq_text_counter(wl_col *wc, int32_t max_length)
{
	struct timespec ts;
	uint64_t stamp;
	int n = 1, room = max_length <= 0 ? 8 : max_length - 5; /* 'w' + stamp + 4 counter digits */

	if (room > 8)
		room = 8;
	if (room < 4)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	stamp = (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
	wc->utag[0] = 'w';
	while (n <= room) {
		wc->utag[n++] = b36[stamp % 36];
		stamp /= 36;
	}
	wc->utag[n] = 0;
	wc->counter_key = 3;
	atomic_store(&wc->next, 0);
	return 1;
}

void uniq_text_value(const wl_col *wc, uint64_t n, char *buf, size_t cap, dba_value *v)
{
	char digits[16];
	int d = 0;

	do {
		digits[d++] = b36[n % 36];
		n /= 36;
	} while (n && d < (int)sizeof(digits));
	snprintf(buf, cap, "%s", wc->utag);
	for (size_t at = strlen(buf); d > 0 && at + 1 < cap; at++)
		buf[at] = digits[--d], buf[at + 1] = 0;
	v->type = DBA_T_TEXT;
	v->u.str = buf;
	v->len = (uint32_t)strlen(buf);
}

/* Insert column of table column ci, -1 when the INSERT leaves it out. */
static int ins_of(const wl_table *w, int ci)
{
	for (unsigned k = 0; k < w->nins; k++)
		if (w->ins[k].idx == ci)
			return (int)k;
	return -1;
}

static int col_idx(const dba_table *d, const char *name)
{
	for (uint32_t i = 0; i < d->ncolumns; i++)
		if (!strcmp(d->columns[i].name, name))
			return (int)i;
	return -1;
}

/* 1 when the INSERT already gives the key's column ci a value no row has. */
static int unique_already(const wl_table *w, int ci)
{
	const dba_column *c = &w->d->columns[ci];
	int k = ins_of(w, ci);

	if (k < 0) /* the database's: identity, a function default; or NULL, which never collides */
		return c->is_identity || c->is_generated || c->nullable || c->has_default;
	return w->ins[k].counter_key || w->ins[k].run_unique ||
	       (w->ins[k].spec && !strcmp(gen_spec_name(w->ins[k].spec), "uuid"));
}

/* Makes insert column k unique to the run; 0 when its type allows none. */
static int make_unique(wl_table *w, unsigned k)
{
	wl_col *wc = &w->ins[k];
	const dba_column *c = &w->d->columns[wc->idx];
	gen_spec *sp = NULL;

	if (wc->fk_table >= 0)
		return 0;
	switch (c->family) {
	case DBA_FAM_INT:
		wc->counter_key = 1, wc->cmax = choose_int_max(w->d, (uint32_t)wc->idx);
		break;
	case DBA_FAM_TIMESTAMP:
		wc->counter_key = 2;
		wc->step = colspec_clock_step(c);
		break;
	case DBA_FAM_UUID:
		sp = colspec_of("uuid", NULL, NULL, NULL, NULL);
		break;
	case DBA_FAM_TEXT:
		uniq_text_counter(wc, c->max_length);
		break;
	}
	if (!wc->counter_key && !sp)
		return 0;
	if (sp) {
		gen_spec_free(wc->spec);
		wc->spec = sp;
	}
	wc->run_unique = 1;
	return 1;
}

void uniq_insert(const target *t, wl_table *w)
{
	uint32_t n;
	const dba_unique *u = drv_uniques(t->drv, w->d, &n);

	if (!w->sql[WL_S_INSERT])
		return;
	for (uint32_t i = 0; i < n; i++) {
		int done = 0;

		for (uint32_t j = 0; j < u[i].ncols && !done; j++) {
			int ci = col_idx(w->d, u[i].columns[j]);

			done = ci < 0 || unique_already(w, ci);
		}
		for (uint32_t j = 0; j < u[i].ncols && !done; j++) {
			int k = ins_of(w, col_idx(w->d, u[i].columns[j]));

			done = k >= 0 && make_unique(w, (unsigned)k);
		}
		if (!done && !u[i].partial) {
			/* every column an FK, a boolean, an enum or short text: inserts would repeat a key */
			free(w->sql[WL_S_INSERT]);
			w->sql[WL_S_INSERT] = NULL;
			return;
		}
	}
}
