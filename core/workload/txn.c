/*
 * A caller's own transactions (wl_txn): per-worker state, prepared
 * statements kept per session, and BEGIN/COMMIT/ROLLBACK around them.
 */
#include <stdlib.h>

#include "txn.h"

int txn_worker_init(worker *w, uint64_t seed, err *e)
{
	const wl_txn *x = w->r->c->txn;

	if (!x)
		return 0;
	w->tst = calloc(x->nstmts + 1, sizeof(*w->tst));
	w->txs = x->worker_new ? x->worker_new(x->ud, w->id, seed) : NULL;
	if (!w->tst || (x->worker_new && !w->txs))
		return err_set(e, EXIT_RUNTIME, "out of memory");
	return 0;
}

void txn_worker_free(worker *w)
{
	const wl_txn *x = w->r ? w->r->c->txn : NULL;

	if (!x)
		return;
	if (x->worker_free && w->txs)
		x->worker_free(w->txs);
	w->txs = NULL;
	free(w->tst);
	w->tst = NULL;
}

void txn_drop_statements(worker *w)
{
	const wl_txn *x = w->r->c->txn;

	w->in_tx = 0;
	for (unsigned i = 0; x && w->tst && i < x->nstmts; i++)
		if (w->tst[i]) {
			w->r->t->ops->stmt_free(w->c, w->tst[i]);
			w->tst[i] = NULL;
		}
}

int wl_txn_exec(wl_sess *w, unsigned slot, const char *sql, const dba_value *p, uint32_t np,
		dba_row_fn cb, void *ud, int64_t *affected, dba_error *de)
{
	const dba_driver_ops *ops = w->r->t->ops;

	if (slot >= w->r->c->txn->nstmts) {
		DBA_ERR_SET(de, DBA_ERR_USAGE, "statement slot %u out of range", slot);
		return -1;
	}
	if (!ops->prepare) {
		DBA_ERR_SET(de, DBA_ERR_UNSUPPORTED, "the driver has no prepared statements");
		return -1;
	}
	if (!w->tst[slot] && ops->prepare(w->c, sql, np, NULL, &w->tst[slot], de))
		return -1;
	return ops->execute(w->c, w->tst[slot], p, np, cb, ud, affected, de);
}

static int tx(wl_sess *w, int32_t what, dba_error *de)
{
	const dba_driver_ops *ops = w->r->t->ops;
	static const char *const sql[] = { "", "BEGIN", "COMMIT", "ROLLBACK" };
	int rc = ops->tx ? ops->tx(w->c, what, de) : ops->exec(w->c, sql[what], NULL, NULL, NULL, de);

	w->in_tx = what == DBA_TX_BEGIN && rc == 0;
	return rc;
}

int wl_txn_begin(wl_sess *w, dba_error *de) { return tx(w, DBA_TX_BEGIN, de); }
int wl_txn_commit(wl_sess *w, dba_error *de) { return tx(w, DBA_TX_COMMIT, de); }
int wl_txn_rollback(wl_sess *w, dba_error *de) { return tx(w, DBA_TX_ROLLBACK, de); }

int txn_run(worker *w, unsigned q, dba_error *de)
{
	int rc = w->r->c->txn->run(w->txs, q, w, de);

	if (rc && w->in_tx && w->c) {
		dba_error ig = { 0 };

		tx(w, DBA_TX_ROLLBACK, &ig); /* the failure's error is the one to keep */
	}
	return rc;
}

void txn_summary(const wl_run *r, const totals *tot, double secs, FILE *f)
{
	const wl_txn *x = r->c->txn;
	uint64_t *ok;

	if (!x || !x->summary || !(ok = calloc(r->c->nqueries + 1, sizeof(*ok))))
		return;
	for (unsigned q = 0; q < r->c->nqueries; q++)
		ok[q] = tot->k[WL_NOPS + q].ok;
	x->summary(x->ud, ok, r->c->nqueries, secs, f);
	free(ok);
}
