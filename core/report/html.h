/*
 * The HTML report: one self-contained file (inline CSS and SVG, no script,
 * no network) drawn from one or more result JSON files written by
 * `workload run --json` or `bench run --json`.
 */
#ifndef DBARENA_REPORT_HTML_H
#define DBARENA_REPORT_HTML_H

#include <stdio.h>

#include "../err.h"

#define REPORT_HTML_MAX_RUNS 8

/*
 * Reads the n files (1..REPORT_HTML_MAX_RUNS) and writes the report to
 * out; several files are drawn on the same axes.  A file that cannot be
 * read or is not a result object: EXIT_USAGE.
 */
int report_html(const char *const *json_paths, int n, FILE *out, err *e);

/* `report [compare] --html OUT.html FILE.json...`: argv[0] is the command's name; at least min_files files. */
int report_html_main(int argc, char **argv, int min_files, err *e);

#endif
