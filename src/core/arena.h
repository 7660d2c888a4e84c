/* arena.h - a region allocator with cleanups, one per request or per record.
 *
 * Memory taken from an arena lives until bz_arena_release() (or _reset()),
 * which frees it all at once and runs the registered cleanups in reverse
 * order. Nothing allocated from an arena is freed on its own. An arena has
 * a cap on the bytes it hands out; past it, allocations return NULL, which
 * callers turn into BZ_TOO_LARGE or BZ_NOMEM.
 */
#ifndef BZ_ARENA_H
#define BZ_ARENA_H

#include <stddef.h>

struct bz_arena_block;
struct bz_arena_cleanup;

struct bz_arena {
    struct bz_arena_block *blocks;     /* owned; newest first */
    struct bz_arena_cleanup *cleanups; /* owned; run newest first */
    size_t used;                       /* bytes handed out so far */
    size_t cap;                        /* most bytes it will hand out */
};

#define BZ_ARENA_DEFAULT_CAP (64u * 1024 * 1024)

/* Prepares an empty arena that hands out at most cap bytes (0: default). */
void bz_arena_init(struct bz_arena *arena, size_t cap);

/* Frees every block and runs every cleanup; the arena is empty and usable. */
void bz_arena_reset(struct bz_arena *arena);

/* As reset; the arena must be initialised again before further use. */
void bz_arena_release(struct bz_arena *arena);

/* size bytes aligned for any type, or NULL past the cap or out of memory. */
void *bz_arena_alloc(struct bz_arena *arena, size_t size);

/* As bz_arena_alloc, zero-filled, for count elements of size bytes. */
void *bz_arena_calloc(struct bz_arena *arena, size_t count, size_t size);

/* A NUL-terminated copy of the n bytes at s, or NULL. */
char *bz_arena_strndup(struct bz_arena *arena, const char *s, size_t n);

/* A copy of the NUL-terminated s, or NULL (also when s is NULL). */
char *bz_arena_strdup(struct bz_arena *arena, const char *s);

/* A formatted string in the arena, or NULL. */
char *bz_arena_printf(struct bz_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Registers fn(data) to run when the arena is reset or released.
 * Returns 0, or -1 when out of memory (fn is then not registered). */
int bz_arena_add_cleanup(struct bz_arena *arena, void (*fn)(void *),
                         void *data);

#endif
