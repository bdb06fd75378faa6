#define _GNU_SOURCE
#include "CSystemShims.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#if defined(M_ARENA_MAX)
const int mindful_m_arena_max = M_ARENA_MAX;
const int mindful_m_mmap_threshold = M_MMAP_THRESHOLD;
const int mindful_m_trim_threshold = M_TRIM_THRESHOLD;
#else
const int mindful_m_arena_max = 0;
const int mindful_m_mmap_threshold = 0;
const int mindful_m_trim_threshold = 0;
#endif

int mindful_mallopt(int param, int value) {
#if defined(M_ARENA_MAX)
    return mallopt(param, value);
#else
    (void)param;
    (void)value;
    return 0;
#endif
}

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1) /* <linux/fs.h> */
#endif
const unsigned int mindful_rename_exchange = RENAME_EXCHANGE;

int mindful_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 28))
    return renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
#elif defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
#else
    (void)olddirfd;
    (void)oldpath;
    (void)newdirfd;
    (void)newpath;
    (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}
