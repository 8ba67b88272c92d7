/*
 * MariaDB/MySQL driver: the calls of exec, prepare, execute and tx that wait
 * for the server.  A connection that shares its thread (ABI 1.3
 * dba_conninfo.shared_thread, with the host's wait) is opened with
 * MYSQL_OPT_NONBLOCK and each call runs as libmariadb's _start/_cont pair,
 * waiting in host->wait while the core runs the thread's other
 * connections.  Otherwise the blocking calls, as before.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>

#include "my.h"

int my_host_waits(void)
{
	return my_host && my_host->size >= offsetof(dba_host, wait) + sizeof(my_host->wait) && my_host->wait;
}

/* Waits for what status asks (MYSQL_WAIT_*); returns what happened, for the _cont call. */
static int wait_for(dba_conn *c, int status)
{
	int events = (status & MYSQL_WAIT_READ ? POLLIN : 0) | (status & MYSQL_WAIT_WRITE ? POLLOUT : 0) |
		     (status & MYSQL_WAIT_EXCEPT ? POLLPRI : 0);
	int64_t ms = status & MYSQL_WAIT_TIMEOUT ? (int64_t)mysql_get_timeout_value_ms(c->my) : -1;
	int n;

	do
		n = my_host->wait((int32_t)mysql_get_socket(c->my), events, ms);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return MYSQL_WAIT_TIMEOUT;
	if (n < 0)
		return status & (MYSQL_WAIT_READ | MYSQL_WAIT_WRITE); /* let the library find the error */
	return (n & (POLLIN | POLLHUP | POLLERR) ? MYSQL_WAIT_READ : 0) | (n & POLLOUT ? MYSQL_WAIT_WRITE : 0) |
	       (n & POLLPRI ? MYSQL_WAIT_EXCEPT : 0);
}

/* One libmariadb call as its _start/_cont pair (cont takes ret, the handle and what happened). */
#define NB(c, ret, handle, start_call, cont_fn)                              \
	do {                                                                 \
		int st_ = (start_call);                                       \
		while (st_)                                                  \
			st_ = cont_fn(&(ret), (handle), wait_for((c), st_)); \
	} while (0)

int my_w_query(dba_conn *c, const char *sql, unsigned long len)
{
	int ret = 0;

	if (!c->nb)
		return mysql_real_query(c->my, sql, len);
	NB(c, ret, c->my, mysql_real_query_start(&ret, c->my, sql, len), mysql_real_query_cont);
	return ret;
}

MYSQL_RES *my_w_store_result(dba_conn *c)
{
	MYSQL_RES *ret = NULL;

	if (!c->nb)
		return mysql_store_result(c->my);
	NB(c, ret, c->my, mysql_store_result_start(&ret, c->my), mysql_store_result_cont);
	return ret;
}

int my_w_next_result(dba_conn *c)
{
	int ret = 0;

	if (!c->nb)
		return mysql_next_result(c->my);
	NB(c, ret, c->my, mysql_next_result_start(&ret, c->my), mysql_next_result_cont);
	return ret;
}

int my_w_stmt_prepare(dba_conn *c, MYSQL_STMT *st, const char *sql, unsigned long len)
{
	int ret = 0;

	if (!c->nb)
		return mysql_stmt_prepare(st, sql, len);
	NB(c, ret, st, mysql_stmt_prepare_start(&ret, st, sql, len), mysql_stmt_prepare_cont);
	return ret;
}

int my_w_stmt_execute(dba_conn *c, MYSQL_STMT *st)
{
	int ret = 0;

	if (!c->nb)
		return mysql_stmt_execute(st);
	NB(c, ret, st, mysql_stmt_execute_start(&ret, st), mysql_stmt_execute_cont);
	return ret;
}

int my_w_stmt_fetch(dba_conn *c, MYSQL_STMT *st)
{
	int ret = 0;

	if (!c->nb)
		return mysql_stmt_fetch(st);
	NB(c, ret, st, mysql_stmt_fetch_start(&ret, st), mysql_stmt_fetch_cont);
	return ret;
}

my_bool my_w_stmt_free_result(dba_conn *c, MYSQL_STMT *st)
{
	my_bool ret = 0;

	if (!c->nb)
		return mysql_stmt_free_result(st);
	NB(c, ret, st, mysql_stmt_free_result_start(&ret, st), mysql_stmt_free_result_cont);
	return ret;
}
