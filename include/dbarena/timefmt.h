/*
 * dbarena plugin SDK: date and time text for DBA_T_DATE and DBA_T_TIMESTAMP
 * values, header-only (static inline: nothing to link, no ABI).
 *
 * DBA_T_DATE counts days since 1970-01-01 and DBA_T_TIMESTAMP microseconds
 * since 1970-01-01 00:00:00 UTC, both on the proleptic Gregorian calendar,
 * negative before the epoch.  These helpers turn them into calendar fields
 * and ISO 8601 text without gmtime/timegm (no time_t range limits, no time
 * zone, no locale), using Howard Hinnant's days_from_civil/civil_from_days.
 *
 * Text: years are written with at least four digits ("0999", "2024",
 * "10000"; a year before 1 AD as a negative astronomical year, year 0 being
 * 1 BC).  The formatting functions write like snprintf: at most cap bytes
 * with a NUL, and return the length the full text has.
 *
 * The core and the plugins use these, so every date is written one way.
 * Since dbarena 0.x (no ABI change: nothing crosses the plugin boundary).
 */
#ifndef DBARENA_TIMEFMT_H
#define DBARENA_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DBA_US_PER_DAY (86400LL * 1000000LL)

/* Days since 1970-01-01 of year y, month m (1..12), day d (1..31). */
static inline int64_t dba_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* The calendar date of days since 1970-01-01: year, month 1..12, day 1..31. */
static inline void dba_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Splits microseconds since the epoch into whole days, the second of that day and its microsecond (all floored). */
static inline void dba_split_us(int64_t us, int64_t *days, int32_t *sec_of_day, int32_t *micros)
{
	int64_t dd = us / DBA_US_PER_DAY, rem = us % DBA_US_PER_DAY;

	if (rem < 0) {
		rem += DBA_US_PER_DAY;
		dd--;
	}
	*days = dd;
	*sec_of_day = (int32_t)(rem / 1000000);
	*micros = (int32_t)(rem % 1000000);
}

/* "YYYY-MM-DD" of days since 1970-01-01. */
static inline int dba_fmt_date(int64_t days, char *out, size_t cap)
{
	int64_t y;
	unsigned m, d;

	dba_civil_from_days(days, &y, &m, &d);
	return snprintf(out, cap, "%04lld-%02u-%02u", (long long)y, m, d);
}

/* How dba_fmt_timestamp writes the fraction of a second. */
enum dba_frac {
	DBA_FRAC_NONE = 0,   /* "YYYY-MM-DD HH:MM:SS" (the fraction is dropped) */
	DBA_FRAC_ALWAYS = 1, /* "YYYY-MM-DD HH:MM:SS.ffffff" */
	DBA_FRAC_NONZERO = 2 /* ".ffffff" only when the fraction is not zero */
};

/* "YYYY-MM-DD<sep>HH:MM:SS[.ffffff]" of microseconds since the epoch, UTC; sep is ' ' or 'T'. */
static inline int dba_fmt_timestamp(int64_t us, char sep, int frac, char *out, size_t cap)
{
	int64_t days, y;
	int32_t s, f;
	unsigned m, d;

	dba_split_us(us, &days, &s, &f);
	dba_civil_from_days(days, &y, &m, &d);
	if (frac == DBA_FRAC_ALWAYS || (frac == DBA_FRAC_NONZERO && f))
		return snprintf(out, cap, "%04lld-%02u-%02u%c%02d:%02d:%02d.%06d", (long long)y, m, d, sep,
				(int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60), (int)f);
	return snprintf(out, cap, "%04lld-%02u-%02u%c%02d:%02d:%02d", (long long)y, m, d, sep,
			(int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

#endif
