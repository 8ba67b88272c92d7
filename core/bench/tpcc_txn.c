/*
 * The TPC-C-like transactions (clause 2): New-Order (1% rolled back on an
 * unused item), Payment, Order-Status, Delivery and Stock-Level in the
 * 45/43/4/4/4 mix.  Rows are locked by UPDATE before they are read (no
 * SELECT ... FOR UPDATE, which not every dialect has), stock rows in key
 * order, so concurrent transactions wait for each other but do not deadlock.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "tpcc.h"

enum { K_NO = 0, K_PAY, K_OS, K_DEL, K_SL, K_N };
static const char *const kinds[K_N] = { "new-order", "payment", "order-status", "delivery", "stock-level" };
static const double mix[K_N] = { 0.45, 0.43, 0.04, 0.04, 0.04 };
/* TPC-C 5.2.5.7: minimum keying times and mean think times (negative exponential), seconds. */
static const double keying_s[K_N] = { 18, 3, 2, 2, 2 };
static const double think_s[K_N] = { 12, 12, 10, 5, 5 };

/*
 * --think-time tpcc[:F]: each transaction kind's mean think time after it
 * (exponential, cut at 10 x the mean as the specification allows), and a
 * keying time before every transaction.  The keying time belongs to the next
 * transaction, whose kind is drawn only when it starts: the pause uses the
 * keying times' mean over the mix (9.63 s), which keeps a terminal's mean
 * cycle time that of the specification.  F scales all of them.
 */
static void spec_think(wl_cfg *c, double f)
{
	double key = 0;

	if (f <= 0)
		return;
	for (int k = 0; k < K_N; k++) {
		c->queries[c->nqueries - K_N + k].think = (wl_think){ WL_THINK_EXPONENTIAL, think_s[k] * 1000 * f };
		key += mix[k] * keying_s[k];
	}
	c->keying = (wl_think){ WL_THINK_CONSTANT, key * 1000 * f };
}

enum { S_W_TAX = 0, S_D_UPD, S_D_GET, S_C_GET, S_O_INS, S_NO_INS, S_I_GET, S_S_UPD, S_OL_INS,
       S_W_UPD, S_W_GET, S_D_YTD, S_D_ADDR, S_C_BYNAME, S_C_PAY, S_C_CREDIT, S_C_DATA, S_H_INS,
       S_C_OS, S_O_LAST, S_OL_GET, S_NO_MIN, S_NO_DEL, S_O_CID, S_O_CARRIER, S_OL_DELIV, S_OL_SUM, S_C_DELIV,
       S_D_NEXT, S_SL, S_S_GET, S_N = S_S_GET + TPCC_DIST };

