/* log.c - event lines on stderr, access lines on their own stream. */
#include "core/log.h"

#include "core/buf.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static enum bz_log_level log_min_level = BZ_LOG_INFO;
static FILE *log_access_stream;
static int log_access_set;

void bz_log_set_level(enum bz_log_level level)
{
    log_min_level = level;
}

void bz_log_set_access_stream(FILE *stream)
{
    log_access_stream = stream;
    log_access_set = 1;
}

/* ISO 8601 UTC with milliseconds. The part up to the seconds is kept per
 * thread and remade once a second, since an access line is written for
 * every request. */
static void log_timestamp(char *out, size_t size)
{
    static __thread time_t last_second = -1;
    static __thread char last_prefix[40];
    struct timeval tv;
    struct tm tm;

    gettimeofday(&tv, NULL);
    if (tv.tv_sec != last_second) {
        gmtime_r(&tv.tv_sec, &tm);
        snprintf(last_prefix, sizeof(last_prefix),
                 "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        last_second = tv.tv_sec;
    }
    snprintf(out, size, "%s.%03uZ", last_prefix,
             (unsigned)(tv.tv_usec / 1000) % 1000u);
}

static const char *log_level_name(enum bz_log_level level)
{
    switch (level) {
    case BZ_LOG_DEBUG:
        return "debug";
    case BZ_LOG_INFO:
        return "info ";
    case BZ_LOG_WARN:
        return "warn ";
    case BZ_LOG_ERROR:
        return "error";
    }
    return "?    ";
}

void bz_log(enum bz_log_level level, const char *module,
            unsigned long long request_id, int sys_errno, const char *fmt,
            ...)
{
    char line[2048], stamp[64];
    size_t n;
    va_list ap;

    if (level < log_min_level)
        return;
    log_timestamp(stamp, sizeof(stamp));
    n = (size_t)snprintf(line, sizeof(line), "%s %s %-6s req=%llu ", stamp,
                         log_level_name(level), module, request_id);
    if (n < sizeof(line)) {
        va_start(ap, fmt);
        vsnprintf(line + n, sizeof(line) - n, fmt, ap);
        va_end(ap);
    }
    n = strlen(line);
    if (sys_errno && n < sizeof(line))
        snprintf(line + n, sizeof(line) - n, " errno=%d (%s)", sys_errno,
                 strerror(sys_errno));
    fprintf(stderr, "%s\n", line);
}

void bz_log_access(struct bz_buf *out, unsigned long long request_id,
                   const char *address, const char *method,
                   const char *target, int status, size_t bytes, long micros)
{
    char stamp[64], safe_target[512];

    if (log_access_set && log_access_stream == NULL)
        return;
    log_timestamp(stamp, sizeof(stamp));
    bz_log_escape(safe_target, sizeof(safe_target), target, strlen(target));
    bz_buf_printf(out, "%s %s req=%llu \"%s %s\" %d %zu %ldus\n", stamp,
                  address, request_id, method, safe_target, status, bytes,
                  micros);
}

void bz_log_access_flush(struct bz_buf *out)
{
    FILE *stream = log_access_set ? log_access_stream : stdout;

    if (stream && out->len) {
        fwrite(out->data, 1, out->len, stream);
        fflush(stream);
    }
    bz_buf_reset(out);
}

char *bz_log_escape(char *out, size_t outsize, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0, i;

    if (outsize == 0)
        return out;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
        size_t need = plain ? 1 : 4;

        if (o + need + 4 > outsize) { /* room for "..." and the NUL */
            if (o + 4 <= outsize) {
                memcpy(out + o, "...", 3);
                o += 3;
            }
            break;
        }
        if (plain) {
            out[o++] = (char)c;
        } else {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    return out;
}
