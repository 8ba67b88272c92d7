/* A check the loader runs before dlopen: is a shared object whole? */
#ifndef DBARENA_ELFCHECK_H
#define DBARENA_ELFCHECK_H

/*
 * 1 when path is an ELF file whose headers name bytes past its end (dlopen
 * would map them and die of SIGBUS); *have and *need get the file size and
 * the size its headers need.  0 when it looks whole or is not 64-bit ELF.
 */
int elfcheck_truncated(const char *path, long long *have, long long *need);

#endif