static const char *const tmpl[S_S_GET] = {
	"SELECT w_tax FROM {warehouse} WHERE w_id = ?",
	"UPDATE {district} SET d_next_o_id = d_next_o_id + 1 WHERE d_w_id = ? AND d_id = ?",
	"SELECT d_tax, d_next_o_id FROM {district} WHERE d_w_id = ? AND d_id = ?",
	"SELECT c_discount, c_last, c_credit FROM {customer} WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?",
	"INSERT INTO {orders} (o_id, o_d_id, o_w_id, o_c_id, o_entry_d, o_carrier_id, o_ol_cnt, o_all_local) "
	"VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, NULL, ?, ?)",
	"INSERT INTO {new_order} (no_o_id, no_d_id, no_w_id) VALUES (?, ?, ?)",
	"SELECT i_price, i_name, i_data FROM {item} WHERE i_id = ?",
	"UPDATE {stock} SET s_quantity = CASE WHEN s_quantity >= ? THEN s_quantity - ? ELSE s_quantity + ? END, "
	"s_ytd = s_ytd + ?, s_order_cnt = s_order_cnt + 1, s_remote_cnt = s_remote_cnt + ? WHERE s_w_id = ? AND s_i_id = ?",
	"INSERT INTO {order_line} (ol_o_id, ol_d_id, ol_w_id, ol_number, ol_i_id, ol_supply_w_id, ol_delivery_d, "
	"ol_quantity, ol_amount, ol_dist_info) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
	"UPDATE {warehouse} SET w_ytd = w_ytd + ? WHERE w_id = ?",
	"SELECT w_name, w_street_1, w_street_2, w_city, w_state, w_zip FROM {warehouse} WHERE w_id = ?",
	"UPDATE {district} SET d_ytd = d_ytd + ? WHERE d_w_id = ? AND d_id = ?",
	"SELECT d_name, d_street_1, d_street_2, d_city, d_state, d_zip FROM {district} WHERE d_w_id = ? AND d_id = ?",
	"SELECT c_id FROM {customer} WHERE c_w_id = ? AND c_d_id = ? AND c_last = ? ORDER BY c_first",
	"UPDATE {customer} SET c_balance = c_balance - ?, c_ytd_payment = c_ytd_payment + ?, "
	"c_payment_cnt = c_payment_cnt + 1 WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?",
	"SELECT c_credit, c_data, c_first, c_middle, c_last, c_balance FROM {customer} "
	"WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?",
	"UPDATE {customer} SET c_data = ? WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?",
	"INSERT INTO {history} (h_c_id, h_c_d_id, h_c_w_id, h_d_id, h_w_id, h_date, h_amount, h_data) "
	"VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP, ?, ?)",
	"SELECT c_balance, c_first, c_middle, c_last FROM {customer} WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?",
	NULL, /* S_O_LAST: the dialect's row limit, built in tpcc_state */
	"SELECT ol_i_id, ol_supply_w_id, ol_quantity, ol_amount, ol_delivery_d FROM {order_line} "
	"WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id = ?",
	"SELECT MIN(no_o_id) FROM {new_order} WHERE no_w_id = ? AND no_d_id = ?",
	"DELETE FROM {new_order} WHERE no_w_id = ? AND no_d_id = ? AND no_o_id = ?",
	"SELECT o_c_id FROM {orders} WHERE o_w_id = ? AND o_d_id = ? AND o_id = ?",
	"UPDATE {orders} SET o_carrier_id = ? WHERE o_w_id = ? AND o_d_id = ? AND o_id = ?",
	"UPDATE {order_line} SET ol_delivery_d = CURRENT_TIMESTAMP WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id = ?",
	"SELECT SUM(ol_amount) FROM {order_line} WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id = ?",
	"UPDATE {customer} SET c_balance = c_balance + ?, c_delivery_cnt = c_delivery_cnt + 1 "
	"WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?",
	"SELECT d_next_o_id FROM {district} WHERE d_w_id = ? AND d_id = ?",
	"SELECT COUNT(DISTINCT s_i_id) FROM {order_line}, {stock} WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id < ? "
	"AND ol_o_id >= ? AND s_w_id = ? AND s_i_id = ol_i_id AND s_quantity < ?",
};

typedef struct tpcc_state {
	int64_t wh;
	char **sql;
	atomic_ullong rollbacks;
} tpcc_state;

typedef struct tpcc_w {
	tpcc_state *r;
	int64_t home;
	rng rng;
	bench_rows rows;
	char money[4][32], text[512];
} tpcc_w;

static void *worker_new(void *ud, int id, uint64_t seed)
{
	tpcc_w *w = calloc(1, sizeof(*w));

	if (w) {
		w->r = ud;
		w->home = id % w->r->wh + 1;
		rng_seed(&w->rng, gen_stream_seed(seed, "tpcc", NULL) + (uint64_t)id);
	}
	return w;
}

/* Statement slot with np parameters; rows into w->rows. */
static int q(tpcc_w *w, wl_sess *s, unsigned slot, const dba_value *p, uint32_t np, int64_t *affected, dba_error *de)
{
	w->rows.n = 0;
	return wl_txn_exec(s, slot, w->r->sql[slot], p, np, bench_rows_cb, &w->rows, affected, de);
}

