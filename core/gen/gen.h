/*
 * Value generators, shared by seeding (columns) and the workload engine
 * (query parameters).  SPEC section 2, "Generators".
 *
 * A gen_spec is the parsed, validated configuration of one generator (one
 * [column T.C] or [param Q.P] section).  A gen is a running instance of a
 * spec with its own PRNG stream; gen_next() produces the value for one row.
 * Row-indexed generation keeps runs deterministic whatever the batching.
 */
#ifndef DBARENA_GEN_H
#define DBARENA_GEN_H

#include <stdint.h>

#include "dbarena/value.h"
#include "dbarena/plugin.h"
#include "../err.h"

/* ---- PRNG: xoshiro256** seeded through splitmix64 ---- */

typedef struct rng {
	uint64_t s[4];
} rng;

uint64_t rng_splitmix64(uint64_t *state);
void rng_seed(rng *r, uint64_t seed);
uint64_t rng_next(rng *r);
/* Uniform in [0, 1). */
double rng_double(rng *r);
/* Uniform in [0, n) without modulo bias; n > 0. */
uint64_t rng_below(rng *r, uint64_t n);
/* Uniform integer in [lo, hi]. */
int64_t rng_range(rng *r, int64_t lo, int64_t hi);
/* Standard normal (Box-Muller). */
double rng_normal(rng *r);
/* Zipf-like rank in [0, n): low ranks much more likely (s = 1.1). */
uint64_t rng_zipf(rng *r, uint64_t n);

/*
 * Stream seed for one named stream: a stable hash of the global seed and the
 * names ("orders", "user_id"), so adding a column or table leaves the other
 * streams unchanged.  b may be NULL.
 */
uint64_t gen_stream_seed(uint64_t global_seed, const char *a, const char *b);

/* ---- Specs ---- */

typedef struct gen_spec gen_spec;

/*
 * Starts a spec for generator "name".  file/line locate the section for
 * error messages (EXIT_USAGE): msg "FILE:LINE: unknown generator \"x\"",
 * detail "valid: sequential, random_int, ...", hint "did you mean ...?"
 * when a name is close.  file may be NULL (no "FILE:LINE: " prefix).
 */
gen_spec *gen_spec_new(const char *name, const char *file, int line, err *e);
/*
 * Sets one option; unknown options and bad values are FILE:LINE errors
 * (line = the option's line): msg "FILE:LINE: unknown option \"x\" for
 * generator \"y\"", detail "valid: min, max, distribution, null_probability";
 * msg "FILE:LINE: bad value \"v\" for option \"k\" of generator \"y\"",
 * detail "expected ...".  A template is parsed here (its errors name this
 * line).  key "generator" is accepted when it repeats the spec's name.
 * Values may be wrapped in double quotes (removed), except list values.
 */
int gen_spec_set(gen_spec *s, const char *key, const char *value, int line, err *e);
/*
 * Validates the whole spec (min <= max, end after start, weights length,
 * required options: "FILE:LINE: generator \"enum\" needs option \"values\""
 * at the section's line).  Timestamp with start/end and no type means
 * type = range; a range missing start or end spans 365 days ending at
 * "now" (date: five years ending today).
 */
int gen_spec_finish(gen_spec *s, err *e);
void gen_spec_free(gen_spec *s);

/* Generator name ("random_int"). */
const char *gen_spec_name(const gen_spec *s);
/* 1 when key is a valid option for this generator (or null_probability). */
int gen_spec_has_option(const char *generator, const char *key);
/* Comma-separated list of generator names, for messages. */
const char *gen_names(void);
/* "users.id" for foreign_key, NULL otherwise. */
const char *gen_spec_fk_ref(const gen_spec *s);
/* 1 when distribution = zipf (foreign_key, random_int). */
int gen_spec_zipf(const gen_spec *s);
/* For sequential: start and step. Returns 0 if s is sequential, -1 otherwise. */
int gen_spec_sequential(const gen_spec *s, int64_t *start, int64_t *step);
/* Overrides sequential's start (--incremental continues after the current maximum). */
void gen_spec_set_start(gen_spec *s, int64_t start);
/* 1 when every non-NULL value the spec produces is distinct (sequential, email, uuid). */
int gen_spec_unique(const gen_spec *s);
/*
 * Key spaces (space.c): the number of distinct non-NULL values the spec can
 * produce (enum: its values, boolean: 2, random_int: max - min + 1),
 * UINT64_MAX for every other generator (unbounded, or not countable).
 */
uint64_t gen_spec_space(const gen_spec *s);
/*
 * For a spec with a finite space: its k-th distinct value (0 <= k < space)
 * into out, typed as gen_next would for family; text goes into buf (cap
 * bytes) or points into the spec.  -1 for a spec without a finite space.
 */
