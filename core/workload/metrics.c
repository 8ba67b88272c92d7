/*
 * The Prometheus endpoint (metrics.h).  One thread accepts one connection
 * at a time on a loopback socket and answers GET /metrics from a snapshot
 * guarded by its own lock: the workers' locks are never taken here, and the
 * engine's thread copies its merged totals in once a tick.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../sig.h"
#include "metrics.h"
#include "phase.h"
#include "report.h"
#include "sched.h"

struct wl_metrics {
	int fd;
	pthread_t th;
	atomic_int quit;
	pthread_mutex_t mu;
	/* the snapshot, under mu */
	unsigned nkinds;
	const char **names;  /* borrowed from the run's config */
	unsigned char *shown;
	kstats *k;
	uint64_t err[NCLASS];
	uint64_t reconnects, behind, scrapes;
	double target_tps, tps_now, elapsed;
	int connections;
	int state;           /* 0 warm-up, 1 running, 2 done */
	unsigned phase;      /* the current phase's index, and its name (borrowed from the config) */
	const char *phase_name;
	uint64_t last_done;  /* ok + fail at the last update */
	int64_t last_ns;
};

/* Latency bucket bounds, microseconds (the exposition's le, in seconds). */
static const uint64_t le_us[] = { 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000,
				  500000, 1000000, 2500000, 5000000, 10000000, 30000000, 60000000 };

/* hist.c's bucket of a value: the exposition counts a bucket under le when it holds le. */
static unsigned bucket_of(uint64_t v)
{
	unsigned e;

	if (v < HIST_SUB)
		return (unsigned)v;
	e = 63u - (unsigned)__builtin_clzll(v);
	return HIST_SUB + (e - HIST_SUB_BITS) * HIST_SUB + (unsigned)((v >> (e - HIST_SUB_BITS)) - HIST_SUB);
}

typedef struct sbuf {
	char *p;
	size_t n, cap;
	int oom;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
		va_end(ap);
		if (n < 0 || b->oom)
			return;
		if (b->p && b->n + (size_t)n < b->cap) {
			b->n += (size_t)n;
			return;
		}
		{
			size_t cap = (b->cap ? b->cap * 2 : 16384) + (size_t)n;
			char *np = realloc(b->p, cap);

			if (!np) {
				b->oom = 1;
				return;
			}
			b->p = np;
			b->cap = cap;
		}
	}
}

