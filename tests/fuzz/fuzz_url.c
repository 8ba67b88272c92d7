/* Connection URLs: parse, format both ways, parse the formatted text again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	url u;
	err e;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&e, 0, sizeof(e));
	memset(&u, 0, sizeof(u));
	if (url_parse(text, &u, &e) == 0) {
		dba_conninfo ci;
		char *shown = url_format(&u, 0), *full = url_format(&u, 1);

		memset(&ci, 0, sizeof(ci));
		url_conninfo(&u, &ci);
		if (full) {
			url again;
			err e2;

			memset(&again, 0, sizeof(again));
			memset(&e2, 0, sizeof(e2));
			if (url_parse(full, &again, &e2) == 0)
				url_free(&again);
		}
		free(shown);
		free(full);
		url_free(&u);
	}
	free(text);
	return 0;
}
