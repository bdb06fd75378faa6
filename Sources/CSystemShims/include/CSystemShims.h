#ifndef MINDFUL_CSYSTEMSHIMS_H
#define MINDFUL_CSYSTEMSHIMS_H

// C library calls that Swift's Glibc module does not declare, behind plain C functions. The
// header includes no system header, so it never clashes with the Glibc module; the values come
// from the system headers in CSystemShims.c.

/// `mallopt` parameter numbers, from <malloc.h>.
extern const int mindful_m_arena_max;
extern const int mindful_m_mmap_threshold;
extern const int mindful_m_trim_threshold;

/// mallopt(3): 1 on success, 0 on error (and where the C library has no `mallopt`).
int mindful_mallopt(int param, int value);

/// `RENAME_EXCHANGE`, a flag of `mindful_renameat2`: swap the two paths atomically.
extern const unsigned int mindful_rename_exchange;

/// renameat2(2): 0 on success, -1 with `errno` set on failure; `errno` is `ENOSYS` where neither
/// the C library nor the kernel offers it (then nothing was renamed).
int mindful_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

#endif
