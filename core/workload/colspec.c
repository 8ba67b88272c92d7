/* Small generator specs the workload builds for columns it fills itself (colspec.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colspec.h"

gen_spec *colspec_of(const char *gname, const char *k1, const char *v1, const char *k2, const char *v2)
{
	err e;
	gen_spec *s = gen_spec_new(gname, NULL, 0, &e);

	if (!s)
		return NULL;
	if ((k1 && gen_spec_set(s, k1, v1, 0, &e)) || (k2 && gen_spec_set(s, k2, v2, 0, &e)) ||
	    gen_spec_finish(s, &e)) {
		gen_spec_free(s);
		return NULL;
	}
	return s;
}


/*
 * The step of a timestamp key part's clock: what the type keeps of a second
 * ("datetime(3)": 1 ms; MySQL's bare datetime: 1 s; smalldatetime: 1 min).
 */
int64_t colspec_clock_step(const dba_column *c)
{
	const char *tn = c->type_name ? c->type_name : "", *par = strchr(tn, '(');
	int64_t step = 1;

	if (par && par[1] >= '0' && par[1] <= '9') {
		for (int n = atoi(par + 1); n < 6; n++)
			step *= 10;
		return step;
	}
	if (!strcasecmp(tn, "smalldatetime"))
		return 60000000;
	if (!strcasecmp(tn, "datetime") || !strcasecmp(tn, "timestamp"))
		return 1000000;
	return 1;
}
