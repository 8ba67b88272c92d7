/*
 * The core spells no engine: engine names, aliases and URL schemes belong to
 * the plugins and their engine files.  Fails naming FILE:LINE for any of the
 * words below in core/ (string literals and comments alike).
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>

static const char *const words[] = { "postgres", "mysql", "mariadb", "mssql", "sqlserver", "pg", NULL };

static int wordch(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Appends "file:line: word" for each whole-word hit in path to report. */
static void scan_file(const char *path, char *report, size_t cap)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int n = 0;

	cr_assert(f, "cannot read %s", path);
	while (fgets(line, sizeof(line), f)) {
		n++;
		for (size_t w = 0; words[w]; w++) {
			size_t len = strlen(words[w]);

			for (const char *p = line; (p = strstr(p, words[w])); p += len)
				if ((p == line || !wordch((unsigned char)p[-1])) && !wordch((unsigned char)p[len])) {
					size_t used = strlen(report);

					snprintf(report + used, cap - used, "%s:%d: %s\n", path, n, words[w]);
				}
		}
	}
	fclose(f);
}

static void scan_dir(const char *dir, char *report, size_t cap, int *files)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	cr_assert(d, "cannot open %s", dir);
	while ((de = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode))
			scan_dir(path, report, cap, files);
		else if (len > 2 && (!strcmp(de->d_name + len - 2, ".c") || !strcmp(de->d_name + len - 2, ".h"))) {
			scan_file(path, report, cap);
			(*files)++;
		}
	}
	closedir(d);
}

Test(core_names, no_engine_names_in_core)
{
	static char report[16384];
	int files = 0;

	scan_dir(DBA_SRCDIR "/core", report, sizeof(report), &files);
	cr_assert_gt(files, 20, "the core sources were not found under " DBA_SRCDIR "/core");
	cr_assert_str_empty(report, "engine names spelled in the core (they belong to plugins and engine files):\n%s",
			    report);
}
