/*
 * ycsb: YCSB's usertable (a key and 10 fields of 100 characters) and its
 * core workloads A-F: read/update/insert/scan/read-modify-write in YCSB's
 * proportions, keys from the scrambled zipfian (theta 0.99), latest or
 * uniform request distributions, scans of 1-100 rows.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bench.h"

#define NFIELDS 10
#define FIELDLEN 100
#define MAXSCAN 100
#define CHUNK 100000
#define THETA 0.99
#define ITEMS 10000000000LL        /* YCSB's ScrambledZipfianGenerator.ITEM_COUNT */
#define ZETAN 26.46902820178302    /* its zeta(ITEMS, 0.99) */

enum { K_READ = 0, K_UPDATE, K_INSERT, K_SCAN, K_RMW, K_N };
static const char *const kinds[K_N] = { "read", "update", "insert", "scan", "read-modify-write" };
enum { D_ZIPF = 0, D_LATEST };

static const struct workload {
	const char *name;
	double p[K_N];
	int dist;
} workloads[] = {
	{ "a", { 0.5, 0.5, 0, 0, 0 }, D_ZIPF },
	{ "b", { 0.95, 0.05, 0, 0, 0 }, D_ZIPF },
	{ "c", { 1, 0, 0, 0, 0 }, D_ZIPF },
	{ "d", { 0.95, 0, 0.05, 0, 0 }, D_LATEST },
	{ "e", { 0, 0, 0.05, 0.95, 0 }, D_ZIPF },
	{ "f", { 0.5, 0, 0, 0, 0.5 }, D_ZIPF },
};

static const char *const cols[1 + NFIELDS] = { "ycsb_key", "field0", "field1", "field2", "field3", "field4",
					       "field5", "field6", "field7", "field8", "field9" };

static unsigned tables(const bench_opts *o, char names[][64], unsigned cap)
{
	(void)o;
	if (cap)
		snprintf(names[0], 64, "usertable");
	return 1;
}

static int create(bench_ctx *x, err *e)
{
	char q[512];
	size_t n = (size_t)snprintf(q, sizeof(q), "CREATE TABLE {usertable} ({ycsb_key} varchar(255) NOT NULL PRIMARY KEY");

	for (int i = 0; i < NFIELDS; i++)
		n += (size_t)snprintf(q + n, sizeof(q) - n, ", {field%d} varchar(%d)", i, FIELDLEN);
	snprintf(q + n, sizeof(q) - n, ")");
	return bench_exec(x, q, e);
}

/* YCSB's Utils.fnvhash64: FNV-1a over the 8 bytes, as a non-negative Java long. */
static int64_t fnv64(int64_t v)
{
	uint64_t h = 0xCBF29CE484222325ULL, u = (uint64_t)v;

	for (int i = 0; i < 8; i++) {
		h ^= u & 0xff;
		u >>= 8;
		h *= 1099511628211ULL;
	}
	return (int64_t)h < 0 ? (int64_t)(0 - h) & INT64_MAX : (int64_t)h;
}

/* YCSB's key for record number n (orderedinserts = false). */
static uint32_t key_of(int64_t n, char *buf, size_t cap)
{
	return (uint32_t)snprintf(buf, cap, "user%lld", (long long)fnv64(n));
}

static void field(rng *r, char *out)
{
	for (int i = 0; i < FIELDLEN; i++)
		out[i] = (char)('a' + rng_below(r, 26));
	out[FIELDLEN] = 0;
}

typedef struct src {
	int64_t next, hi;
	rng r;
	char key[32], f[NFIELDS][FIELDLEN + 1];
} src;

static int next_row(void *ud, dba_value *row, uint32_t n, dba_error *de)
{
	src *s = ud;

	(void)n; (void)de;
	if (s->next >= s->hi)
		return 0;
	row[0] = bench_text(s->key, key_of(s->next++, s->key, sizeof(s->key)));
	for (int i = 0; i < NFIELDS; i++) {
		field(&s->r, s->f[i]);
		row[1 + i] = bench_text(s->f[i], FIELDLEN);
	}
	return 1;
}

