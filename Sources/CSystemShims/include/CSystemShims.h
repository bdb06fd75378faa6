#ifndef MINDFUL_CSYSTEMSHIMS_H
#define MINDFUL_CSYSTEMSHIMS_H

// C library calls that Swift's Glibc module does not declare, behind plain C functions, and a
// memory arena for libxml2. The header includes no system header but the compiler's own
// <stddef.h>, so it never clashes with the Glibc module; the values come from the system headers
// in CSystemShims.c.

#include <stddef.h>  // the compiler's own header, for size_t

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

/// A memory arena: allocations carved one after another from large blocks, all given back at
/// once by `mindful_arena_reset`. Made for libxml2 (installed with `xmlMemSetup`), so that a
/// document parsed and validated inside an arena costs no `free` per node.
typedef struct mindful_arena mindful_arena;

/// A new, empty arena (NULL when memory runs out).
mindful_arena *mindful_arena_create(void);
/// Frees the arena and everything allocated from it; leaves it first if this thread uses it.
void mindful_arena_destroy(mindful_arena *arena);
/// Makes `arena` (or NULL: none) the one this thread's `mindful_arena_malloc` allocates from;
/// returns the one used before.
mindful_arena *mindful_arena_use(mindful_arena *arena);
/// Gives back everything allocated from the arena; its first blocks are kept for reuse.
void mindful_arena_reset(mindful_arena *arena);

/// `malloc`, `realloc`, `free` and `strdup` for libxml2's `xmlMemSetup`. Inside an arena
/// (`mindful_arena_use`), memory comes from it and `free` does nothing; outside, it comes from
/// the system. Each allocation carries a header that says which, so `free` and `realloc` do
/// the right thing wherever they are called; a `realloc` of system memory stays system memory.
/// Memory allocated before these were installed (no header) goes to the system's functions.
void *mindful_arena_malloc(size_t size);
void *mindful_arena_realloc(void *pointer, size_t size);
void mindful_arena_free(void *pointer);
char *mindful_arena_strdup(const char *text);

#endif
