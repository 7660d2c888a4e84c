/* error.c - filling struct bz_error and naming statuses. */
#include "core/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void error_vformat(struct bz_error *err, const char *fmt, va_list ap)
{
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
}

enum bz_status bz_error_set(struct bz_error *err, enum bz_status status,
                            const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return status;
    err->status = status;
    err->sys_errno = 0;
    va_start(ap, fmt);
    error_vformat(err, fmt, ap);
    va_end(ap);
    return status;
}

enum bz_status bz_error_errno(struct bz_error *err, int sys_errno,
                              const char *fmt, ...)
{
    va_list ap;
    size_t used;

    if (err == NULL)
        return BZ_IO;
    err->status = BZ_IO;
    err->sys_errno = sys_errno;
    va_start(ap, fmt);
    error_vformat(err, fmt, ap);
    va_end(ap);
    used = strlen(err->message);
    snprintf(err->message + used, sizeof(err->message) - used, ": %s",
             strerror(sys_errno));
    return BZ_IO;
}

void bz_error_clear(struct bz_error *err)
{
    if (err == NULL)
        return;
    err->status = BZ_OK;
    err->sys_errno = 0;
    err->message[0] = '\0';
}

const char *bz_status_name(enum bz_status status)
{
    switch (status) {
    case BZ_OK:
        return "ok";
    case BZ_NOT_FOUND:
        return "not_found";
    case BZ_INVALID:
        return "invalid";
    case BZ_TOO_LARGE:
        return "too_large";
    case BZ_CONFLICT:
        return "conflict";
    case BZ_NOT_ALLOWED:
        return "method_not_allowed";
    case BZ_GONE:
        return "gone";
    case BZ_MOVED:
        return "moved";
    case BZ_IO:
        return "io_error";
    case BZ_STORE:
        return "store_error";
    case BZ_NOMEM:
        return "out_of_memory";
    case BZ_USAGE:
        return "usage";
    case BZ_UNAUTHORIZED:
        return "unauthorized";
    case BZ_FORBIDDEN:
        return "forbidden";
    case BZ_RATE_LIMITED:
        return "rate_limited";
    case BZ_UNSUPPORTED_MEDIA:
        return "unsupported_media_type";
    case BZ_SEE_OTHER:
        return "see_other";
    }
    return "unknown";
}
