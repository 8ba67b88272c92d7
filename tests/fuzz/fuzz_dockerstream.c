/*
 * The docker plugin's decoder of the multiplexed log/exec stream (8-byte
 * frame headers: stream, 0, 0, 0, big-endian length).  The decoder is a
 * static libcurl write callback, so the plugin's transport file is
 * compiled into this target.  The body is fed in chunks whose sizes come
 * from the input's first byte, and what reaches the writer is compared
 * with a one-shot reference decoding of the whole body.
 */
#include "../../plugins/docker/dk_http.c"

#include <stdint.h>

const dba_host *dk_host;

typedef struct sink {
	unsigned char *out[3];
	size_t len[3];
} sink;

static int collect_w(void *ud, int32_t stream, const char *p, size_t n)
{
	sink *k = ud;

	if (stream < 1 || stream > 2)
		abort();
	if (!n)
		return 0;
	k->out[stream] = realloc(k->out[stream], k->len[stream] + n);
	if (!k->out[stream])
		abort();
	memcpy(k->out[stream] + k->len[stream], p, n);
	k->len[stream] += n;
	return 0;
}

static void reference(const uint8_t *p, size_t len, sink *k)
{
	size_t i = 0;

	while (len - i >= 8) {
		int stream = p[i] == 2 ? 2 : 1;
		size_t n = ((size_t)p[i + 4] << 24) | ((size_t)p[i + 5] << 16) | ((size_t)p[i + 6] << 8) | p[i + 7];

		i += 8;
		if (n > len - i)
			n = len - i;
		collect_w(k, stream, (const char *)p + i, n);
		i += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sink got, want;
	dk_stream st;
	size_t chunk, i = 0;
	char *body;

	if (size < 1)
		return 0;
	chunk = (size_t)(data[0] % 13) + 1;
	data++, size--;
	body = malloc(size + 1);  /* libcurl hands over a writable buffer */
	if (!body)
		return 0;
	memcpy(body, data, size);
	memset(&got, 0, sizeof(got));
	memset(&want, 0, sizeof(want));
	memset(&st, 0, sizeof(st));
	st.w = collect_w;
	st.ud = &got;
	while (i < size) {
		size_t n = size - i < chunk ? size - i : chunk;

		if (demux(body + i, 1, n, &st) != n)
			abort();
		i += n;
	}
	reference(data, size, &want);
	for (int s = 1; s <= 2; s++) {
		if (got.len[s] != want.len[s] || (want.len[s] && memcmp(got.out[s], want.out[s], want.len[s])))
			abort();
		free(got.out[s]);
		free(want.out[s]);
	}
	free(body);
	return 0;
}
