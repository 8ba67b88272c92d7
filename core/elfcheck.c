#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfcheck.h"

/*
 * A truncated shared object makes the dynamic loader map pages past the end
 * of the file, and touching them kills the process with SIGBUS before dlopen
 * can report anything.  So check first that every segment the ELF headers
 * name lies inside the file.  Returns 0 when the file looks whole (or is not
 * a 64-bit ELF file, which dlopen then refuses properly).
 */
int elfcheck_truncated(const char *path, long long *have, long long *need)
{
	Elf64_Ehdr eh;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), bad = 0;

	*have = *need = 0;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64) {
		/* too short for a header: truncated if it starts like an ELF file */
		bad = st.st_size >= SELFMAG && st.st_size < (off_t)sizeof(eh) && pread(fd, &eh, SELFMAG, 0) == SELFMAG &&
		      !memcmp(eh.e_ident, ELFMAG, SELFMAG);
		*have = (long long)st.st_size;
		*need = (long long)sizeof(eh);
		close(fd);
		return bad;
	}
	*have = (long long)st.st_size;
	*need = (long long)(eh.e_phoff + (Elf64_Off)eh.e_phnum * eh.e_phentsize);
	if (*need > *have) {
		close(fd);
		return 1;
	}
	for (unsigned i = 0; i < eh.e_phnum && !bad; i++) {
		Elf64_Phdr ph;

		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (Elf64_Off)i * eh.e_phentsize)) != (ssize_t)sizeof(ph))
			break;
		if (ph.p_type == PT_LOAD && (long long)(ph.p_offset + ph.p_filesz) > *have) {
			*need = (long long)(ph.p_offset + ph.p_filesz);
			bad = 1;
		}
	}
	close(fd);
	return bad;
}