static dba_value dec(tpcc_w *w, int k, int64_t cents)
{
	return (dba_value){ .type = DBA_T_DECIMAL, .len = tpcc_money(cents, w->money[k]), .u.str = w->money[k] };
}

static int64_t cents(const char *s)
{
	return (int64_t)(strtod(s, NULL) * 100 + (s[0] == '-' ? -0.5 : 0.5));
}

typedef struct line { int64_t i, sw, qty; } line;

static int by_key(const void *a, const void *b)
{
	const line *x = a, *y = b;

	return x->sw != y->sw ? (x->sw < y->sw ? -1 : 1) : x->i < y->i ? -1 : x->i > y->i;
}

/* One order line: the item (0 = unused: the transaction rolls back), the stock, the line. */
static int new_order_line(tpcc_w *w, wl_sess *s, const int64_t *k, const line *l, int n, dba_error *de)
{
	dba_value p[10];
	int64_t price, amount;

	p[0] = bench_int(l->i);
	if (q(w, s, S_I_GET, p, 1, NULL, de))
		return -1;
	if (!w->rows.n)
		return 1;
	price = cents(w->rows.v[0]);
	p[0] = bench_int(l->qty + 10);
	p[1] = bench_int(l->qty);
	p[2] = bench_int(91 - l->qty);
	p[3] = bench_int(l->qty);
	p[4] = bench_int(l->sw != k[0]);
	p[5] = bench_int(l->sw);
	p[6] = bench_int(l->i);
	if (q(w, s, S_S_UPD, p, 7, NULL, de) || q(w, s, (unsigned)(S_S_GET + k[1] - 1), &p[5], 2, NULL, de))
		return -1;
	snprintf(w->text, 32, "%.24s", w->rows.v[2]);
	amount = l->qty * price;
	p[0] = bench_int(k[2]);
	p[1] = bench_int(k[1]);
	p[2] = bench_int(k[0]);
	p[3] = bench_int(n);
	p[4] = bench_int(l->i);
	p[5] = bench_int(l->sw);
	p[6] = bench_int(l->qty);
	p[7] = dec(w, 0, amount);
	p[8] = bench_text(w->text, (uint32_t)strlen(w->text));
	return q(w, s, S_OL_INS, p, 9, NULL, de);
}

static int new_order(tpcc_w *w, wl_sess *s, dba_error *de)
{
	int64_t k[3] = { w->home, rng_range(&w->rng, 1, TPCC_DIST), 0 }, c = tpcc_nurand(&w->rng, 1023, 1, TPCC_CUST, TPCC_C_ID);
	int n = (int)rng_range(&w->rng, 5, 15), rbk = rng_below(&w->rng, 100) == 0, local = 1, rc;
	line l[15];
	dba_value p[6];

	for (int i = 0; i < n; i++) {
		l[i].i = i == n - 1 && rbk ? TPCC_ITEMS + 1 : tpcc_nurand(&w->rng, 8191, 1, TPCC_ITEMS, TPCC_OL_I_ID);
		l[i].sw = w->r->wh > 1 && rng_below(&w->rng, 100) == 0 ? rng_range(&w->rng, 1, w->r->wh) : k[0];
		l[i].qty = rng_range(&w->rng, 1, 10);
		local &= l[i].sw == k[0];
	}
	qsort(l, (size_t)n, sizeof(l[0]), by_key);
	p[0] = bench_int(k[0]);
	p[1] = bench_int(k[1]);
	p[2] = bench_int(c);
	if (wl_txn_begin(s, de) || q(w, s, S_W_TAX, p, 1, NULL, de) || q(w, s, S_D_UPD, p, 2, NULL, de) ||
	    q(w, s, S_D_GET, p, 2, NULL, de))
		return -1;
	k[2] = strtoll(w->rows.v[1], NULL, 10) - 1;
	p[0] = bench_int(k[0]); p[1] = bench_int(k[1]); p[2] = bench_int(c);
	if (q(w, s, S_C_GET, p, 3, NULL, de))
		return -1;
	p[0] = bench_int(k[2]); p[1] = bench_int(k[1]); p[2] = bench_int(k[0]); p[3] = bench_int(c);
	p[4] = bench_int(n); p[5] = bench_int(local);
	if (q(w, s, S_O_INS, p, 6, NULL, de) || q(w, s, S_NO_INS, p, 3, NULL, de))
		return -1;
	for (int i = 0; i < n; i++)
		if ((rc = new_order_line(w, s, k, &l[i], i + 1, de)) != 0) {
			if (rc < 0)
				return -1;
			/* The specification's 1%: an unused item rolls the order back, a completed transaction. */
			atomic_fetch_add(&w->r->rollbacks, 1);
			return wl_txn_rollback(s, de);
		}
	return wl_txn_commit(s, de);
}

