/*
 * Retries (--max-tries, pgbench's meaning), late transactions
 * (--latency-limit), errors counted per SQLSTATE / native code, and
 * per-statement latency of [transaction] sections: per-worker state, the
 * summary lines and the JSON keys.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../sig.h"
#include "../ui.h"
#include "ops.h"
#include "sched.h"
#include "xact.h"

int wx_init(worker *w, err *e)
{
	const wl_cfg *c = w->r->c;

	w->retry_rnd = 0x9e3779b97f4a7c15ULL * (uint64_t)(w->id + 1) ^ (uint64_t)sched_mono_ns();
	if (!w->retry_rnd)
		w->retry_rnd = 1;
	if (!(w->wx = calloc(1, sizeof(*w->wx))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	if (c->per_statement && c->nxstmts && !(w->wx->st = calloc(c->nxstmts, sizeof(*w->wx->st))))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	return 0;
}

void wx_free(worker *w)
{
	if (!w->wx)
		return;
	free(w->wx->codes);
	free(w->wx->st);
	free(w->wx);
	w->wx = NULL;
}

int retry_retryable(const wl_cfg *c, const dba_error *de)
{
	/* PostgreSQL 40001/40P01; MariaDB/MySQL 1213 (40001); SQL Server 1205 and 3960 (40001) */
	if (!strcmp(de->sqlstate, "40001") || !strcmp(de->sqlstate, "40P01"))
		return 1;
	if (de->err_class != DBA_ERR_DEADLOCK)
		return 0;
	/* MariaDB 1020: the row changed since the transaction read it (snapshot isolation) */
	if (de->native_code == 1020)
		return 1;
	/* MariaDB/MySQL 1205 lock wait timeout, PostgreSQL 55P03 lock_not_available */
	return c->retry_lock_timeout && (de->native_code == 1205 || !strcmp(de->sqlstate, "55P03"));
}

static int may_retry(const wl_run *r, int tries, int64_t sched)
{
	const wl_cfg *c = r->c;
	int64_t now = sched_mono_ns();

	if (sig_stop || atomic_load(&((wl_run *)r)->stop) || (r->end && now >= r->end))
		return 0;
	if (c->max_tries > 0 && tries >= c->max_tries)
		return 0;
	return c->retry_seconds <= 0 || now - sched < (int64_t)(c->retry_seconds * 1e9);
}

/*
 * Before try n+1, a random pause of up to 100 us x 2^(n-1), at most 10 ms
 * and never past the run's end: two sessions that keep failing each other
 * (both read, then both write) would otherwise start their next tries
 * together again and again.  Its own generator, so that the worker's value
 * stream does not depend on how often a transaction was retried.
 */
static void retry_pause(worker *w, int tries)
{
	int64_t cap = 100000LL << (tries - 1 < 7 ? tries - 1 : 7), wake;

	if (cap > 10000000LL)
		cap = 10000000LL;
	w->retry_rnd ^= w->retry_rnd << 13;
	w->retry_rnd ^= w->retry_rnd >> 7;
	w->retry_rnd ^= w->retry_rnd << 17;
	wake = sched_mono_ns() + (int64_t)(w->retry_rnd % (uint64_t)cap);
	if (w->r->end && wake > w->r->end)
		wake = w->r->end;
	sched_sleep_until(wake);
}

int retry_run(worker *w, unsigned kind, int64_t sched, dba_error *de)
{
	int tries = 1, rc;

	for (;;) {
		memset(de, 0, sizeof(*de));
		rc = ops_run(w, kind, de);
		if (rc >= 0 || !w->c || !retry_retryable(w->r->c, de) || !may_retry(w->r, tries, sched))
			break;
		retry_pause(w, tries);
		tries++;
	}
	if (tries > 1 && sched >= w->r->warm_end) {
		pthread_mutex_lock(&w->mu);
		w->wx->retried++;
		w->wx->retries += (uint64_t)(tries - 1);
		pthread_mutex_unlock(&w->mu);
	}
	return rc;
}

