/*
 * Loading the TPC-C-like tables with the specification's population
 * (clause 4.3.3.1): the items once, then per warehouse one job per table,
 * so --jobs loads tables and warehouse ranges side by side.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../gen/rng_inline.h"
#include "tpcc.h"

enum { T_ITEM = 0, T_WAREHOUSE, T_DISTRICT, T_CUSTOMER, T_HISTORY, T_ORDERS, T_NEW_ORDER, T_ORDER_LINE, T_STOCK, T_N };

#define I DBA_FAM_INT
#define X DBA_FAM_TEXT
#define M DBA_FAM_DECIMAL
#define S DBA_FAM_TIMESTAMP
static const struct tdef {
	const char *name;
	uint32_t n;
	const char *cols[21];
	int32_t fams[21];
} defs[T_N] = {
	{ "item", 5, { "i_id", "i_im_id", "i_name", "i_price", "i_data" }, { I, I, X, M, X } },
	{ "warehouse", 9, { "w_id", "w_name", "w_street_1", "w_street_2", "w_city", "w_state", "w_zip", "w_tax", "w_ytd" },
	  { I, X, X, X, X, X, X, M, M } },
	{ "district", 11, { "d_id", "d_w_id", "d_name", "d_street_1", "d_street_2", "d_city", "d_state", "d_zip", "d_tax",
			    "d_ytd", "d_next_o_id" }, { I, I, X, X, X, X, X, X, M, M, I } },
	{ "customer", 21, { "c_id", "c_d_id", "c_w_id", "c_first", "c_middle", "c_last", "c_street_1", "c_street_2", "c_city",
			    "c_state", "c_zip", "c_phone", "c_since", "c_credit", "c_credit_lim", "c_discount", "c_balance",
			    "c_ytd_payment", "c_payment_cnt", "c_delivery_cnt", "c_data" },
	  { I, I, I, X, X, X, X, X, X, X, X, X, S, X, M, M, M, M, I, I, X } },
	{ "history", 8, { "h_c_id", "h_c_d_id", "h_c_w_id", "h_d_id", "h_w_id", "h_date", "h_amount", "h_data" },
	  { I, I, I, I, I, S, M, X } },
	{ "orders", 8, { "o_id", "o_d_id", "o_w_id", "o_c_id", "o_entry_d", "o_carrier_id", "o_ol_cnt", "o_all_local" },
	  { I, I, I, I, S, I, I, I } },
	{ "new_order", 3, { "no_o_id", "no_d_id", "no_w_id" }, { I, I, I } },
	{ "order_line", 10, { "ol_o_id", "ol_d_id", "ol_w_id", "ol_number", "ol_i_id", "ol_supply_w_id", "ol_delivery_d",
			      "ol_quantity", "ol_amount", "ol_dist_info" }, { I, I, I, I, I, I, S, I, M, X } },
	{ "stock", 17, { "s_i_id", "s_w_id", "s_quantity", "s_dist_01", "s_dist_02", "s_dist_03", "s_dist_04", "s_dist_05",
			 "s_dist_06", "s_dist_07", "s_dist_08", "s_dist_09", "s_dist_10", "s_ytd", "s_order_cnt",
			 "s_remote_cnt", "s_data" }, { I, I, I, X, X, X, X, X, X, X, X, X, X, I, I, I, X } },
};
#undef I
#undef X
#undef M
#undef S

typedef struct src {
	int table;
	int64_t w, i, o, line, nlines; /* i: the row counter; order lines: order o of district, line of nlines */
	int64_t now_us;
	rng r;
	int perm[TPCC_CUST];
	char b[21][512];
} src;

/* A random a-string of lo..hi characters into column buffer k; its value. */
static dba_value astr(src *s, int k, int lo, int hi)
{
	int n = (int)rng_range(&s->r, lo, hi);

	rngi_chars(&s->r, s->b[k], n, 'a', 26);
	s->b[k][n] = 0;
	return bench_text(s->b[k], (uint32_t)n);
}

static dba_value nstr(src *s, int k, int n, const char *tail)
{
	rngi_chars(&s->r, s->b[k], n, '0', 10);
	s->b[k][n] = 0;
	strcat(s->b[k], tail);
	return bench_text(s->b[k], (uint32_t)strlen(s->b[k]));
}

static dba_value money(src *s, int k, int64_t cents)
{
	return (dba_value){ .type = DBA_T_DECIMAL, .len = tpcc_money(cents, s->b[k]), .u.str = s->b[k] };
}

static dba_value tax(src *s, int k)
{
	int n = snprintf(s->b[k], 16, "0.%04d", (int)rng_range(&s->r, 0, 2000));

	return (dba_value){ .type = DBA_T_DECIMAL, .len = (uint32_t)n, .u.str = s->b[k] };
}

