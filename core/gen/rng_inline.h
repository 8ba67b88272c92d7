/*
 * The PRNG's hot functions as inline code for the generators' per-value
 * path (gen.c); rng.c's rng_* are the same functions for everyone else.
 */
#ifndef DBARENA_GEN_RNG_INLINE_H
#define DBARENA_GEN_RNG_INLINE_H

#include "gen.h"

static inline uint64_t rngi_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline void rngi_seed(rng *r, uint64_t seed)
{
	uint64_t st = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = rngi_splitmix64(&st);
	/* An all-zero state would only ever produce zeros. */
	if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
		r->s[0] = 1;
}

static inline uint64_t rngi_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rngi_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rngi_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rngi_rotl(s[3], 45);
	return result;
}

static inline double rngi_double(rng *r)
{
	return (double)(rngi_next(r) >> 11) * 0x1.0p-53;
}

/* Lemire's multiply-and-reject: no modulo bias, rarely loops. */
static inline uint64_t rngi_below(rng *r, uint64_t n)
{
	if (n <= 1)
		return 0;
	unsigned __int128 m = (unsigned __int128)rngi_next(r) * n;
	uint64_t low = (uint64_t)m;
	if (low < n) {
		uint64_t threshold = -n % n;
		while (low < threshold) {
			m = (unsigned __int128)rngi_next(r) * n;
			low = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

/*
 * n characters first..first+k-1 (2 <= k <= 64), several from each 64-bit
 * draw: the draw is a fraction and each character the integer part of the
 * fraction times k, as many as keep k^chars <= 2^40, so the bias of any run
 * of them stays below 2^-24.
 */
static inline void rngi_chars(rng *r, char *out, int n, char first, unsigned k)
{
	int per = 0;

	for (uint64_t p = 1; p * k <= (1ULL << 40); p *= k)
		per++;
	while (n > 0) {
		uint64_t f = rngi_next(r);

		for (int i = 0; i < per && n > 0; i++, n--) {
			unsigned __int128 m = (unsigned __int128)f * k;

			*out++ = (char)(first + (int)(m >> 64));
			f = (uint64_t)m;
		}
	}
}

static inline int64_t rngi_range(rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	uint64_t span = (uint64_t)hi - (uint64_t)lo;
	if (span == UINT64_MAX)
		return (int64_t)rngi_next(r);
	return (int64_t)((uint64_t)lo + rngi_below(r, span + 1));
}

#endif
