/*
 * Which failures --max-tries reruns (core/workload/retry.c), the isolation
 * values a config accepts and the options' checks (txnconf.c, txopts.c).
 */
#include <criterion/criterion.h>
#include <getopt.h>
#include <string.h>

#include "workload/xact.h"

static dba_error failure(int cls, int32_t code, const char *sqlstate)
{
	dba_error de;

	memset(&de, 0, sizeof(de));
	de.err_class = cls;
	de.native_code = code;
	snprintf(de.sqlstate, sizeof(de.sqlstate), "%s", sqlstate);
	return de;
}

Test(retry, serialization_failures_and_deadlocks)
{
	wl_cfg c;
	dba_error de;

	workload_cfg_defaults(&c);
	cr_assert_eq(c.max_tries, 1);
	de = failure(DBA_ERR_DEADLOCK, 0, "40001");  /* PostgreSQL serialization failure */
	cr_assert(retry_retryable(&c, &de));
	de = failure(DBA_ERR_DEADLOCK, 0, "40P01");  /* PostgreSQL deadlock */
	cr_assert(retry_retryable(&c, &de));
	de = failure(DBA_ERR_DEADLOCK, 1213, "40001"); /* MariaDB deadlock */
	cr_assert(retry_retryable(&c, &de));
	de = failure(DBA_ERR_DEADLOCK, 1205, "40001"); /* SQL Server deadlock victim */
	cr_assert(retry_retryable(&c, &de));
	de = failure(DBA_ERR_DEADLOCK, 1205, "HY000"); /* MariaDB lock wait timeout: only when asked */
	cr_assert_not(retry_retryable(&c, &de));
	c.retry_lock_timeout = 1;
	cr_assert(retry_retryable(&c, &de));
	de = failure(DBA_ERR_CONSTRAINT, 1062, "23000");
	cr_assert_not(retry_retryable(&c, &de));
	de = failure(DBA_ERR_SYNTAX, 0, "42P01");
	cr_assert_not(retry_retryable(&c, &de));
}

Test(retry, options)
{
	wl_cfg c;
	err e;

	workload_cfg_defaults(&c);
	memset(&e, 0, sizeof(e));
	cr_assert_eq(wx_option(&c, WX_O_MAX_TRIES, "0", &e), 1);
	cr_assert_eq(wx_options_check(&c, &e), -1, "--max-tries 0 alone is unbounded");
	cr_assert_eq(e.code, EXIT_USAGE);
	cr_assert_eq(wx_option(&c, WX_O_RETRY_SECONDS, "5", &e), 1);
	cr_assert_eq(wx_options_check(&c, &e), 0);
	cr_assert_eq(wx_option(&c, WX_O_MAX_TRIES, "2.5", &e), -1);
	cr_assert_eq(wx_option(&c, WX_O_RETRY_ON, "everything", &e), -1);
	cr_assert_eq(wx_option(&c, WX_O_LATENCY_LIMIT, "0", &e), -1);
	cr_assert_eq(wx_option(&c, WX_O_LATENCY_LIMIT, "50", &e), 1);
	cr_assert_float_eq(c.latency_limit_ms, 50, 1e-9);
	cr_assert_eq(wx_option(&c, 'x', NULL, &e), 0, "not one of these options");
}

Test(retry, isolation_values)
{
	static const char *const ok[] = { "read committed", "REPEATABLE READ", "serializable", "read_committed",
					   "repeatable-read" };
	static const int want[] = { WL_ISO_READ_COMMITTED, WL_ISO_REPEATABLE_READ, WL_ISO_SERIALIZABLE,
				    WL_ISO_READ_COMMITTED, WL_ISO_REPEATABLE_READ };
	ini_entry en = { .section = "workload", .key = "isolation", .line = 3 };
	int iso;
	err e;

	for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		en.value = (char *)ok[i];
		cr_assert_eq(txnconf_isolation("w.ini", &en, &iso, &e), 0, "%s", ok[i]);
		cr_assert_eq(iso, want[i], "%s", ok[i]);
	}
	en.value = "snapshot";
	memset(&e, 0, sizeof(e));
	cr_assert_eq(txnconf_isolation("w.ini", &en, &iso, &e), -1);
	cr_assert(strstr(e.msg, "w.ini:3: bad value \"snapshot\" for isolation"), "%s", e.msg);
}
