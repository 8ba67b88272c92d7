/*
 * PRNG: xoshiro256** (Blackman & Vigna) seeded through splitmix64, plus the
 * distributions the generators need.  Nothing here allocates.
 */
#include <math.h>
#include <string.h>

#include "rng_inline.h"

uint64_t rng_splitmix64(uint64_t *state)
{
	return rngi_splitmix64(state);
}

void rng_seed(rng *r, uint64_t seed)
{
	rngi_seed(r, seed);
}

uint64_t rng_next(rng *r)
{
	return rngi_next(r);
}

double rng_double(rng *r)
{
	return rngi_double(r);
}

uint64_t rng_below(rng *r, uint64_t n)
{
	return rngi_below(r, n);
}

int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
	return rngi_range(r, lo, hi);
}

double rng_normal(rng *r)
{
	double u1 = rng_double(r), u2 = rng_double(r);
	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/*
 * Zipf by rejection-inversion (Hoermann & Derflinger 1996): O(1) per draw
 * for any n, no tables, so every generator can use it without setup.
 */
#define ZIPF_S 1.1

static double zipf_helper1(double x)
{
	return fabs(x) > 1e-8 ? log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
}

static double zipf_helper2(double x)
{
	return fabs(x) > 1e-8 ? expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
}

static double zipf_h(double x)
{
	return exp(-ZIPF_S * log(x));
}

static double zipf_hint(double x)
{
	double lx = log(x);
	return zipf_helper2((1.0 - ZIPF_S) * lx) * lx;
}

static double zipf_hint_inv(double x)
{
	double t = x * (1.0 - ZIPF_S);
	if (t < -1.0)
		t = -1.0;
	return exp(zipf_helper1(t) * x);
}

uint64_t rng_zipf(rng *r, uint64_t n)
{
	if (n <= 1)
		return 0;
	double hx1 = zipf_hint(1.5) - 1.0;
	double hn = zipf_hint((double)n + 0.5);
	double sv = 2.0 - zipf_hint_inv(zipf_hint(2.5) - zipf_h(2.0));
	for (;;) {
		double u = hn + rng_double(r) * (hx1 - hn);
		double x = zipf_hint_inv(u);
		double kd = floor(x + 0.5);
		uint64_t k;
		if (kd < 1.0)
			k = 1;
		else if (kd > (double)n)
			k = n;
		else
			k = (uint64_t)kd;
		if ((double)k - x <= sv || u >= zipf_hint((double)k + 0.5) - zipf_h((double)k))
			return k - 1;
	}
}

/* FNV-1a 64 over both names (with a separator), mixed with the seed. */
uint64_t gen_stream_seed(uint64_t global_seed, const char *a, const char *b)
{
	uint64_t h = 0xCBF29CE484222325ULL;
	const char *parts[2] = { a, b };
	for (int i = 0; i < 2; i++) {
		if (!parts[i])
			continue;
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++) {
			h ^= *p;
			h *= 0x100000001B3ULL;
		}
		h ^= 0xFF;
		h *= 0x100000001B3ULL;
	}
	uint64_t st = global_seed;
	uint64_t g = rng_splitmix64(&st);
	st = g ^ h;
	return rng_splitmix64(&st);
}