void wx_record(worker *w, int rc, int64_t sched, int64_t end, const dba_error *de)
{
	wl_wx *x = w->wx;
	unsigned i;

	if (sched < w->r->warm_end)
		return;
	if (rc == 0 && w->r->c->latency_limit_ms > 0 && end - sched > (int64_t)(w->r->c->latency_limit_ms * 1e6))
		x->late++;
	if (rc >= 0)
		return;
	for (i = 0; i < x->ncodes; i++)
		if (x->codes[i].code == de->native_code && !strcmp(x->codes[i].sqlstate, de->sqlstate) &&
		    x->codes[i].cls == de->err_class)
			break;
	if (i == x->ncodes) {
		if (x->ncodes == x->capcodes) {
			unsigned cap = x->capcodes ? x->capcodes * 2 : 8;
			ecode *v = cap <= 4096 ? realloc(x->codes, cap * sizeof(*v)) : NULL;

			if (!v)
				return;
			x->codes = v;
			x->capcodes = cap;
		}
		memset(&x->codes[i], 0, sizeof(x->codes[i]));
		x->codes[i].cls = de->err_class;
		x->codes[i].code = de->native_code;
		snprintf(x->codes[i].sqlstate, sizeof(x->codes[i].sqlstate), "%s", de->sqlstate);
		snprintf(x->codes[i].msg, sizeof(x->codes[i].msg), "%.250s", de->message);
		x->ncodes++;
	}
	x->codes[i].n++;
}

void wx_stmt(worker *w, unsigned pos, int rc, int64_t start, int64_t end)
{
	kstats *k;

	if (!w->wx->st || rc > 0)
		return;
	k = &w->wx->st[pos];
	pthread_mutex_lock(&w->mu);
	if (rc == 0)
		k->ok++;
	else
		k->fail++;
	hist_record(&k->svc, (uint64_t)((end - start) / 1000));
	pthread_mutex_unlock(&w->mu);
}

/* ---- the whole run ---- */

typedef struct wxsum {
	uint64_t retried, retries, late;
	ecode *codes;
	unsigned ncodes;
} wxsum;

static int by_count(const void *a, const void *b)
{
	const ecode *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

/* The workers' counts together; codes sorted by count (free s->codes). */
static void sum_all(const wl_run *r, wxsum *s)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; r->w && i < r->c->connections; i++) {
		const wl_wx *x = r->w[i].wx;

		if (!x)
			continue;
		s->retried += x->retried;
		s->retries += x->retries;
		s->late += x->late;
		for (unsigned k = 0; k < x->ncodes; k++) {
			unsigned j;

			for (j = 0; j < s->ncodes; j++)
				if (s->codes[j].code == x->codes[k].code && s->codes[j].cls == x->codes[k].cls &&
				    !strcmp(s->codes[j].sqlstate, x->codes[k].sqlstate))
					break;
			if (j == s->ncodes) {
				ecode *v = realloc(s->codes, (s->ncodes + 1) * sizeof(*v));

				if (!v)
					continue;
				s->codes = v;
				s->codes[s->ncodes++] = x->codes[k];
			} else {
				s->codes[j].n += x->codes[k].n;
			}
		}
	}
	if (s->ncodes > 1)
		qsort(s->codes, s->ncodes, sizeof(*s->codes), by_count);
}

/* The statistics of statement pos over all workers. */
static void stmt_total(const wl_run *r, unsigned pos, kstats *k)
{
	memset(k, 0, sizeof(*k));
	hist_reset(&k->svc);
	for (int i = 0; i < r->c->connections; i++) {
		const wl_wx *x = r->w[i].wx;

		if (!x || !x->st)
			continue;
		k->ok += x->st[pos].ok;
		k->fail += x->st[pos].fail;
		hist_merge(&k->svc, &x->st[pos].svc);
	}
}

static void summary_statements(const wl_run *r, FILE *f)
{
	static const char *const sh[] = { "statement", "count", "failed", "p50", "p95", "p99", "mean" };
	const wl_cfg *c = r->c;
	ui_table *t;
	kstats *k;

	if (!c->per_statement || !c->nxstmts || !(k = malloc(sizeof(*k))))
		return;
	t = ui_table_new(7, sh);
	for (unsigned col = 1; col < 7; col++)
		ui_table_align_right(t, col);
	for (unsigned i = 0; i < c->nxacts; i++)
		for (unsigned s = 0; s < c->xacts[i].nstmts; s++) {
			char name[300], v[6][24];
			const char *cells[7] = { name, v[0], v[1], v[2], v[3], v[4], v[5] };

			stmt_total(r, c->xacts[i].pos0 + s, k);
			snprintf(name, sizeof(name), "%s.%s", c->xacts[i].name, c->queries[c->xacts[i].stmts[s]].name);
			ui_fmt_count(v[0], 24, k->ok + k->fail);
			ui_fmt_count(v[1], 24, k->fail);
			ui_fmt_us(v[2], 24, hist_percentile(&k->svc, 50));
			ui_fmt_us(v[3], 24, hist_percentile(&k->svc, 95));
			ui_fmt_us(v[4], 24, hist_percentile(&k->svc, 99));
			ui_fmt_us(v[5], 24, hist_mean(&k->svc));
			ui_table_add(t, cells);
		}
	fprintf(f, "\nstatements (service time, --per-statement):\n");
	ui_table_print(t, f);
	ui_table_free(t);
	free(k);
}