/* The customer of a Payment or Order-Status: 60% by last name (the middle one by first name), else by id. */
static int pick_customer(tpcc_w *w, wl_sess *s, int64_t cw, int64_t cd, int64_t *c, dba_error *de)
{
	dba_value p[3];
	char last[17];
	int n;

	if (rng_below(&w->rng, 100) >= 60) {
		*c = tpcc_nurand(&w->rng, 1023, 1, TPCC_CUST, TPCC_C_ID);
		return 0;
	}
	n = tpcc_last_name((int)tpcc_nurand(&w->rng, 255, 0, 999, TPCC_C_LAST_RUN), last);
	p[0] = bench_int(cw);
	p[1] = bench_int(cd);
	p[2] = bench_text(last, (uint32_t)n);
	if (q(w, s, S_C_BYNAME, p, 3, NULL, de))
		return -1;
	if (!w->rows.n)
		return 1;
	n = (int)((w->rows.n + 1) / 2 - 1);
	*c = n < BENCH_ROWIDS ? w->rows.ids[n] : w->rows.ids[0];
	return 0;
}

static int payment(tpcc_w *w, wl_sess *s, dba_error *de)
{
	int64_t wid = w->home, d = rng_range(&w->rng, 1, TPCC_DIST), cw = wid, cd = d, c, amount = rng_range(&w->rng, 100, 500000);
	dba_value p[8];
	int rc;

	if (w->r->wh > 1 && rng_below(&w->rng, 100) < 15) { /* a customer of another warehouse */
		while ((cw = rng_range(&w->rng, 1, w->r->wh)) == wid)
			;
		cd = rng_range(&w->rng, 1, TPCC_DIST);
	}
	p[0] = dec(w, 0, amount);
	p[1] = bench_int(wid);
	p[2] = bench_int(d);
	if (wl_txn_begin(s, de) || q(w, s, S_W_UPD, p, 2, NULL, de) || q(w, s, S_W_GET, &p[1], 1, NULL, de) ||
	    q(w, s, S_D_YTD, p, 3, NULL, de) || q(w, s, S_D_ADDR, &p[1], 2, NULL, de))
		return -1;
	if ((rc = pick_customer(w, s, cw, cd, &c, de)) != 0)
		return rc;
	p[0] = dec(w, 0, amount);
	p[1] = dec(w, 1, amount);
	p[2] = bench_int(cw);
	p[3] = bench_int(cd);
	p[4] = bench_int(c);
	if (q(w, s, S_C_PAY, p, 5, NULL, de) || q(w, s, S_C_CREDIT, &p[2], 3, NULL, de))
		return -1;
	if (!strcmp(w->rows.v[0], "BC")) { /* bad credit: the payment's facts in front of C_DATA, 500 characters at most */
		int n = snprintf(w->text, sizeof(w->text), "%lld %lld %lld %lld %lld %s %.480s", (long long)c, (long long)cd,
				 (long long)cw, (long long)d, (long long)wid, w->money[0], w->rows.v[1]);

		p[1] = bench_text(w->text, (uint32_t)(n > 500 ? 500 : n));
		if (q(w, s, S_C_DATA, &p[1], 4, NULL, de))
			return -1;
	}
	p[0] = bench_int(c);
	p[1] = bench_int(cd);
	p[2] = bench_int(cw);
	p[3] = bench_int(d);
	p[4] = bench_int(wid);
	p[5] = dec(w, 0, amount);
	p[6] = bench_text("payment data", 12);
	if (q(w, s, S_H_INS, p, 7, NULL, de))
		return -1;
	return wl_txn_commit(s, de);
}

