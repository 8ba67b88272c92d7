/*
 * dbarena plugin SDK: typed values that cross the plugin ABI.
 *
 * The core generates values (seeding, workload parameters) and hands them to
 * a driver, which renders each for its own wire or bulk format.  A value never
 * owns memory: text-like payloads point into a buffer owned by whoever filled
 * the value, valid for the duration of the call that received it (for a
 * bulk-load row source: until the next call of that source).
 *
 * Since ABI 1.0.  Enum values are explicit and append-only.
 */
#ifndef DBARENA_VALUE_H
#define DBARENA_VALUE_H

#include <stdint.h>

/* Value types (dba_value.type). */
enum dba_type {
	DBA_T_NULL = 0,
	DBA_T_INT64 = 1,     /* u.i64 */
	DBA_T_DOUBLE = 2,    /* u.f64 */
	DBA_T_DECIMAL = 3,   /* u.str: "-123.45" (ASCII digits, optional sign and point), len */
	DBA_T_BOOL = 4,      /* u.b: 0 or 1 */
	DBA_T_TEXT = 5,      /* u.str: UTF-8, len bytes, not necessarily NUL-terminated */
	DBA_T_TIMESTAMP = 6, /* u.i64: microseconds since 1970-01-01 00:00:00 UTC */
	DBA_T_DATE = 7,      /* u.i64: days since 1970-01-01 */
	DBA_T_UUID = 8       /* u.str: 36-character canonical lower-case text, len = 36 */
};

typedef struct dba_value {
	int32_t type;  /* enum dba_type */
	uint32_t len;  /* byte length of u.str for DECIMAL, TEXT and UUID; 0 otherwise */
	union {
		int64_t i64;
		double f64;
		int32_t b;
		const char *str;
	} u;
} dba_value;

/*
 * Column type families reported by describe_table (dba_column.family).
 * A driver maps each native type onto the closest family; OTHER means the
 * core cannot generate values for it and leaves it to its default.
 */
enum dba_family {
	DBA_FAM_OTHER = 0,
	DBA_FAM_INT = 1,       /* smallint, integer, bigint, tinyint, serial ... */
	DBA_FAM_DECIMAL = 2,   /* numeric(p,s), decimal, money */
	DBA_FAM_FLOAT = 3,     /* real, double precision, float */
	DBA_FAM_BOOL = 4,      /* boolean, bit, tinyint(1) */
	DBA_FAM_TEXT = 5,      /* char, varchar, text, nvarchar */
	DBA_FAM_TIMESTAMP = 6, /* timestamp, timestamptz, datetime, datetime2 */
	DBA_FAM_DATE = 7,
	DBA_FAM_TIME = 8,
	DBA_FAM_UUID = 9,      /* uuid, uniqueidentifier */
	DBA_FAM_JSON = 10,
	DBA_FAM_BINARY = 11,   /* bytea, blob, varbinary */
	DBA_FAM_ENUM = 12      /* MySQL ENUM/SET, PostgreSQL enum types: see enum_values */
};

#endif
