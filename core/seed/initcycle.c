/*
 * `seed init`: the tables a cycle of NOT NULL foreign keys needs keys of
 * ahead.  Such a cycle (Sakila's staff.store_id and store.manager_staff_id)
 * loads only when one table on it takes its parent's keys before the parent
 * has rows (order.c); that needs the parent's key sequential in the config,
 * so seed init writes it so for every table such a key references.
 *
 * Also the counts a 1:1 table asks of its parent: a table whose primary key
 * is a foreign key (AdventureWorks' person.person on businessentity) holds
 * at most as many rows as its parent.
 */
#include <stdlib.h>
#include <string.h>

#include "initcycle.h"

static int not_null(const dba_table *m, const char *col)
{
	for (uint32_t i = 0; i < m->ncolumns; i++)
		if (!strcmp(m->columns[i].name, col))
			return !m->columns[i].nullable;
	return 0;
}

/* The index of the table fk references among m, or n. */
static size_t target_of(dba_table *const *m, size_t n, const dba_fkey *fk)
{
	for (size_t j = 0; j < n; j++)
		if (!strcmp(m[j]->name, fk->ref_table) &&
		    (!fk->ref_schema || !m[j]->schema || !strcmp(fk->ref_schema, m[j]->schema)))
			return j;
	return n;
}

typedef struct graph {
	size_t n, ne;
	size_t *off, *to;   /* CSR: the edges of i are to[off[i] .. off[i + 1]) */
	size_t *roff, *rto; /* the same, reversed */
} graph;

static int nn_edge(dba_table *const *m, size_t n, size_t i, uint32_t k, size_t *j)
{
	const dba_fkey *fk = &m[i]->fkeys[k];
	int all = fk->ncols > 0;

	for (uint32_t c = 0; c < fk->ncols; c++)
		all = all && not_null(m[i], fk->columns[c]);
	*j = target_of(m, n, fk);
	return all && *j < n && *j != i;
}

/* Table i -> table j for each foreign key of i onto j whose columns are all NOT NULL. */
static int build(graph *g, dba_table *const *m, size_t n)
{
	size_t j, *fill;

	memset(g, 0, sizeof(*g));
	g->n = n;
	for (size_t i = 0; i < n; i++)
		for (uint32_t k = 0; k < m[i]->nfkeys; k++)
			g->ne += (size_t)nn_edge(m, n, i, k, &j);
	g->off = calloc(n + 1, sizeof(size_t));
	g->roff = calloc(n + 1, sizeof(size_t));
	g->to = malloc((g->ne + 1) * sizeof(size_t));
	g->rto = malloc((g->ne + 1) * sizeof(size_t));
	fill = calloc(n + 1, sizeof(size_t));
	if (!g->off || !g->roff || !g->to || !g->rto || !fill) {
		free(fill);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		for (uint32_t k = 0; k < m[i]->nfkeys; k++)
			if (nn_edge(m, n, i, k, &j)) {
				g->off[i + 1]++;
				g->roff[j + 1]++;
			}
	for (size_t i = 0; i < n; i++) {
		g->off[i + 1] += g->off[i];
		g->roff[i + 1] += g->roff[i];
	}
	for (size_t i = 0; i < n; i++)
		for (uint32_t k = 0; k < m[i]->nfkeys; k++)
			if (nn_edge(m, n, i, k, &j))
				g->to[g->off[i] + fill[i]++] = j;
	memset(fill, 0, (n + 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		for (size_t x = g->off[i]; x < g->off[i + 1]; x++) {
			j = g->to[x];
			g->rto[g->roff[j] + fill[j]++] = i;
		}
	free(fill);
	return 0;
}

static void graph_free(graph *g)
{
	free(g->off);
	free(g->to);
	free(g->roff);
	free(g->rto);
}

/*
 * Kosaraju, without recursion (schemas may hold thousands of tables): the
 * finishing order over the edges, then the components over the reversed
 * edges in reverse finishing order.  comp[i] numbers i's component.
 */
static int components(const graph *g, size_t *comp)
{
	size_t n = g->n, nord = 0, *order = malloc((n + 1) * sizeof(size_t)), *stack = malloc((n + 1) * sizeof(size_t)),
	       *pos = malloc((n + 1) * sizeof(size_t));
	char *seen = calloc(n + 1, 1);

	if (!order || !stack || !pos || !seen) {
		free(order), free(stack), free(pos), free(seen);
		return -1;
	}
	for (size_t s = 0; s < n; s++) {
		size_t top = 0;

		if (seen[s])
			continue;
		seen[s] = 1;
		stack[top++] = s;
		pos[s] = g->off[s];
		while (top) {
			size_t u = stack[top - 1];

			if (pos[u] < g->off[u + 1]) {
				size_t v = g->to[pos[u]++];

				if (!seen[v]) {
					seen[v] = 1;
					pos[v] = g->off[v];
					stack[top++] = v;
				}
			} else {
				order[nord++] = u;
				top--;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		comp[i] = (size_t)-1;
	for (size_t k = nord, c = 0; k-- > 0; c++) {
		size_t top = 0, s = order[k];

		if (comp[s] != (size_t)-1)
			continue;
		comp[s] = c;
		stack[top++] = s;
		while (top) {
			size_t u = stack[--top];

			for (size_t x = g->roff[u]; x < g->roff[u + 1]; x++)
				if (comp[g->rto[x]] == (size_t)-1) {
					comp[g->rto[x]] = c;
					stack[top++] = g->rto[x];
				}
		}
	}
	free(order), free(stack), free(pos), free(seen);
	return 0;
}

void init_cycle_targets(dba_table *const *m, size_t n, char *flag)
{
	graph g;
	size_t *comp = malloc((n + 1) * sizeof(size_t));

	memset(&g, 0, sizeof(g));
	memset(flag, 0, n);
	if (comp && build(&g, m, n) == 0 && components(&g, comp) == 0)
		/* an edge lies on a cycle when both its ends are in one component */
		for (size_t i = 0; i < n; i++)
			for (size_t x = g.off[i]; x < g.off[i + 1]; x++)
				if (comp[i] == comp[g.to[x]])
					flag[g.to[x]] = 1;
	graph_free(&g);
	free(comp);
}

/* 1 when fk's columns are exactly m's primary key, in any order. */
static int fk_is_pk(const dba_table *m, const dba_fkey *fk)
{
	if (!fk->ncols || fk->ncols != m->npk)
		return 0;
	for (uint32_t c = 0; c < fk->ncols; c++) {
		int found = 0;

		for (uint32_t k = 0; k < m->npk; k++)
			found |= !strcmp(fk->columns[c], m->pk[k]);
		if (!found)
			return 0;
	}
	return 1;
}

void init_one_to_one_counts(dba_table *const *m, size_t n, int *count, const char *fixed)
{
	/* a chain of such tables (employee -> person -> businessentity) settles in at most n rounds */
	for (size_t round = 0; round < n; round++) {
		int changed = 0;

		for (size_t i = 0; i < n; i++)
			for (uint32_t k = 0; k < m[i]->nfkeys; k++) {
				size_t j = target_of(m, n, &m[i]->fkeys[k]);

				if (j == n || j == i || !fk_is_pk(m[i], &m[i]->fkeys[k]) || count[j] >= count[i])
					continue;
				if (fixed[j])
					count[i] = count[j];
				else
					count[j] = count[i];
				changed = 1;
			}
		if (!changed)
			return;
	}
}