static int order_status(tpcc_w *w, wl_sess *s, dba_error *de)
{
	int64_t d = rng_range(&w->rng, 1, TPCC_DIST), c;
	dba_value p[3];
	int rc;

	if (wl_txn_begin(s, de))
		return -1;
	if ((rc = pick_customer(w, s, w->home, d, &c, de)) != 0)
		return rc;
	p[0] = bench_int(w->home);
	p[1] = bench_int(d);
	p[2] = bench_int(c);
	if (q(w, s, S_C_OS, p, 3, NULL, de) || q(w, s, S_O_LAST, p, 3, NULL, de))
		return -1;
	if (w->rows.n) {
		p[2] = bench_int(w->rows.ids[0]);
		if (q(w, s, S_OL_GET, p, 3, NULL, de))
			return -1;
	}
	return wl_txn_commit(s, de);
}

/* One district of a Delivery: its oldest undelivered order, if another Delivery did not take it first. */
static int deliver(tpcc_w *w, wl_sess *s, int64_t d, int64_t carrier, dba_error *de)
{
	dba_value p[4];
	int64_t o, c, n;

	p[0] = bench_int(w->home);
	p[1] = bench_int(d);
	if (q(w, s, S_NO_MIN, p, 2, NULL, de))
		return -1;
	if (!w->rows.n || w->rows.null[0])
		return 0;
	o = w->rows.ids[0];
	p[2] = bench_int(o);
	if (q(w, s, S_NO_DEL, p, 3, &n, de))
		return -1;
	if (n < 1)
		return 0;
	if (q(w, s, S_O_CID, p, 3, NULL, de))
		return -1;
	c = w->rows.ids[0];
	p[0] = bench_int(carrier);
	p[1] = bench_int(w->home);
	p[2] = bench_int(d);
	p[3] = bench_int(o);
	if (q(w, s, S_O_CARRIER, p, 4, NULL, de) || q(w, s, S_OL_DELIV, &p[1], 3, NULL, de) ||
	    q(w, s, S_OL_SUM, &p[1], 3, NULL, de))
		return -1;
	p[0] = dec(w, 0, cents(w->rows.v[0]));
	p[3] = bench_int(c);
	return q(w, s, S_C_DELIV, p, 4, NULL, de);
}

static int delivery(tpcc_w *w, wl_sess *s, dba_error *de)
{
	int64_t carrier = rng_range(&w->rng, 1, 10);

	if (wl_txn_begin(s, de))
		return -1;
	for (int64_t d = 1; d <= TPCC_DIST; d++)
		if (deliver(w, s, d, carrier, de))
			return -1;
	return wl_txn_commit(s, de);
}

static int stock_level(tpcc_w *w, wl_sess *s, dba_error *de)
{
	int64_t d = rng_range(&w->rng, 1, TPCC_DIST), next;
	dba_value p[6];

	p[0] = bench_int(w->home);
	p[1] = bench_int(d);
	if (wl_txn_begin(s, de) || q(w, s, S_D_NEXT, p, 2, NULL, de))
		return -1;
	next = strtoll(w->rows.v[0], NULL, 10);
	p[2] = bench_int(next);
	p[3] = bench_int(next - 20);
	p[4] = bench_int(w->home);
	p[5] = bench_int(rng_range(&w->rng, 10, 20));
	if (q(w, s, S_SL, p, 6, NULL, de))
		return -1;
	return wl_txn_commit(s, de);
}