/* A label value: backslash, double quote and newline escaped. */
static const char *label(char *buf, size_t cap, const char *s)
{
	size_t n = 0;

	for (; *s && n + 3 < cap; s++) {
		if (*s == '\\' || *s == '"' || *s == '\n') {
			buf[n++] = '\\';
			buf[n++] = *s == '\n' ? 'n' : *s;
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = 0;
	return buf;
}

static void head(sbuf *b, const char *name, const char *type, const char *help)
{
	sb_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void histogram(sbuf *b, const char *name, const char *op, const hist *h)
{
	uint64_t cum = 0;
	unsigned upto = 0;

	for (size_t i = 0; i < sizeof(le_us) / sizeof(le_us[0]); i++) {
		unsigned top = bucket_of(le_us[i]);

		for (; upto <= top && upto < HIST_NB; upto++)
			cum += h->b[upto];
		sb_printf(b, "%s_bucket{operation=\"%s\",le=\"%g\"} %llu\n", name, op, (double)le_us[i] / 1e6,
			  (unsigned long long)cum);
	}
	sb_printf(b, "%s_bucket{operation=\"%s\",le=\"+Inf\"} %llu\n", name, op, (unsigned long long)h->count);
	sb_printf(b, "%s_sum{operation=\"%s\"} %.6f\n", name, op, (double)h->sum / 1e6);
	sb_printf(b, "%s_count{operation=\"%s\"} %llu\n", name, op, (unsigned long long)h->count);
}

static void fmt_counters(wl_metrics *m, sbuf *b)
{
	static const char *const states[] = { "warmup", "running", "done" };
	static const char *const res[] = { "ok", "failed", "skipped" };
	char op[256];

	head(b, "dbarena_transactions_total", "counter", "Transactions that ended, per operation and result.");
	for (unsigned k = 0; k < m->nkinds; k++) {
		uint64_t v[3] = { m->k[k].ok, m->k[k].fail, m->k[k].skip };

		if (!m->shown[k])
			continue;
		label(op, sizeof(op), m->names[k]);
		for (int i = 0; i < 3; i++)
			sb_printf(b, "dbarena_transactions_total{operation=\"%s\",result=\"%s\"} %llu\n", op, res[i],
				  (unsigned long long)v[i]);
	}
	head(b, "dbarena_errors_total", "counter", "Failed statements per error class.");
	for (int c = 1; c < NCLASS; c++)
		if (m->err[c] || c <= DBA_ERR_DATA)
			sb_printf(b, "dbarena_errors_total{class=\"%s\"} %llu\n", err_class_name(c),
				  (unsigned long long)m->err[c]);
	head(b, "dbarena_reconnects_total", "counter", "Sessions reopened after a lost connection or a timeout.");
	sb_printf(b, "dbarena_reconnects_total %llu\n", (unsigned long long)m->reconnects);
	head(b, "dbarena_behind_total", "counter", "Transactions that started more than 10 ms after their scheduled start.");
	sb_printf(b, "dbarena_behind_total %llu\n", (unsigned long long)m->behind);
	head(b, "dbarena_target_tps", "gauge", "The target rate, transactions per second (0: as fast as possible).");
	sb_printf(b, "dbarena_target_tps %.15g\n", m->target_tps);
	head(b, "dbarena_achieved_tps", "gauge", "Transactions per second that ended over the last tick.");
	sb_printf(b, "dbarena_achieved_tps %.3f\n", m->tps_now);
	head(b, "dbarena_elapsed_seconds", "gauge", "Seconds since the measured run started (after the warm-up).");
	sb_printf(b, "dbarena_elapsed_seconds %.3f\n", m->elapsed);
	head(b, "dbarena_connections", "gauge", "Sessions of the run.");
	sb_printf(b, "dbarena_connections %d\n", m->connections);
	head(b, "dbarena_phase", "gauge", "The current phase's index; the label names it.");
	sb_printf(b, "dbarena_phase{phase=\"%s\"} %u\n", label(op, sizeof(op), m->phase_name ? m->phase_name : "default"),
		  m->phase);
	head(b, "dbarena_state", "gauge", "1 for the run's current state: warmup, running or done.");
	for (int i = 0; i < 3; i++)
		sb_printf(b, "dbarena_state{state=\"%s\"} %d\n", states[i], m->state == i);
	head(b, "dbarena_scrapes_total", "counter", "Requests this endpoint has answered.");
	sb_printf(b, "dbarena_scrapes_total %llu\n", (unsigned long long)m->scrapes);
}

/* The exposition, from the snapshot. */
static void format(wl_metrics *m, sbuf *b)
{
	char op[256];

	pthread_mutex_lock(&m->mu);
	m->scrapes++;
	fmt_counters(m, b);
	head(b, "dbarena_latency_scheduled_seconds", "histogram",
	     "Latency from each transaction's scheduled start, per operation.");
	for (unsigned k = 0; k < m->nkinds; k++)
		if (m->shown[k])
			histogram(b, "dbarena_latency_scheduled_seconds", label(op, sizeof(op), m->names[k]), &m->k[k].sched);
	head(b, "dbarena_latency_service_seconds", "histogram",
	     "Latency from each transaction's actual start, per operation.");
	for (unsigned k = 0; k < m->nkinds; k++)
		if (m->shown[k])
			histogram(b, "dbarena_latency_service_seconds", label(op, sizeof(op), m->names[k]), &m->k[k].svc);
	pthread_mutex_unlock(&m->mu);
}

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void reply(int fd, const char *status, const char *type, const char *body, size_t len, int with_body)
{
	char h[256];
	int n = snprintf(h, sizeof(h), "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
			 status, type, len);

	send_all(fd, h, (size_t)n);
	if (with_body)
		send_all(fd, body, len);
}

/* One request: GET (or HEAD) /metrics answers the exposition, anything else 404 or 405. */
static void serve(wl_metrics *m, int fd)
{
	struct timeval tv = { 2, 0 };
	char req[4096], *sp;
	size_t n = 0;
	int head_only;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (n < sizeof(req) - 1) {
		ssize_t got = recv(fd, req + n, sizeof(req) - 1 - n, 0);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		req[n] = 0;
		if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n"))
			break;
	}
	req[n] = 0;
	head_only = !strncmp(req, "HEAD ", 5);
	if (strncmp(req, "GET ", 4) && !head_only) {
		reply(fd, "405 Method Not Allowed", "text/plain", "GET /metrics\n", 13, 1);
		return;
	}
	sp = req + (head_only ? 5 : 4);
	if (strncmp(sp, "/metrics", 8) || (sp[8] != ' ' && sp[8] != '?')) {
		reply(fd, "404 Not Found", "text/plain", "GET /metrics\n", 13, !head_only);
		return;
	}
	{
		sbuf b = { 0 };

		format(m, &b);
		if (b.oom)
			reply(fd, "500 Internal Server Error", "text/plain", "out of memory\n", 14, !head_only);
		else
			reply(fd, "200 OK", "text/plain; version=0.0.4; charset=utf-8", b.p, b.n, !head_only);
		free(b.p);
	}
}

static void *serve_main(void *arg)
{
	wl_metrics *m = arg;

	while (!atomic_load(&m->quit)) {
		struct pollfd p = { m->fd, POLLIN, 0 };
		int fd;

		if (poll(&p, 1, 100) <= 0)
			continue;
		fd = accept(m->fd, NULL, NULL);
		if (fd < 0)
			continue;
		serve(m, fd);
		close(fd);
	}
	return NULL;
}

static int is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) ||
		       (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return 0;
}

/* "HOST:PORT", "[V6]:PORT" or ":PORT" -> a listening socket; EXIT_USAGE for a bad or public address. */
static int listen_on(const char *addr, int public_ok, err *e)
{
	char host[256];
	const char *colon = strrchr(addr, ':'), *port;
	struct addrinfo hints, *ai = NULL;
	size_t hl;
	int fd = -1, one = 1, g;

	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1) || atoi(colon + 1) > 65535)
		return err_set(e, EXIT_USAGE, "--metrics-addr: \"%s\" is not HOST:PORT", addr), -1;
	port = colon + 1;
	hl = (size_t)(colon - addr);
	if (hl >= 2 && addr[0] == '[' && addr[hl - 1] == ']')
		addr++, hl -= 2;
	if (hl >= sizeof(host))
		return err_set(e, EXIT_USAGE, "--metrics-addr: host too long"), -1;
	memcpy(host, addr, hl);
	host[hl] = 0;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((g = getaddrinfo(hl ? host : "127.0.0.1", port, &hints, &ai)) || !ai)
		return err_set(e, EXIT_USAGE, "--metrics-addr: cannot resolve \"%s\": %s", host, gai_strerror(g)), -1;
	if (!is_loopback(ai->ai_addr) && !public_ok) {
		err_set(e, EXIT_USAGE, "--metrics-addr: \"%s\" is not a loopback address", hl ? host : "");
		err_hint(e, "add --metrics-public to serve the metrics to other hosts");
		goto out;
	}
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 16)) {
		err_set(e, EXIT_RUNTIME, "--metrics-addr: cannot listen on \"%s\": %s", addr, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
out:
	freeaddrinfo(ai);
	return fd;
}

int metrics_start(const wl_run *r, wl_metrics **out, err *e)
{
	wl_metrics *m;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[64] = "?";

	*out = NULL;
	if (!r->c->metrics_addr)
		return 0;
	m = calloc(1, sizeof(*m));
	if (!m)
		return err_set(e, EXIT_RUNTIME, "out of memory");
	m->fd = -1;
	pthread_mutex_init(&m->mu, NULL);
	if (!(m->k = calloc(r->nkinds, sizeof(*m->k))) || !(m->names = calloc(r->nkinds, sizeof(*m->names))) ||
	    !(m->shown = calloc(r->nkinds, 1))) {
		metrics_stop(&m, 0);
		return err_set(e, EXIT_RUNTIME, "out of memory");
	}
	m->nkinds = r->nkinds;
	for (unsigned k = 0; k < r->nkinds; k++)
		m->names[k] = report_kind_name(r, k);
	m->target_tps = r->c->tps;
	m->connections = r->c->connections;
	m->fd = listen_on(r->c->metrics_addr, r->c->metrics_public, e);
	if (m->fd < 0 || pthread_create(&m->th, NULL, serve_main, m)) {
		if (m->fd >= 0) {
			close(m->fd);
			err_set(e, EXIT_RUNTIME, "cannot start the metrics thread");
		}
		m->fd = -1;
		metrics_stop(&m, 0);
		return -1;
	}
	getsockname(m->fd, (struct sockaddr *)&ss, &sl);
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof(host));
	else if (ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host + 1, sizeof(host) - 2),
			host[0] = '[', strcat(host, "]");
	fprintf(stderr, "metrics: http://%s:%u/metrics\n", host,
		ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					      : ((struct sockaddr_in *)&ss)->sin_port));
	*out = m;
	return 0;
}

