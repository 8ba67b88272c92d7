/*
 * Private to core/gen: the layout of a parsed spec, shared by the spec
 * parser (spec.c), the template parser (template.c) and the running
 * generators (gen.c).
 */
#ifndef DBARENA_GEN_INTERNAL_H
#define DBARENA_GEN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gen.h"

enum gen_kind {
	GK_SEQUENTIAL,
	GK_RANDOM_INT,
	GK_RANDOM_DECIMAL,
	GK_BOOLEAN,
	GK_TIMESTAMP,
	GK_DATE,
	GK_EMAIL,
	GK_PHONE,
	GK_NAME,
	GK_ADDRESS,
	GK_TEMPLATE,
	GK_ENUM,
	GK_FOREIGN_KEY,
	GK_UUID,
	GK_TEXT,
	GK_N
};

enum gen_opt {
	GO_START,
	GO_STEP,
	GO_MIN,
	GO_MAX,
	GO_DISTRIBUTION,
	GO_PRECISION,
	GO_PROBABILITY,
	GO_TRUE_PROBABILITY,
	GO_TYPE,
	GO_END,
	GO_OFFSET_SECONDS,
	GO_JITTER_SECONDS,
	GO_DOMAIN,
	GO_FORMAT,
	GO_TEMPLATE,
	GO_VALUES,
	GO_WEIGHTS,
	GO_REFERENCES,
	GO_MIN_WORDS,
	GO_MAX_WORDS,
	GO_NULL_PROBABILITY,
	GO_N
};

enum { DIST_UNIFORM, DIST_NORMAL, DIST_ZIPF };
enum { TS_NOW, TS_RANGE, TS_RELATIVE };
enum { NAME_FULL, NAME_FIRST, NAME_LAST };
enum { ADDR_STREET, ADDR_FULL };

/* One piece of a parsed template. */
enum tpl_kind { TP_LIT, TP_RANDOM_INT, TP_SEQUENTIAL, TP_ROW, TP_FIRST, TP_LAST, TP_UUID, TP_ENUM };

typedef struct tpl_part {
	int kind;
	char *lit;          /* TP_LIT: the text (braces unescaped) */
	size_t lit_len;
	int64_t a, b;       /* TP_RANDOM_INT bounds */
	char **items;       /* TP_ENUM choices */
	size_t *item_len;
	size_t nitems;
} tpl_part;

typedef struct tpl {
	tpl_part *v;
	size_t n;
} tpl;

struct gen_spec {
	int kind;
	int refs;                 /* the spec itself + running gens */
	char *file;
	int line;
	char where[512];
	char *desc;               /* description overriding the generated one (inferred specs) */
	char *raw[GO_N];          /* option values as written (for describe) */
	int opt_line[GO_N];       /* 0 when not set */

	double null_p;

	int64_t start, step;      /* sequential */
	int64_t imin, imax;       /* random_int */
	int dist;                 /* random_int, foreign_key */
	int64_t dmin, dmax;       /* random_decimal, scaled by 10^precision */
	double fmin, fmax;        /* random_decimal bounds as given */
	int precision;
	double prob;              /* boolean */
	int type;                 /* timestamp, name, address */
	int type_set;
	int64_t t_start, t_end;   /* timestamp (us) or date (days) */
	int has_start, has_end;
	int64_t offset_s, jitter_s;
	char *domain;
	char *format;
	tpl tpl;
	char **values;            /* enum */
	size_t *value_len;
	size_t nvalues;
	double *weights;          /* cumulative, normalised to 1; NULL = uniform */
	size_t nweights;
	int weights_cum;          /* weights made cumulative by gen_spec_finish */
	char *references;         /* as written */
	char *ref_table, *ref_column;
	char *ref_canon;          /* "table.column" unquoted */
	int64_t min_words, max_words;
};

/* spec.c (gen_spec_finish: specfinish.c) */
void spec_release(gen_spec *s);
gen_spec *spec_alloc(int kind, const char *file, int line);
const char *spec_kind_name(int kind);
const char *spec_opt_name(int opt);
/* "FILE:LINE: " (line, or the spec's own when 0) or "" for inferred specs, in buf. */
const char *spec_at(const gen_spec *s, int line, char *buf, size_t cap);

/* template.c: parses text into t; on error fills e with "WHERE: ..." */
int template_parse(const char *text, tpl *t, const char *where, err *e);
void template_free(tpl *t);

#endif
