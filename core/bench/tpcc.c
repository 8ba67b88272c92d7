/*
 * tpcc: a TPC-C-like benchmark (not an audited TPC result): the nine
 * tables of the specification with its population per warehouse
 * (tpcc_load.c), its five transactions in the standard mix (tpcc_txn.c),
 * and its consistency conditions 1-4 with the row counts for the scale.
 */
#include <stdlib.h>
#include <string.h>

#include "tpcc.h"

static const char *const names[] = { "warehouse", "district", "customer", "history", "new_order",
				     "orders", "order_line", "item", "stock" };

int64_t tpcc_nurand(rng *r, int64_t a, int64_t x, int64_t y, int64_t c)
{
	return (((rng_range(r, 0, a) | rng_range(r, x, y)) + c) % (y - x + 1)) + x;
}

int tpcc_last_name(int n, char *out)
{
	static const char *const syl[] = { "BAR", "OUGHT", "ABLE", "PRI", "PRES", "ESE", "ANTI", "CALLY", "ATION", "EING" };

	return snprintf(out, 17, "%s%s%s", syl[n / 100 % 10], syl[n / 10 % 10], syl[n % 10]);
}

int tpcc_ol_cnt(int64_t w, int64_t d, int64_t o)
{
	uint64_t h = (uint64_t)(w * 1000003 + d * 10007 + o) * 0x9E3779B97F4A7C15ULL;

	return 5 + (int)((h >> 33) % 11);
}