void metrics_update(wl_metrics *m, const wl_run *r, const totals *tot, int64_t now_ns, int done)
{
	uint64_t ended = 0;

	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	memcpy(m->k, tot->k, r->nkinds * sizeof(*m->k));
	for (unsigned k = 0; k < r->nkinds; k++) {
		const kstats *s = &tot->k[k];

		ended += s->ok + s->fail;
		/* The summary's rows: what could run, or did. */
		m->shown[k] = s->ok || s->fail || s->skip || (k < WL_NOPS && !r->c->txn && r->c->mix[k] > 0);
	}
	for (int c = 0; c < NCLASS; c++)
		m->err[c] = tot->err[c].n;
	m->reconnects = tot->reconnects;
	m->behind = atomic_load((atomic_ullong *)&r->behind);
	if (m->last_ns && now_ns > m->last_ns)
		m->tps_now = (double)(ended - m->last_done) / ((double)(now_ns - m->last_ns) / 1e9);
	m->last_ns = now_ns;
	m->last_done = ended;
	m->elapsed = now_ns > r->warm_end ? (double)(now_ns - r->warm_end) / 1e9 : 0;
	m->state = done ? 2 : now_ns >= r->warm_end ? 1 : 0;
	if (r->ph && r->c->nphases) {
		m->phase = phase_at(r, now_ns);
		m->phase_name = r->c->phases[m->phase].name;
	}
	if (done)
		m->tps_now = 0;
	pthread_mutex_unlock(&m->mu);
}

void metrics_stop(wl_metrics **mp, double linger_s)
{
	wl_metrics *m = *mp;

	if (!m)
		return;
	if (m->fd >= 0 && linger_s > 0) {
		int64_t until = sched_mono_ns() + (int64_t)(linger_s * 1e9);

		while (!sig_stop && sched_mono_ns() < until)
			sched_sleep_until(sched_mono_ns() + 100000000LL < until ? sched_mono_ns() + 100000000LL : until);
	}
	if (m->fd >= 0) {
		atomic_store(&m->quit, 1);
		pthread_join(m->th, NULL);
		close(m->fd);
	}
	pthread_mutex_destroy(&m->mu);
	free(m->k);
	free(m->names);
	free(m->shown);
	free(m);
	*mp = NULL;
}
