/* log.h - one line per event on stderr, and the access log.
 *
 * Event lines read: `2026-12-03T14:56:33.123Z info  http  req=42 message`,
 * with `errno=13 (Permission denied)` appended when an errno is given.
 * Strings that came from a client must pass through bz_log_escape() (or be
 * logged with the %S-free helpers below, which escape for you): control
 * bytes, quotes, backslashes and bytes >= 0x7f become \xNN, so that a client
 * cannot forge log lines. Never log a password, a token or a cookie.
 */
#ifndef BZ_LOG_H
#define BZ_LOG_H

#include <stddef.h>
#include <stdio.h>

enum bz_log_level { BZ_LOG_DEBUG, BZ_LOG_INFO, BZ_LOG_WARN, BZ_LOG_ERROR };

/* Lines below this level are dropped (default: info). */
void bz_log_set_level(enum bz_log_level level);

/* Where the access log goes (default: stdout); NULL turns it off.
 * The stream stays the caller's. */
void bz_log_set_access_stream(FILE *stream);

/* Writes one event line. request_id 0 means "not in a request"; sys_errno
 * 0 means "no errno". Thread-safe: each line is written with one call. */
void bz_log(enum bz_log_level level, const char *module,
            unsigned long long request_id, int sys_errno, const char *fmt,
            ...) __attribute__((format(printf, 5, 6)));

/* Appends one access-log line to out: time, address, request id, method,
 * escaped target, status, bytes sent and the time taken in microseconds.
 * The server keeps a buffer per event loop and hands it to
 * bz_log_access_flush, so that loops never contend for one stream. */
struct bz_buf;
void bz_log_access(struct bz_buf *out, unsigned long long request_id,
                   const char *address, const char *method,
                   const char *target, int status, size_t bytes, long micros);

/* Writes out to the access stream in one call and empties it. */
void bz_log_access_flush(struct bz_buf *out);

/* Writes the n bytes at s into out (size outsize, always NUL-terminated),
 * escaped as said above, truncated with "..." when they do not fit.
 * Returns out. */
char *bz_log_escape(char *out, size_t outsize, const char *s, size_t n);

#endif