uint32_t tpcc_money(int64_t cents, char *out)
{
	int64_t a = cents < 0 ? -cents : cents;

	return (uint32_t)snprintf(out, 32, "%s%lld.%02lld", cents < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
}

static unsigned tables(const bench_opts *o, char out[][64], unsigned cap)
{
	(void)o;
	for (unsigned i = 0; i < 9 && i < cap; i++)
		snprintf(out[i], 64, "%s", names[i]);
	return 9;
}

static int create(bench_ctx *x, err *e)
{
	static const char *const ddl[] = {
		"CREATE TABLE {warehouse} (w_id int NOT NULL PRIMARY KEY, w_name varchar(10), w_street_1 varchar(20), "
		"w_street_2 varchar(20), w_city varchar(20), w_state char(2), w_zip char(9), w_tax decimal(4,4), w_ytd decimal(12,2))",
		"CREATE TABLE {district} (d_id int NOT NULL, d_w_id int NOT NULL, d_name varchar(10), d_street_1 varchar(20), "
		"d_street_2 varchar(20), d_city varchar(20), d_state char(2), d_zip char(9), d_tax decimal(4,4), "
		"d_ytd decimal(12,2), d_next_o_id int, PRIMARY KEY (d_w_id, d_id))",
		"CREATE TABLE {customer} (c_id int NOT NULL, c_d_id int NOT NULL, c_w_id int NOT NULL, c_first varchar(16), "
		"c_middle char(2), c_last varchar(16), c_street_1 varchar(20), c_street_2 varchar(20), c_city varchar(20), "
		"c_state char(2), c_zip char(9), c_phone char(16), c_since %T, c_credit char(2), c_credit_lim decimal(12,2), "
		"c_discount decimal(4,4), c_balance decimal(12,2), c_ytd_payment decimal(12,2), c_payment_cnt int, "
		"c_delivery_cnt int, c_data varchar(500), PRIMARY KEY (c_w_id, c_d_id, c_id))",
		"CREATE TABLE {history} (h_c_id int, h_c_d_id int, h_c_w_id int, h_d_id int, h_w_id int, h_date %T, "
		"h_amount decimal(6,2), h_data varchar(24))",
		"CREATE TABLE {new_order} (no_o_id int NOT NULL, no_d_id int NOT NULL, no_w_id int NOT NULL, "
		"PRIMARY KEY (no_w_id, no_d_id, no_o_id))",
		"CREATE TABLE {orders} (o_id int NOT NULL, o_d_id int NOT NULL, o_w_id int NOT NULL, o_c_id int, o_entry_d %T, "
		"o_carrier_id int, o_ol_cnt int, o_all_local int, PRIMARY KEY (o_w_id, o_d_id, o_id))",
		"CREATE TABLE {order_line} (ol_o_id int NOT NULL, ol_d_id int NOT NULL, ol_w_id int NOT NULL, "
		"ol_number int NOT NULL, ol_i_id int, ol_supply_w_id int, ol_delivery_d %T, ol_quantity int, "
		"ol_amount decimal(6,2), ol_dist_info char(24), PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number))",
		"CREATE TABLE {item} (i_id int NOT NULL PRIMARY KEY, i_im_id int, i_name varchar(24), i_price decimal(5,2), "
		"i_data varchar(50))",
		"CREATE TABLE {stock} (s_i_id int NOT NULL, s_w_id int NOT NULL, s_quantity int, s_dist_01 char(24), "
		"s_dist_02 char(24), s_dist_03 char(24), s_dist_04 char(24), s_dist_05 char(24), s_dist_06 char(24), "
		"s_dist_07 char(24), s_dist_08 char(24), s_dist_09 char(24), s_dist_10 char(24), s_ytd int, "
		"s_order_cnt int, s_remote_cnt int, s_data varchar(50), PRIMARY KEY (s_w_id, s_i_id))",
	};
	const char *ts = bench_ts_type(x->t);

	for (size_t i = 0; i < sizeof(ddl) / sizeof(ddl[0]); i++) {
		char q[1024], *o = q;

		for (const char *p = ddl[i]; *p && o < q + sizeof(q) - 16; p++)
			if (p[0] == '%' && p[1] == 'T') {
				o += snprintf(o, 16, "%s", ts);
				p++;
			} else {
				*o++ = *p;
			}
		*o = 0;
		if (bench_exec(x, q, e))
			return -1;
	}
	return 0;
}

static int condition(bench_ctx *x, int n, const char *what, const char *tmpl, err *e)
{
	long long bad;

	if (bench_count(x, tmpl, &bad, e))
		return -1;
	bench_report(x, bad == 0, "consistency condition %d: %s (%lld violations)", n, what, bad);
	return 0;
}

static int check(bench_ctx *x, err *e)
{
	long long w, d, orders;

	if (bench_count(x, "SELECT COUNT(*) FROM {warehouse}", &w, e))
		return -1;
	if (x->o->scale > 0)
		bench_report(x, w == (long long)x->o->scale, "warehouse: %lld rows (--scale %lld)", w, (long long)x->o->scale);
	else
		bench_report(x, w > 0, "warehouse: %lld rows", w);
	if (bench_check_rows(x, "district", w * TPCC_DIST, e) || bench_check_rows(x, "customer", w * TPCC_DIST * TPCC_CUST, e) ||
	    bench_check_rows(x, "item", TPCC_ITEMS, e) || bench_check_rows(x, "stock", w * TPCC_ITEMS, e))
		return -1;
	/* Orders: the loaded 3,000 per district and one per committed New-Order since. */
	if (bench_count(x, "SELECT SUM(d_next_o_id - 1) FROM {district}", &d, e) ||
	    bench_count(x, "SELECT COUNT(*) FROM {orders}", &orders, e))
		return -1;
	bench_report(x, orders == d && d >= w * TPCC_DIST * TPCC_ORD, "orders: %lld rows (%lld loaded + %lld New-Orders)",
		     orders, w * TPCC_DIST * TPCC_ORD, d - w * TPCC_DIST * TPCC_ORD);
	if (condition(x, 1, "W_YTD = sum(D_YTD)",
		      "SELECT COUNT(*) FROM {warehouse} WHERE w_ytd <> (SELECT SUM(d_ytd) FROM {district} WHERE d_w_id = w_id)", e) ||
	    condition(x, 2, "D_NEXT_O_ID - 1 = max(O_ID) = max(NO_O_ID)",
		      "SELECT COUNT(*) FROM {district} WHERE d_next_o_id - 1 <> (SELECT MAX(o_id) FROM {orders} "
		      "WHERE o_w_id = d_w_id AND o_d_id = d_id) OR d_next_o_id - 1 <> (SELECT MAX(no_o_id) FROM {new_order} "
		      "WHERE no_w_id = d_w_id AND no_d_id = d_id)", e) ||
	    condition(x, 3, "max(NO_O_ID) - min(NO_O_ID) + 1 = rows in NEW-ORDER, per district",
		      "SELECT COUNT(*) FROM (SELECT MAX(no_o_id) - MIN(no_o_id) + 1 AS span, COUNT(*) AS n FROM {new_order} "
		      "GROUP BY no_w_id, no_d_id) x WHERE span <> n", e) ||
	    condition(x, 4, "sum(O_OL_CNT) = rows in ORDER-LINE, per district",
		      "SELECT COUNT(*) FROM (SELECT o_w_id, o_d_id, SUM(o_ol_cnt) AS s FROM {orders} GROUP BY o_w_id, o_d_id) o "
		      "LEFT JOIN (SELECT ol_w_id, ol_d_id, COUNT(*) AS n FROM {order_line} GROUP BY ol_w_id, ol_d_id) l "
		      "ON l.ol_w_id = o.o_w_id AND l.ol_d_id = o.o_d_id WHERE l.n IS NULL OR o.s <> l.n", e))
		return -1;
	return 0;
}

const bench bench_tpcc = {
	.name = "tpcc",
	.summary = "a TPC-C-like benchmark: 9 tables, 5 transactions (not an audited TPC result)",
	.scale = "warehouses (default 1); 100,000 items, 10 districts and 30,000 customers per warehouse",
	.modes = NULL,
	.default_scale = 1,
	.tables = tables,
	.create = create,
	.jobs = tpcc_jobs,
	.free_jobs = tpcc_free_jobs,
	.run = tpcc_run,
	.free_run = tpcc_free_run,
	.check = check,
};
