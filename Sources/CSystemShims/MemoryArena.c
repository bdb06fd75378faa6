#include "CSystemShims.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// A block of arena memory; allocations are carved from `bytes` one after another.
typedef struct mindful_arena_block {
    struct mindful_arena_block *next;
    size_t capacity;
    size_t used;
    _Alignas(16) unsigned char bytes[];
} mindful_arena_block;

struct mindful_arena {
    mindful_arena_block *first;
    mindful_arena_block *current;
};

// Every allocation made through these functions starts with this header. The tags are not
// valid UTF-8 and no size or pointer, so a header cannot be mistaken for another's.
typedef struct {
    size_t size;
    uint64_t tag;
} mindful_arena_header;

_Static_assert(sizeof(mindful_arena_header) == 16, "the header keeps 16-byte alignment");

#define MINDFUL_TAG_SYSTEM 0xFEC0DEFEC0DE5E55ull
#define MINDFUL_TAG_ARENA 0xFEA4E4AFEA4E4A55ull

enum { mindful_block_size = 1 << 20, mindful_kept_bytes = 16 << 20 };

static _Thread_local mindful_arena *mindful_current_arena;

mindful_arena *mindful_arena_create(void) {
    return calloc(1, sizeof(mindful_arena));
}

static void mindful_free_blocks(mindful_arena_block *block) {
    while (block != NULL) {
        mindful_arena_block *next = block->next;
        free(block);
        block = next;
    }
}

void mindful_arena_destroy(mindful_arena *arena) {
    if (arena == NULL) return;
    if (mindful_current_arena == arena) mindful_current_arena = NULL;
    mindful_free_blocks(arena->first);
    free(arena);
}

mindful_arena *mindful_arena_use(mindful_arena *arena) {
    mindful_arena *previous = mindful_current_arena;
    mindful_current_arena = arena;
    return previous;
}

void mindful_arena_reset(mindful_arena *arena) {
    if (arena == NULL) return;
    // Keep the first blocks for the next document, up to a bound; give the rest back.
    size_t kept = 0;
    mindful_arena_block **link = &arena->first;
    while (*link != NULL && kept + (*link)->capacity <= mindful_kept_bytes) {
        kept += (*link)->capacity;
        (*link)->used = 0;
        link = &(*link)->next;
    }
    mindful_free_blocks(*link);
    *link = NULL;
    arena->current = arena->first;
}

static void *mindful_arena_carve(mindful_arena *arena, size_t size) {
    if (size > SIZE_MAX - sizeof(mindful_arena_header) - 15) return NULL;
    size_t need = (size + sizeof(mindful_arena_header) + 15) & ~(size_t)15;
    mindful_arena_block *block = arena->current;
    while (block != NULL && block->capacity - block->used < need) {
        block = block->next;
        if (block != NULL) block->used = 0;
    }
    if (block == NULL) {
        size_t capacity = need > mindful_block_size ? need : mindful_block_size;
        block = malloc(sizeof(mindful_arena_block) + capacity);
        if (block == NULL) return NULL;
        block->next = NULL;
        block->capacity = capacity;
        block->used = 0;
        // Appended after the current block; the blocks after it were skipped as too small
        // and are reused after the next reset.
        if (arena->current == NULL) {
            arena->first = block;
        } else {
            block->next = arena->current->next;
            arena->current->next = block;
        }
    }
    arena->current = block;
    mindful_arena_header *header = (mindful_arena_header *)(block->bytes + block->used);
    block->used += need;
    header->size = size;
    header->tag = MINDFUL_TAG_ARENA;
    return header + 1;
}

static mindful_arena_header *mindful_header(void *pointer) {
    return (mindful_arena_header *)pointer - 1;
}

void *mindful_arena_malloc(size_t size) {
    mindful_arena *arena = mindful_current_arena;
    if (arena != NULL) return mindful_arena_carve(arena, size);
    if (size > SIZE_MAX - sizeof(mindful_arena_header)) return NULL;
    mindful_arena_header *header = malloc(size + sizeof(mindful_arena_header));
    if (header == NULL) return NULL;
    header->size = size;
    header->tag = MINDFUL_TAG_SYSTEM;
    return header + 1;
}

void mindful_arena_free(void *pointer) {
    if (pointer == NULL) return;
    mindful_arena_header *header = mindful_header(pointer);
    if (header->tag == MINDFUL_TAG_ARENA) return;  // given back all at once by the reset
    if (header->tag == MINDFUL_TAG_SYSTEM) {
        header->tag = 0;
        free(header);
        return;
    }
    free(pointer);  // allocated before these functions were installed
}

void *mindful_arena_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return mindful_arena_malloc(size);
    mindful_arena_header *header = mindful_header(pointer);
    if (header->tag == MINDFUL_TAG_SYSTEM) {
        // Memory from the system stays there, arena or not: it may outlive the arena.
        if (size > SIZE_MAX - sizeof(mindful_arena_header)) return NULL;
        mindful_arena_header *moved = realloc(header, size + sizeof(mindful_arena_header));
        if (moved == NULL) return NULL;
        moved->size = size;
        return moved + 1;
    }
    if (header->tag != MINDFUL_TAG_ARENA) return realloc(pointer, size);
    if (size <= header->size) {
        header->size = size;
        return pointer;
    }
    void *grown = mindful_arena_malloc(size);
    if (grown == NULL) return NULL;
    memcpy(grown, pointer, header->size);
    return grown;
}

char *mindful_arena_strdup(const char *text) {
    if (text == NULL) return NULL;
    size_t length = strlen(text) + 1;
    char *copy = mindful_arena_malloc(length);
    if (copy != NULL) memcpy(copy, text, length);
    return copy;
}
