/*
 * Engines as data (docs/plugin-abi.md, "Engine files"): what `dbarena
 * create ENGINE` knows of an engine comes from ENGINE.ini in an "engines"
 * directory beside the plugins (each directory of the plugin search path,
 * first file of each name wins).  The core spells no engine itself.
 *
 *   [engine]   aliases, scheme (the URL scheme its driver declares), port,
 *              user, password, database, ready_timeout (seconds),
 *              create_database (SQL run in admin_database once the server
 *              answers, {database} replaced), admin_database, description
 *   [RUNTIME]  key = value lines handed to that runtime plugin as
 *              dba_create_opts.settings ("[docker]", "[native]", ...)
 */
#ifndef DBARENA_ENGINES_H
#define DBARENA_ENGINES_H

#include "dbarena/plugin.h"
#include "err.h"

typedef struct engine_file {
	char *name;            /* the file stem */
	char *path;
	char **aliases;        /* NULL-terminated */
	const char *scheme;
	int port;
	const char *user;
	const char *password;
	const char *database;
	int ready_timeout_s;
	const char *create_database; /* NULL: the runtime's image creates the database */
	const char *admin_database;  /* where create_database runs */
	const char *description;
	void *doc;             /* the parsed file (ini_doc) */
} engine_file;

/*
 * The engine called name, or having it as an alias.  Unknown: EXIT_USAGE
 * 'unknown engine "x"' with the known ones in the hint.  A broken engine
 * file: EXIT_USAGE naming FILE:LINE.  Two files claiming one name: EXIT_USAGE
 * naming both.  The engines stay loaded until exit.
 */
int engines_find(const char *name, const engine_file **out, err *e);
/* Every engine found, sorted by name (none: *n = 0); a broken file is an error as above. */
int engines_all(const engine_file *const **out, size_t *n, err *e);
/* "NAME (ALIAS, ALIAS), NAME, ..." for hints and usage; "none installed" when there is none. */
void engines_summary(char *buf, size_t cap);
/* The URL scheme of an instance of the engine called name: its engine file's, else name itself. */
const char *engines_scheme(const char *name);
/*
 * The key = value lines of en's [section] in file order (borrowed from
 * en); returns the count, 0 when there is no such section (*out NULL).
 * A section present but empty counts as present: engines_has_section.
 */
size_t engines_settings(const engine_file *en, const char *section, dba_param **out);
int engines_has_section(const engine_file *en, const char *section);
/* tmpl with {user}, {password}, {database} and {port} replaced; malloc'ed. */
char *engines_expand(const char *tmpl, const char *user, const char *password, const char *database, int port);

#endif
