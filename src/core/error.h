/* error.h - the one status enum of bzpeer and the error a caller passes in.
 *
 * Every function that can fail returns an enum bz_status and, when it fails,
 * fills the struct bz_error its caller passed (which may be NULL when the
 * caller does not want the message). Messages follow git's style: lowercase,
 * what failed first, the subject in quotes, no full stop. Only the HTTP layer
 * turns a status into an HTTP status code.
 */
#ifndef BZ_ERROR_H
#define BZ_ERROR_H

#include <stddef.h>

enum bz_status {
    BZ_OK = 0,
    BZ_NOT_FOUND,   /* the thing asked for does not exist */
    BZ_INVALID,     /* the input is malformed (a 400, a skipped record) */
    BZ_TOO_LARGE,   /* the input passed a cap (a 413, a skipped record) */
    BZ_CONFLICT,    /* the state forbids it (a 409) */
    BZ_NOT_ALLOWED, /* the method is not one this address takes (a 405) */
    BZ_GONE,        /* it existed and was removed (a 410) */
    BZ_MOVED,       /* it lives at another address now (a 301) */
    BZ_IO,          /* a file or socket failed; errno is in the error */
    BZ_STORE,       /* the database failed */
    BZ_NOMEM,       /* an allocation failed */
    BZ_USAGE,       /* the command line was wrong (exit code 2) */
    BZ_UNAUTHORIZED,      /* no valid credentials came with it (a 401) */
    BZ_FORBIDDEN,         /* the one asking may not do it (a 403) */
    BZ_RATE_LIMITED,      /* asked too often; try later (a 429) */
    BZ_UNSUPPORTED_MEDIA, /* a body of a type this address does not take
                             (a 415) */
    BZ_SEE_OTHER          /* done; the answer is at another address (a 303,
                             the redirect after a POST) */
};

#define BZ_ERROR_MESSAGE_MAX 512

struct bz_error {
    enum bz_status status;
    int sys_errno; /* errno when status is BZ_IO, else 0 */
    char message[BZ_ERROR_MESSAGE_MAX];
};

/* Fills err (when not NULL) and returns status, so that a caller can write
 * `return bz_error_set(err, BZ_INVALID, "bad id '%s'", id);`. */
enum bz_status bz_error_set(struct bz_error *err, enum bz_status status,
                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As bz_error_set, with errno kept in err->sys_errno and its text appended. */
enum bz_status bz_error_errno(struct bz_error *err, int sys_errno,
                              const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resets err to BZ_OK with an empty message. */
void bz_error_clear(struct bz_error *err);

/* A short stable name for a status ("not_found", "invalid", ...), used as
 * the string code of API errors. Never NULL. */
const char *bz_status_name(enum bz_status status);

#endif
