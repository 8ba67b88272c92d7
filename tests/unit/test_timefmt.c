/* The SDK's date and time text (include/dbarena/timefmt.h), against known dates and gmtime. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>

#include "dbarena/timefmt.h"

Test(timefmt, known_dates)
{
	char b[64];

	dba_fmt_date(0, b, sizeof b);
	cr_assert_str_eq(b, "1970-01-01");
	dba_fmt_date(-1, b, sizeof b);
	cr_assert_str_eq(b, "1969-12-31");
	dba_fmt_date(dba_days_from_civil(2024, 2, 29), b, sizeof b);
	cr_assert_str_eq(b, "2024-02-29");
	dba_fmt_date(dba_days_from_civil(999, 1, 1), b, sizeof b);
	cr_assert_str_eq(b, "0999-01-01");
	dba_fmt_date(dba_days_from_civil(10000, 12, 31), b, sizeof b);
	cr_assert_str_eq(b, "10000-12-31");
}

Test(timefmt, timestamps_floor_before_the_epoch)
{
	char b[64];

	dba_fmt_timestamp(-1, ' ', DBA_FRAC_ALWAYS, b, sizeof b);
	cr_assert_str_eq(b, "1969-12-31 23:59:59.999999");
	dba_fmt_timestamp(1500000, 'T', DBA_FRAC_NONZERO, b, sizeof b);
	cr_assert_str_eq(b, "1970-01-01T00:00:01.500000");
	dba_fmt_timestamp(2000000, ' ', DBA_FRAC_NONZERO, b, sizeof b);
	cr_assert_str_eq(b, "1970-01-01 00:00:02");
	dba_fmt_timestamp(1500000, ' ', DBA_FRAC_NONE, b, sizeof b);
	cr_assert_str_eq(b, "1970-01-01 00:00:01");
}

/* Over years 1000..9999 the text is what gmtime and strftime wrote before. */
Test(timefmt, matches_gmtime)
{
	int64_t lo = dba_days_from_civil(1000, 1, 1) * 86400, hi = dba_days_from_civil(9999, 12, 31) * 86400;
	uint64_t x = 88172645463325252ULL;

	for (int i = 0; i < 200000; i++) {
		char a[64], b[64];
		struct tm tm;
		time_t t;
		int64_t us, f, days, y;
		unsigned m, d;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		t = (time_t)(lo + (int64_t)(x % (uint64_t)(hi - lo)));
		f = (int64_t)(x >> 40) % 1000000;
		us = (int64_t)t * 1000000 + f;
		gmtime_r(&t, &tm);
		strftime(a, sizeof a, "%Y-%m-%d %H:%M:%S", &tm);
		snprintf(a + strlen(a), sizeof a - strlen(a), ".%06lld", (long long)f);
		dba_fmt_timestamp(us, ' ', DBA_FRAC_ALWAYS, b, sizeof b);
		cr_assert_str_eq(b, a);
		days = (t - ((t % 86400) + 86400) % 86400) / 86400;
		dba_civil_from_days(days, &y, &m, &d);
		cr_assert_eq(dba_days_from_civil(y, m, d), days);
	}
}