static dba_value ts(const src *s)
{
	return (dba_value){ .type = DBA_T_TIMESTAMP, .u.i64 = s->now_us };
}

static dba_value null(void)
{
	return (dba_value){ .type = DBA_T_NULL };
}

/* i_data / s_data: 26..50 characters, 10% with "ORIGINAL" somewhere (clause 4.3.3.1). */
static dba_value data(src *s, int k)
{
	dba_value v = astr(s, k, 26, 50);

	if (rng_below(&s->r, 10) == 0)
		memcpy(s->b[k] + rng_below(&s->r, v.len - 8), "ORIGINAL", 8);
	return v;
}

/* The address columns from k: street 1 and 2, city, state, zip. */
static void address(src *s, dba_value *row, int k)
{
	row[k] = astr(s, k, 10, 20);
	row[k + 1] = astr(s, k + 1, 10, 20);
	row[k + 2] = astr(s, k + 2, 10, 20);
	row[k + 3] = astr(s, k + 3, 2, 2);
	row[k + 4] = nstr(s, k + 4, 4, "11111");
}

static int row_customer(src *s, dba_value *row)
{
	int64_t d = s->i / TPCC_CUST + 1, c = s->i % TPCC_CUST + 1;
	int n;

	row[0] = bench_int(c);
	row[1] = bench_int(d);
	row[2] = bench_int(s->w);
	row[3] = astr(s, 3, 8, 16);
	row[4] = bench_text("OE", 2);
	n = tpcc_last_name(c <= 1000 ? (int)c - 1 : (int)tpcc_nurand(&s->r, 255, 0, 999, TPCC_C_LAST_LOAD), s->b[5]);
	row[5] = bench_text(s->b[5], (uint32_t)n);
	address(s, row, 6);
	row[11] = nstr(s, 11, 16, "");
	row[12] = ts(s);
	row[13] = bench_text(rng_below(&s->r, 10) ? "GC" : "BC", 2);
	row[14] = money(s, 14, 5000000);
	n = snprintf(s->b[15], 16, "0.%04d", (int)rng_range(&s->r, 0, 5000));
	row[15] = (dba_value){ .type = DBA_T_DECIMAL, .len = (uint32_t)n, .u.str = s->b[15] };
	row[16] = money(s, 16, -1000);
	row[17] = money(s, 17, 1000);
	row[18] = bench_int(1);
	row[19] = bench_int(0);
	row[20] = astr(s, 20, 300, 500);
	return TPCC_DIST * TPCC_CUST;
}

static int row_orders(src *s, dba_value *row)
{
	int64_t d = s->i / TPCC_ORD + 1, o = s->i % TPCC_ORD + 1;

	if (o == 1) /* o_c_id: a random permutation of the customers per district */
		for (int k = TPCC_CUST - 1; k >= 0; k--) {
			int j = (int)rng_below(&s->r, (uint64_t)k + 1), t = s->perm[k] ? s->perm[k] : k + 1;

			s->perm[k] = s->perm[j] ? s->perm[j] : j + 1;
			s->perm[j] = t;
		}
	row[0] = bench_int(o);
	row[1] = bench_int(d);
	row[2] = bench_int(s->w);
	row[3] = bench_int(s->perm[o - 1]);
	row[4] = ts(s);
	row[5] = o < TPCC_NEWORD ? bench_int(rng_range(&s->r, 1, 10)) : null();
	row[6] = bench_int(tpcc_ol_cnt(s->w, d, o));
	row[7] = bench_int(1);
	return TPCC_DIST * TPCC_ORD;
}

static int row_order_line(src *s, dba_value *row)
{
	int64_t d, o;

	if (s->line >= s->nlines) {
		if (s->o >= (int64_t)TPCC_DIST * TPCC_ORD)
			return 0;
		s->o++;
		s->line = 0;
		s->nlines = tpcc_ol_cnt(s->w, (s->o - 1) / TPCC_ORD + 1, (s->o - 1) % TPCC_ORD + 1);
	}
	d = (s->o - 1) / TPCC_ORD + 1;
	o = (s->o - 1) % TPCC_ORD + 1;
	s->line++;
	row[0] = bench_int(o);
	row[1] = bench_int(d);
	row[2] = bench_int(s->w);
	row[3] = bench_int(s->line);
	row[4] = bench_int(rng_range(&s->r, 1, TPCC_ITEMS));
	row[5] = bench_int(s->w);
	row[6] = o < TPCC_NEWORD ? ts(s) : null();
	row[7] = bench_int(5);
	row[8] = money(s, 8, o < TPCC_NEWORD ? 0 : rng_range(&s->r, 1, 999999));
	row[9] = astr(s, 9, 24, 24);
	return 1 << 30; /* ends itself */
}