static int run_txn(void *ws, unsigned k, wl_sess *s, dba_error *de)
{
	tpcc_w *w = ws;

	switch (k) {
	case K_NO: return new_order(w, s, de);
	case K_PAY: return payment(w, s, de);
	case K_OS: return order_status(w, s, de);
	case K_DEL: return delivery(w, s, de);
	default: return stock_level(w, s, de);
	}
}

static void summary(void *ud, const uint64_t *ok, unsigned n, double secs, FILE *f)
{
	tpcc_state *r = ud;
	uint64_t all = 0, rb = atomic_load(&r->rollbacks);

	for (unsigned i = 0; i < n; i++)
		all += ok[i];
	if (secs <= 0 || n < 1)
		return;
	fprintf(f, "\nTPC-C-like (not an audited TPC result): NOPM %.0f (committed New-Orders a minute; %llu rolled back "
		   "as the specification asks), TPM %.0f (all committed transactions a minute)\n",
		(double)(ok[K_NO] - (rb < ok[K_NO] ? rb : ok[K_NO])) * 60 / secs, (unsigned long long)rb,
		(double)(all - rb) * 60 / secs);
}

int tpcc_run(bench_ctx *x, wl_cfg *c, bench_run *br, err *e)
{
	tpcc_state *r = calloc(1, sizeof(*r));
	long long wh;
	char t[256];

	if (!r)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	br->state = r;
	if (x->o->mode)
		return err_set(e, EXIT_USAGE, "bench tpcc has no --mode");
	if (bench_count(x, "SELECT COUNT(*) FROM {warehouse}", &wh, e))
		return -1;
	if (wh < 1)
		return err_set(e, EXIT_RUNTIME, "bench tpcc: the warehouse table is empty");
	r->wh = x->o->scale > 0 && x->o->scale < (double)wh ? (int64_t)x->o->scale : wh;
	if (!(r->sql = calloc(S_N + 1, sizeof(char *))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	for (int i = 0; i < S_S_GET; i++)
		if (tmpl[i] && !(r->sql[i] = bench_sql(x->t, tmpl[i])))
			return err_set(e, EXIT_RUNTIME, "out of memory");
	r->sql[S_O_LAST] = bench_sql(x->t, x->t->dialect->limit_style == DBA_LIMIT_TOP
		? "SELECT TOP (1) o_id, o_carrier_id, o_entry_d FROM {orders} WHERE o_w_id = ? AND o_d_id = ? AND o_c_id = ? ORDER BY o_id DESC"
		: "SELECT o_id, o_carrier_id, o_entry_d FROM {orders} WHERE o_w_id = ? AND o_d_id = ? AND o_c_id = ? ORDER BY o_id DESC LIMIT 1");
	for (int d = 1; d <= TPCC_DIST; d++) {
		snprintf(t, sizeof(t), "SELECT s_quantity, s_data, s_dist_%02d FROM {stock} WHERE s_w_id = ? AND s_i_id = ?", d);
		r->sql[S_S_GET + d - 1] = bench_sql(x->t, t);
	}
	for (int k = 0; k < K_N; k++)
		if (bench_kind(c, kinds[k], mix[k]))
			return err_set(e, EXIT_RUNTIME, "out of memory");
	spec_think(c, x->o->tpcc_think);
	br->txn = (wl_txn){ .ud = r, .nstmts = S_N, .worker_new = worker_new, .worker_free = free, .run = run_txn,
			    .summary = summary };
	return 0;
}

void tpcc_free_run(bench_run *br)
{
	tpcc_state *r = br->state;

	if (r && r->sql) {
		for (int i = 0; i < S_N; i++)
			free(r->sql[i]);
		free(r->sql);
	}
	free(r);
}