int gen_spec_value_at(const gen_spec *s, uint64_t k, int32_t family, dba_value *out, char *buf, size_t cap);
/* One-line description for --dry-run: "random_int(min=1, max=5)". */
void gen_spec_describe(const gen_spec *s, char *buf, size_t cap);
/* FILE:LINE of the spec's section, for messages ("" for inferred). */
const char *gen_spec_where(const gen_spec *s);

/*
 * Infers a generator for a column the config does not name (NOT NULL, no
 * default): from its family, length, enum values.  Returns NULL when the
 * family cannot be generated (DBA_FAM_OTHER/BINARY/JSON...: a caller error
 * naming the column).  FKs are the caller's business (it builds a
 * foreign_key spec with gen_spec_new + gen_spec_set("references", ...)).
 */
gen_spec *gen_spec_infer(const dba_column *col);

/*
 * For foreign_key: the referenced table (schema-qualified when written so,
 * quotes removed: "Order Items") and column, NULL otherwise.
 * gen_spec_fk_ref() returns the references value as written
 * ("\"Order Items\".id"), for ini_split_column.
 */
const char *gen_spec_fk_table(const gen_spec *s);
const char *gen_spec_fk_column(const gen_spec *s);
/* The spec's null_probability (0 when not set). */
double gen_spec_null_probability(const gen_spec *s);

/* ---- Running generators ---- */

/*
 * Where foreign_key values come from; supplied by the caller (seed or
 * workload).  pick() writes a value present in the referenced column into
 * *out (pointer payloads stay valid until the next pick on this source) and
 * returns 0; returns -1 with e filled when there is nothing to pick from.
 * zipf asks for a skewed pick.
 */
typedef struct gen_fk_source {
	void *ud;
	int (*pick)(void *ud, rng *r, int zipf, dba_value *out, err *e);
} gen_fk_source;

typedef struct gen_ctx {
	int64_t now_us;          /* "now" for timestamp type=now/relative: fixed at run start */
	uint64_t row_offset;     /* added to the row index (incremental seeding) */
	int32_t family;          /* target column family (DBA_FAM_*), 0 when unknown */
	int32_t max_length;      /* cut text to this many characters; <= 0: no limit */
	gen_fk_source fk;        /* for foreign_key */
	uint64_t unique_tag;     /* mixed into email local parts to keep incremental runs unique */
} gen_ctx;

typedef struct gen gen;

/*
 * ctx is copied; ctx->now_us == 0 means the current time.  The gen holds a
 * reference on s, so gen_spec_free(s) may come before gen_free(g) (the
 * reference count is atomic: gens of one spec may be created and freed on
 * different threads; one gen is used by one thread at a time).
 *
 * Value types: sequential and random_int give DBA_T_INT64, random_decimal
 * DBA_T_DECIMAL, boolean DBA_T_BOOL, timestamp DBA_T_TIMESTAMP (whole
 * seconds for type=range), date DBA_T_DATE, uuid DBA_T_UUID, foreign_key
 * whatever the source picks, every other generator DBA_T_TEXT.  When
 * ctx->family is DBA_FAM_TEXT, every generator except foreign_key gives
 * DBA_T_TEXT instead (numbers in decimal, booleans "true"/"false", dates
 * "YYYY-MM-DD", timestamps "YYYY-MM-DD HH:MM:SS").  Also: boolean gives
 * DBA_T_INT64 0/1 for DBA_FAM_INT, timestamp gives DBA_T_DATE for
 * DBA_FAM_DATE and date gives DBA_T_TIMESTAMP (midnight) for
 * DBA_FAM_TIMESTAMP.  Text is cut to ctx->max_length characters (UTF-8);
 * email shortens its name part first so the value stays unique.
 */
gen *gen_new(const gen_spec *s, uint64_t stream_seed, const gen_ctx *ctx);
/*
 * Value for row index row (0-based, before row_offset).  Text payloads point
 * into the gen's buffer, valid until the next call on this gen.  Calls must
 * come in increasing row order for each gen (the stream is sequential).
 * (The implementation is stronger: each row's value depends only on the
 * spec, stream_seed, row + row_offset and ctx, so any order gives the same
 * value for a row; email's <N> is row + row_offset + 1, template's {row} is
 * row + row_offset and {sequential} row + row_offset + 1.)  Returns -1 with
 * e filled only when a foreign_key source fails or memory runs out.
 */
int gen_next(gen *g, uint64_t row, dba_value *out, err *e);
void gen_free(gen *g);

/* ---- Word lists (compiled in) ---- */

extern const char *const gen_first_names[];
extern const unsigned gen_n_first_names;  /* >= 500 */
extern const char *const gen_last_names[];
extern const unsigned gen_n_last_names;   /* >= 500 */
extern const char *const gen_words[];
extern const unsigned gen_n_words;
extern const char *const gen_streets[];
extern const unsigned gen_n_streets;
extern const char *const gen_cities[];
extern const unsigned gen_n_cities;

#endif
