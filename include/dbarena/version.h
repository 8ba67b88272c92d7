/*
 * dbarena plugin SDK: version numbers.
 *
 * DBA_ABI_MAJOR changes only when an existing operation or structure changes
 * meaning or layout; the loader refuses a plugin whose major differs from the
 * core's.  DBA_ABI_MINOR grows when operations or fields are appended; a core
 * accepts plugins built against the same or an older minor, never a newer one.
 */
#ifndef DBARENA_VERSION_H
#define DBARENA_VERSION_H

#define DBA_VERSION "0.1.0"

#define DBA_ABI_MAJOR 1
#define DBA_ABI_MINOR 4

#endif
