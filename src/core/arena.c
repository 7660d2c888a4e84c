/* arena.c - blocks of memory handed out in order, freed all at once. */
#include "core/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (16u * 1024)
#define ARENA_ALIGN 16u

struct bz_arena_block {
    struct bz_arena_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(16) unsigned char data[];
};

struct bz_arena_cleanup {
    struct bz_arena_cleanup *next;
    void (*fn)(void *);
    void *data;
};

void bz_arena_init(struct bz_arena *arena, size_t cap)
{
    arena->blocks = NULL;
    arena->cleanups = NULL;
    arena->used = 0;
    arena->cap = cap ? cap : BZ_ARENA_DEFAULT_CAP;
}

void bz_arena_reset(struct bz_arena *arena)
{
    while (arena->cleanups) {
        struct bz_arena_cleanup *c = arena->cleanups;

        arena->cleanups = c->next;
        c->fn(c->data); /* the record itself lives in a block */
    }
    while (arena->blocks) {
        struct bz_arena_block *b = arena->blocks;

        arena->blocks = b->next;
        free(b);
    }
    arena->used = 0;
}

void bz_arena_release(struct bz_arena *arena)
{
    bz_arena_reset(arena);
}

void *bz_arena_alloc(struct bz_arena *arena, size_t size)
{
    struct bz_arena_block *b = arena->blocks;
    size_t rounded, block_size;

    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (rounded > arena->cap - arena->used)
        return NULL;

    if (b == NULL || b->size - b->used < rounded) {
        block_size = rounded > ARENA_BLOCK_SIZE ? rounded : ARENA_BLOCK_SIZE;
        b = malloc(sizeof(*b) + block_size);
        if (b == NULL)
            return NULL;
        b->size = block_size;
        b->used = 0;
        /* a big block goes second so the current block keeps its room */
        if (rounded > ARENA_BLOCK_SIZE && arena->blocks) {
            b->next = arena->blocks->next;
            arena->blocks->next = b;
        } else {
            b->next = arena->blocks;
            arena->blocks = b;
        }
    }

    arena->used += rounded;
    b->used += rounded;
    return b->data + b->used - rounded;
}

void *bz_arena_calloc(struct bz_arena *arena, size_t count, size_t size)
{
    void *p;

    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    p = bz_arena_alloc(arena, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *bz_arena_strndup(struct bz_arena *arena, const char *s, size_t n)
{
    char *p;

    if (n == SIZE_MAX)
        return NULL;
    p = bz_arena_alloc(arena, n + 1);
    if (p == NULL)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *bz_arena_strdup(struct bz_arena *arena, const char *s)
{
    if (s == NULL)
        return NULL;
    return bz_arena_strndup(arena, s, strlen(s));
}

char *bz_arena_printf(struct bz_arena *arena, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    p = bz_arena_alloc(arena, (size_t)n + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int bz_arena_add_cleanup(struct bz_arena *arena, void (*fn)(void *),
                         void *data)
{
    struct bz_arena_cleanup *c = bz_arena_alloc(arena, sizeof(*c));

    if (c == NULL)
        return -1;
    c->fn = fn;
    c->data = data;
    c->next = arena->cleanups;
    arena->cleanups = c;
    return 0;
}
