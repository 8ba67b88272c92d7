/*
 * INI files with line numbers.  Parsing goes through libinih's
 * ini_parse_stream with our own line reader, so every entry knows its
 * physical line; indented continuation lines are joined to the previous
 * value with a single space.  A physical line longer than the 200 bytes
 * Debian's libinih reads is an error naming FILE:LINE.
 */
#ifndef DBARENA_INI_H
#define DBARENA_INI_H

#include <stddef.h>

#include "err.h"

typedef struct ini_entry {
	char *section;   /* as written between brackets, trimmed */
	char *key;       /* NULL for a section header entry */
	char *value;     /* NULL for a section header entry */
	int line;        /* physical line of the section header or key */
} ini_entry;

typedef struct ini_doc {
	char *path;
	ini_entry *v;
	size_t n;
} ini_doc;

/* Loads path; a syntax error or unreadable file fills e (EXIT_USAGE, "FILE:LINE: ..."). */
int ini_load(const char *path, ini_doc *doc, err *e);
/* Same from memory (tests, fuzzing); name is used in messages. */
int ini_load_string(const char *name, const char *text, ini_doc *doc, err *e);
void ini_free(ini_doc *doc);

/*
 * Splits a section argument such as  users.id  or  "Order Items"."unit price"
 * or  sales.users.id : the last unquoted dot separates the table from the
 * column.  *column is unquoted ("" inside quotes is a literal quote); *table
 * keeps its quoting (e.g. "Order Items" or sales.users) so that
 * ini_split_table() can split it into schema and name.  Returns -1 on
 * malformed quoting or a missing part.  Results are malloc'ed.
 */
int ini_split_column(const char *s, char **table, char **column);
/*
 * Splits a table name into schema and name at the last unquoted dot
 * (schema NULL when there is none), removing quotes.
 */
int ini_split_table(const char *s, char **schema, char **name);
/*
 * Parses a comma-separated list with optional double quotes:
 *   pending, "on hold", shipped
 * Returns the count, or -1 on malformed quoting.  *items is a malloc'ed
 * NULL-terminated array of malloc'ed strings (free with ini_strv_free).
 */
int ini_list(const char *value, char ***items);
void ini_strv_free(char **v);

#endif