static int row_other(src *s, dba_value *row)
{
	int64_t i = s->i;

	switch (s->table) {
	case T_ITEM:
		row[0] = bench_int(i + 1);
		row[1] = bench_int(rng_range(&s->r, 1, 10000));
		row[2] = astr(s, 2, 14, 24);
		row[3] = money(s, 3, rng_range(&s->r, 100, 10000));
		row[4] = data(s, 4);
		return TPCC_ITEMS;
	case T_WAREHOUSE:
		row[0] = bench_int(s->w);
		row[1] = astr(s, 1, 6, 10);
		address(s, row, 2);
		row[7] = tax(s, 7);
		row[8] = money(s, 8, 30000000);
		return 1;
	case T_DISTRICT:
		row[0] = bench_int(i + 1);
		row[1] = bench_int(s->w);
		row[2] = astr(s, 2, 6, 10);
		address(s, row, 3);
		row[8] = tax(s, 8);
		row[9] = money(s, 9, 3000000);
		row[10] = bench_int(TPCC_ORD + 1);
		return TPCC_DIST;
	case T_HISTORY:
		row[0] = bench_int(i % TPCC_CUST + 1);
		row[1] = row[3] = bench_int(i / TPCC_CUST + 1);
		row[2] = row[4] = bench_int(s->w);
		row[5] = ts(s);
		row[6] = money(s, 6, 1000);
		row[7] = astr(s, 7, 12, 24);
		return TPCC_DIST * TPCC_CUST;
	case T_NEW_ORDER:
		row[0] = bench_int(TPCC_NEWORD + i % (TPCC_ORD - TPCC_NEWORD + 1));
		row[1] = bench_int(i / (TPCC_ORD - TPCC_NEWORD + 1) + 1);
		row[2] = bench_int(s->w);
		return TPCC_DIST * (TPCC_ORD - TPCC_NEWORD + 1);
	default: /* T_STOCK */
		row[0] = bench_int(i + 1);
		row[1] = bench_int(s->w);
		row[2] = bench_int(rng_range(&s->r, 10, 100));
		for (int k = 3; k < 13; k++)
			row[k] = astr(s, k, 24, 24);
		row[13] = row[14] = row[15] = bench_int(0);
		row[16] = data(s, 16);
		return TPCC_ITEMS;
	}
}

static int next_row(void *ud, dba_value *row, uint32_t n, dba_error *de)
{
	src *s = ud;
	int64_t total;

	(void)n; (void)de;
	if (s->table == T_ORDER_LINE)
		return row_order_line(s, row) ? 1 : 0;
	if (s->table == T_CUSTOMER)
		total = row_customer(s, row);
	else if (s->table == T_ORDERS)
		total = row_orders(s, row);
	else
		total = row_other(s, row);
	if (s->i++ >= total)
		return 0;
	return 1;
}

int tpcc_jobs(bench_ctx *x, bench_job **out, unsigned *n, err *e)
{
	int64_t wh = (int64_t)bench_scale(&bench_tpcc, x->o);
	unsigned nj = 1 + (unsigned)wh * (T_N - 1), k = 0;
	bench_job *j = calloc(nj, sizeof(*j));
	src *s = calloc(nj, sizeof(*s));
	struct timespec now;

	if (!j || !s) {
		free(j);
		free(s);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	clock_gettime(CLOCK_REALTIME, &now);
	/* The big per-warehouse tables first, so the threads end together. */
	static const int order[] = { T_ORDER_LINE, T_STOCK, T_CUSTOMER, T_HISTORY, T_ORDERS, T_NEW_ORDER, T_DISTRICT, T_WAREHOUSE };
	for (int t = 0; t < T_N - 1; t++)
		for (int64_t w = 1; w <= wh; w++, k++) {
			s[k].table = order[t];
			s[k].w = w;
		}
	s[k++].table = T_ITEM;
	for (unsigned i = 0; i < nj; i++) {
		const struct tdef *d = &defs[s[i].table];

		s[i].now_us = (int64_t)now.tv_sec * 1000000;
		rng_seed(&s[i].r, gen_stream_seed(x->o->seed, d->name, NULL) + (uint64_t)s[i].w);
		j[i] = (bench_job){ .table = d->name, .cols = d->cols, .fams = d->fams, .ncols = d->n, .next = next_row, .ud = &s[i] };
		/* The two secondary indexes, each built once its table is in. */
		if (s[i].w == 1 && s[i].table == T_CUSTOMER)
			j[i].after = "CREATE INDEX {customer_name} ON {customer} (c_w_id, c_d_id, c_last, c_first)";
		if (s[i].w == 1 && s[i].table == T_ORDERS)
			j[i].after = "CREATE INDEX {orders_customer} ON {orders} (o_w_id, o_d_id, o_c_id, o_id)";
	}
	*out = j;
	*n = nj;
	return 0;
}

void tpcc_free_jobs(bench_job *j, unsigned n)
{
	(void)n;
	free(j[0].ud);
	free(j);
}