static int jobs(bench_ctx *x, bench_job **out, unsigned *n, err *e)
{
	static const int32_t fams[1 + NFIELDS] = { DBA_FAM_TEXT, DBA_FAM_TEXT, DBA_FAM_TEXT, DBA_FAM_TEXT, DBA_FAM_TEXT,
						   DBA_FAM_TEXT, DBA_FAM_TEXT, DBA_FAM_TEXT, DBA_FAM_TEXT, DBA_FAM_TEXT,
						   DBA_FAM_TEXT };
	int64_t count = (int64_t)bench_scale(&bench_ycsb, x->o);
	unsigned nj = (unsigned)((count + CHUNK - 1) / CHUNK);
	bench_job *j = calloc(nj, sizeof(*j));
	src *s = calloc(nj, sizeof(*s));

	if (!j || !s) {
		free(j);
		free(s);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	for (unsigned k = 0; k < nj; k++) {
		s[k].next = (int64_t)k * CHUNK;
		s[k].hi = (int64_t)(k + 1) * CHUNK < count ? (int64_t)(k + 1) * CHUNK : count;
		rng_seed(&s[k].r, gen_stream_seed(x->o->seed, "usertable", NULL) + k);
		j[k] = (bench_job){ .table = "usertable", .cols = cols, .fams = fams, .ncols = 1 + NFIELDS,
				    .next = next_row, .ud = &s[k] };
	}
	*out = j;
	*n = nj;
	return 0;
}

static void free_jobs(bench_job *j, unsigned n)
{
	(void)n;
	free(j[0].ud);
	free(j);
}

/* ---- the request distributions (YCSB's ZipfianGenerator, Gray et al.) ---- */

typedef struct zipf {
	int64_t n;
	double zetan, eta, alpha, zeta2;
} zipf;

static void zipf_set(zipf *z, int64_t n, double zetan)
{
	z->n = n;
	z->zetan = zetan;
	z->alpha = 1.0 / (1.0 - THETA);
	z->zeta2 = 1.0 + pow(0.5, THETA);
	z->eta = (1.0 - pow(2.0 / (double)n, 1.0 - THETA)) / (1.0 - z->zeta2 / zetan);
}

static int64_t zipf_next(const zipf *z, rng *r)
{
	double u = rng_double(r), uz = u * z->zetan;

	if (uz < 1.0)
		return 0;
	if (uz < z->zeta2)
		return 1;
	return (int64_t)((double)z->n * pow(z->eta * u - z->eta + 1, z->alpha));
}

/* zeta(n) grown from zeta(from) (YCSB's incremental zeta for a growing item count). */
static double zeta_grow(double z, int64_t from, int64_t n)
{
	for (int64_t i = from; i < n; i++)
		z += 1.0 / pow((double)(i + 1), THETA);
	return z;
}

typedef struct ycsb_run {
	const struct workload *wl;
	int64_t count;
	char **sql;
	atomic_llong next_insert, acked;
	int64_t ins0, ins_step; /* insert record numbers: ins0 + k * ins_step (worker I of N: I mod N) */
	double zeta0;      /* zeta(count) for latest */
	int top;           /* the scan limit is TOP (first parameter) */
	int kind[K_N];     /* the K_* of each transaction kind given to the engine */
} ycsb_run;

typedef struct ycsb_w {
	ycsb_run *r;
	rng rng;
	zipf scrambled, latest;
	char key[32], f[FIELDLEN + 1], vals[NFIELDS][FIELDLEN + 1];
} ycsb_w;

enum { S_READ = 0, S_INSERT, S_SCAN, S_UPDATE, S_N = S_UPDATE + NFIELDS };

static void *worker_new(void *ud, int id, uint64_t seed)
{
	ycsb_w *w = calloc(1, sizeof(*w));

	if (w) {
		w->r = ud;
		rng_seed(&w->rng, gen_stream_seed(seed, "ycsb", NULL) + (uint64_t)id);
		zipf_set(&w->scrambled, ITEMS, ZETAN);
		zipf_set(&w->latest, w->r->count, w->r->zeta0);
	}
	return w;
}

/* A record number to read, update or scan from. */
static int64_t pick(ycsb_w *w)
{
	int64_t max = w->r->count + atomic_load(&w->r->acked);

	if (w->r->wl->dist == D_LATEST) {
		if (max > w->latest.n)
			zipf_set(&w->latest, max, zeta_grow(w->latest.zetan, w->latest.n, max));
		int64_t v = max - 1 - zipf_next(&w->latest, &w->rng);
		return v < 0 ? 0 : v;
	}
	return fnv64(zipf_next(&w->scrambled, &w->rng)) % max;
}

static int op_insert(ycsb_w *w, wl_sess *s, dba_error *de)
{
	dba_value p[1 + NFIELDS];
	int64_t n = w->r->ins0 + atomic_fetch_add(&w->r->next_insert, 1) * w->r->ins_step;

	p[0] = bench_text(w->key, key_of(n, w->key, sizeof(w->key)));
	for (int i = 0; i < NFIELDS; i++) {
		field(&w->rng, w->vals[i]);
		p[1 + i] = bench_text(w->vals[i], FIELDLEN);
	}
	if (wl_txn_exec(s, S_INSERT, w->r->sql[S_INSERT], p, 1 + NFIELDS, NULL, NULL, NULL, de))
		return -1;
	atomic_fetch_add(&w->r->acked, 1);
	return 0;
}

static int run_txn(void *ws, unsigned q, wl_sess *s, dba_error *de)
{
	ycsb_w *w = ws;
	char **sql = w->r->sql;
	dba_value p[2];
	unsigned f;

	q = (unsigned)w->r->kind[q];
	if (q == K_INSERT)
		return op_insert(w, s, de);
	p[0] = bench_text(w->key, key_of(pick(w), w->key, sizeof(w->key)));
	if (q == K_SCAN) {
		p[1] = bench_int(rng_range(&w->rng, 1, MAXSCAN));
		if (w->r->top) { dba_value k = p[0]; p[0] = p[1]; p[1] = k; }
		return wl_txn_exec(s, S_SCAN, sql[S_SCAN], p, 2, NULL, NULL, NULL, de);
	}
	if (q == K_READ || q == K_RMW)
		if (wl_txn_exec(s, S_READ, sql[S_READ], p, 1, NULL, NULL, NULL, de))
			return -1;
	if (q == K_READ)
		return 0;
	/* An update writes one field (YCSB's writeallfields = false). */
	f = (unsigned)rng_below(&w->rng, NFIELDS);
	field(&w->rng, w->f);
	p[1] = p[0];
	p[0] = bench_text(w->f, FIELDLEN);
	return wl_txn_exec(s, S_UPDATE + f, sql[S_UPDATE + f], p, 2, NULL, NULL, NULL, de);
}

static int build_sql(const target *t, ycsb_run *r)
{
	char ins[512], q[256];
	size_t n;

	if (!(r->sql = calloc(S_N + 1, sizeof(char *))))
		return -1;
	n = (size_t)snprintf(ins, sizeof(ins), "INSERT INTO {usertable} ({ycsb_key}");
	for (int i = 0; i < NFIELDS; i++)
		n += (size_t)snprintf(ins + n, sizeof(ins) - n, ", {field%d}", i);
	n += (size_t)snprintf(ins + n, sizeof(ins) - n, ") VALUES (?");
	for (int i = 0; i < NFIELDS; i++)
		n += (size_t)snprintf(ins + n, sizeof(ins) - n, ", ?");
	snprintf(ins + n, sizeof(ins) - n, ")");
	r->sql[S_READ] = bench_sql(t, "SELECT * FROM {usertable} WHERE {ycsb_key} = ?");
	r->sql[S_INSERT] = bench_sql(t, ins);
	r->top = t->dialect->limit_style == DBA_LIMIT_TOP;
	r->sql[S_SCAN] = bench_sql(t, r->top ? "SELECT TOP (?) * FROM {usertable} WHERE {ycsb_key} >= ? ORDER BY {ycsb_key}"
				      : "SELECT * FROM {usertable} WHERE {ycsb_key} >= ? ORDER BY {ycsb_key} LIMIT ?");
	for (int i = 0; i < NFIELDS; i++) {
		snprintf(q, sizeof(q), "UPDATE {usertable} SET {field%d} = ? WHERE {ycsb_key} = ?", i);
		r->sql[S_UPDATE + i] = bench_sql(t, q);
	}
	for (int i = 0; i < S_N; i++)
		if (!r->sql[i])
			return -1;
	return 0;
}

static int run(bench_ctx *x, wl_cfg *c, bench_run *br, err *e)
{
	ycsb_run *r = calloc(1, sizeof(*r));
	long long n;

	if (!r)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	br->state = r;
	for (size_t i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
		if (!x->o->mode || !strcasecmp(x->o->mode, workloads[i].name) ||
		    (!strncasecmp(x->o->mode, "workload", 8) && !strcasecmp(x->o->mode + 8, workloads[i].name))) {
			r->wl = &workloads[i];
			break;
		}
	if (!r->wl)
		return err_set(e, EXIT_USAGE, "bench ycsb: unknown --mode \"%s\" (a to f)", x->o->mode);
	/* The record count: the loaded rows (inserts of earlier runs included, as YCSB's insertstart). */
	if (bench_count(x, "SELECT COUNT(*) FROM {usertable}", &n, e))
		return -1;
	if (n < 1)
		return err_set(e, EXIT_RUNTIME, "bench ycsb: usertable is empty");
	r->count = n;
	r->ins_step = c->dist.count > 1 ? c->dist.count : 1;
	r->ins0 = (n + r->ins_step - 1) / r->ins_step * r->ins_step + (c->dist.count > 1 ? c->dist.index : 0);
	r->zeta0 = zeta_grow(0, 0, n);
	if (build_sql(x->t, r))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	for (int k = 0; k < K_N; k++) {
		if (r->wl->p[k] <= 0)
			continue;
		r->kind[c->nqueries] = k;
		if (bench_kind(c, kinds[k], r->wl->p[k]))
			return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	br->txn = (wl_txn){ .ud = r, .nstmts = S_N, .worker_new = worker_new, .worker_free = free, .run = run_txn };
	return 0;
}

static void free_run(bench_run *br)
{
	ycsb_run *r = br->state;

	if (r)
		bench_sqlv_free(r->sql);
	free(r);
}

static int check(bench_ctx *x, err *e)
{
	long long n, lo, hi;

	if (bench_count(x, "SELECT COUNT(*) FROM {usertable}", &n, e) ||
	    bench_count(x, "SELECT MIN(LENGTH({field0})) FROM {usertable}", &lo, e) ||
	    bench_count(x, "SELECT MAX(LENGTH({field9})) FROM {usertable}", &hi, e))
		return -1;
	if (x->o->scale > 0)
		bench_report(x, n >= (long long)x->o->scale, "usertable: %lld rows (%lld loaded, the rest inserted by runs)", n,
			     (long long)x->o->scale);
	else
		bench_report(x, n > 0, "usertable: %lld rows", n);
	bench_report(x, lo == FIELDLEN && hi == FIELDLEN, "fields of %lld..%lld characters (YCSB's fieldlength %d)", lo, hi,
		     FIELDLEN);
	return 0;
}

const bench bench_ycsb = {
	.name = "ycsb",
	.summary = "YCSB's core workloads A-F on usertable (10 fields of 100 characters)",
	.scale = "YCSB's recordcount, the rows loaded (default 1,000)",
	.modes = "a (default: 50% read, 50% update), b (95/5 read/update), c (read only),\n"
		 "                  d (95% read latest, 5% insert), e (95% scan, 5% insert), f (50% read,\n"
		 "                  50% read-modify-write); zipfian theta 0.99 scrambled, latest for d",
	.default_scale = 1000,
	.tables = tables,
	.create = create,
	.jobs = jobs,
	.free_jobs = free_jobs,
	.run = run,
	.free_run = free_run,
	.check = check,
};