void wx_summary(const wl_run *r, FILE *f)
{
	wxsum s;

	sum_all(r, &s);
	for (unsigned i = 0; i < s.ncodes; i++) {
		char safe[4 * sizeof(s.codes[i].msg) + 1];
		int cls = s.codes[i].cls > 0 && s.codes[i].cls < NCLASS ? s.codes[i].cls : DBA_ERR_SYNTAX;

		fprintf(f, "%s errors: %llu (code %d%s%s): %s\n", err_class_name(cls), (unsigned long long)s.codes[i].n,
			s.codes[i].code, s.codes[i].sqlstate[0] ? ", SQLSTATE " : "", s.codes[i].sqlstate,
			ui_escape(safe, sizeof(safe), s.codes[i].msg));
	}
	if (r->c->max_tries != 1 || s.retries)
		fprintf(f, "retried:     %llu transactions, %llu retries (serialization failures and deadlocks; max tries %d)\n",
			(unsigned long long)s.retried, (unsigned long long)s.retries, r->c->max_tries);
	if (r->c->latency_limit_ms > 0)
		fprintf(f, "late:        %llu transactions finished more than %g ms after their scheduled start\n",
			(unsigned long long)s.late, r->c->latency_limit_ms);
	free(s.codes);
	summary_statements(r, f);
}

static json_t *json_statements(const wl_run *r)
{
	const wl_cfg *c = r->c;
	json_t *o = json_object();
	kstats *k = malloc(sizeof(*k));

	for (unsigned i = 0; k && i < c->nxacts; i++)
		for (unsigned s = 0; s < c->xacts[i].nstmts; s++) {
			json_t *st = json_object(), *lat = json_object();
			char name[300];

			stmt_total(r, c->xacts[i].pos0 + s, k);
			snprintf(name, sizeof(name), "%s.%s", c->xacts[i].name, c->queries[c->xacts[i].stmts[s]].name);
			json_object_set_new(st, "transaction", json_string(c->xacts[i].name));
			json_object_set_new(st, "query", json_string(c->queries[c->xacts[i].stmts[s]].name));
			json_object_set_new(st, "count", json_integer((json_int_t)(k->ok + k->fail)));
			json_object_set_new(st, "failed", json_integer((json_int_t)k->fail));
			json_object_set_new(lat, "p50_us", json_real(hist_percentile(&k->svc, 50)));
			json_object_set_new(lat, "p95_us", json_real(hist_percentile(&k->svc, 95)));
			json_object_set_new(lat, "p99_us", json_real(hist_percentile(&k->svc, 99)));
			json_object_set_new(lat, "max_us", json_real((double)k->svc.max));
			json_object_set_new(lat, "mean_us", json_real(hist_mean(&k->svc)));
			json_object_set_new(st, "latency_service", lat);
			json_object_set_new(o, name, st);
		}
	free(k);
	return o;
}

void wx_json(const wl_run *r, void *root)
{
	json_t *codes;
	wxsum s;

	if (!r->w)
		return; /* a merged result (report merge): no workers' counts to add */
	codes = json_array();

	sum_all(r, &s);
	for (unsigned i = 0; i < s.ncodes; i++) {
		json_t *o = json_object();
		int cls = s.codes[i].cls > 0 && s.codes[i].cls < NCLASS ? s.codes[i].cls : DBA_ERR_SYNTAX;

		json_object_set_new(o, "class", json_string(err_class_name(cls)));
		json_object_set_new(o, "sqlstate", json_string(s.codes[i].sqlstate));
		json_object_set_new(o, "native_code", json_integer(s.codes[i].code));
		json_object_set_new(o, "count", json_integer((json_int_t)s.codes[i].n));
		json_object_set_new(o, "sample", json_string(s.codes[i].msg));
		json_array_append_new(codes, o);
	}
	json_object_set_new(root, "error_codes", codes);
	json_object_set_new(root, "max_tries", json_integer(r->c->max_tries));
	json_object_set_new(root, "retried", json_integer((json_int_t)s.retried));
	json_object_set_new(root, "retries", json_integer((json_int_t)s.retries));
	json_object_set_new(root, "latency_limit_ms", r->c->latency_limit_ms > 0 ? json_real(r->c->latency_limit_ms)
										     : json_null());
	json_object_set_new(root, "late", json_integer((json_int_t)s.late));
	if (r->c->per_statement && r->c->nxstmts)
		json_object_set_new(root, "statements", json_statements(r));
	free(s.codes);
}
