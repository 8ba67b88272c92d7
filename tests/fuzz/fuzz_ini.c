/*
 * INI loader: ini_load_string on arbitrary text, then every helper that
 * parses a section argument or a value (column and table names, lists).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"

static void split_all(const char *s)
{
	char *table = NULL, *column = NULL, *schema = NULL, *name = NULL, **items = NULL;

	if (ini_split_column(s, &table, &column) == 0 && table)
		if (ini_split_table(table, &schema, &name) == 0) {
			free(schema);
			free(name);
			schema = name = NULL;
		}
	free(table);
	free(column);
	if (ini_split_table(s, &schema, &name) == 0) {
		free(schema);
		free(name);
	}
	if (ini_list(s, &items) >= 0)
		ini_strv_free(items);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	ini_doc doc;
	err e;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&e, 0, sizeof(e));
	if (ini_load_string("fuzz.ini", text, &doc, &e) == 0) {
		for (size_t i = 0; i < doc.n; i++) {
			const ini_entry *en = &doc.v[i];
			const char *sp = strchr(en->section, ' ');

			if (sp)
				split_all(sp + 1);
			if (en->value)
				split_all(en->value);
		}
		ini_free(&doc);
	}
	/* The helpers also see the raw text (one line or many). */
	split_all(text);
	free(text);
	return 0;
}
