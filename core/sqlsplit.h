/* Splitting an SQL script into statements (init scripts). */
#ifndef DBARENA_SQLSPLIT_H
#define DBARENA_SQLSPLIT_H

/*
 * Calls fn once per statement of text, in order, with the statement
 * (leading white space skipped, without its ';') and the line it starts on.
 * A statement ends at a ';' that ends a line (trailing spaces allowed),
 * outside single, double and back quotes and -- comments; the end of the
 * text ends the last one.  Good enough for schema scripts; dollar-quoted
 * bodies and DELIMITER blocks are not handled.  text is modified during the
 * call and restored.  Empty statements are skipped.  Returns 0, or the
 * first non-zero value fn returned (which stops the split).
 */
int sqlsplit_run(char *text, int (*fn)(void *ud, const char *stmt, int line), void *ud);

#endif
