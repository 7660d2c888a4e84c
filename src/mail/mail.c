/* mail.c - formatting a message, and sending it through SMTP or into a
 * .eml file. */
#include "mail/mail.h"

#include "core/log.h"
#include "core/text.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* Header lines are kept to this many characters where the content lets
 * them (RFC 2047 asks 76 of lines holding encoded words). */
#define MAIL_LINE_MAX 76

enum mail_tls { MAIL_TLS_STARTTLS, MAIL_TLS_IMPLICIT, MAIL_TLS_NONE };

/* The mail.* keys, read and checked. Strings point into the config or
 * into the struct itself. */
struct mail_settings {
    const char *host;     /* NULL: write .eml files */
    long port;
    enum mail_tls tls;
    const char *user;     /* NULL: no login */
    const char *password; /* never logged, never in an error */
    const char *ca_file;  /* NULL: the system's CAs */
    const char *dir;
    char domain[256];     /* host of base_url */
    char from_name[BZ_CONFIG_VALUE_MAX];
    char from_address[BZ_MAIL_ADDRESS_MAX + 1];
};

static const char *mail_setting(const struct bz_config *cfg, const char *key)
{
    const char *value = bz_config_get(cfg, key);

    return value && *value ? value : NULL;
}

static int mail_has_line_break(const char *s)
{
    return strpbrk(s, "\r\n") != NULL;
}

/* --- addresses ---------------------------------------------------------- */

static int mail_is_atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static int mail_is_domain_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* 1 when the n bytes at s are dot-separated runs of chars that pass ok. */
static int mail_dotted(const char *s, size_t n, int (*ok)(unsigned char))
{
    size_t i;

    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '.' && s[i + 1] == '.')
            return 0;
        if (s[i] != '.' && !ok((unsigned char)s[i]))
            return 0;
    }
    return 1;
}

enum bz_status bz_mail_check_address(const char *address,
                                     struct bz_error *err)
{
    const char *at = address ? strchr(address, '@') : NULL;
    size_t len, local;

    if (address == NULL || *address == '\0')
        return bz_error_set(err, BZ_INVALID, "mail: no address given");
    len = strlen(address);
    if (len > BZ_MAIL_ADDRESS_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "mail: address '%.40s...' is longer than %d bytes",
                            address, BZ_MAIL_ADDRESS_MAX);
    if (mail_has_line_break(address))
        return bz_error_set(err, BZ_INVALID,
                            "mail: address has a line break");
    if (at == NULL || strchr(at + 1, '@'))
        return bz_error_set(err, BZ_INVALID,
                            "mail: address '%s' needs exactly one '@'",
                            address);
    local = (size_t)(at - address);
    if (local > 64 || !mail_dotted(address, local, mail_is_atext) ||
        !mail_dotted(at + 1, len - local - 1, mail_is_domain_char))
        return bz_error_set(err, BZ_INVALID,
                            "mail: '%s' is not a plain address (local@domain)",
                            address);
    return BZ_OK;
}

/* --- settings ----------------------------------------------------------- */

/* The host of base_url, without user info, port or brackets' content
 * changed: "https://peer.example.org:8443/x" gives "peer.example.org". */
static void mail_base_host(const char *base_url, char *out, size_t size)
{
    const char *start = strstr(base_url, "://");
    const char *end, *at, *colon;
    size_t n;

    start = start ? start + 3 : base_url;
    end = start + strcspn(start, "/?#");
    at = memchr(start, '@', (size_t)(end - start));
    while (at) {
        start = at + 1;
        at = memchr(start, '@', (size_t)(end - start));
    }
    if (*start == '[') {
        const char *close = memchr(start, ']', (size_t)(end - start));

        end = close ? close + 1 : end;
    } else if ((colon = memchr(start, ':', (size_t)(end - start)))) {
        end = colon;
    }
    n = (size_t)(end - start);
    if (n >= size)
        n = 0;
    memcpy(out, start, n);
    out[n] = '\0';
}

/* Splits mail.from ("Name <addr>" or "addr") into s->from_name and
 * s->from_address; without mail.from, "bzpeer <noreply@DOMAIN>". */
static enum bz_status mail_read_from(const char *from, struct mail_settings *s,
                                     struct bz_error *err)
{
    const char *open, *close, *addr = from;
    size_t addr_len, name_len = 0;

    if (from == NULL) {
        snprintf(s->from_name, sizeof(s->from_name), "bzpeer");
        if (snprintf(s->from_address, sizeof(s->from_address), "noreply@%s",
                     s->domain) >= (int)sizeof(s->from_address) ||
            bz_mail_check_address(s->from_address, NULL) != BZ_OK)
            return bz_error_set(err, BZ_INVALID,
                                "mail: base_url's host '%s' makes no sender "
                                "address: set mail.from",
                                s->domain);
        return BZ_OK;
    }
    if (mail_has_line_break(from))
        return bz_error_set(err, BZ_INVALID,
                            "config 'mail.from' has a line break");
    open = strrchr(from, '<');
    if (open) {
        close = strchr(open, '>');
        if (close == NULL || close[1 + strspn(close + 1, " \t")] != '\0')
            return bz_error_set(err, BZ_INVALID,
                                "config 'mail.from': '%s' is not 'Name "
                                "<address>' or 'address'",
                                from);
        addr = open + 1;
        addr_len = (size_t)(close - addr);
        name_len = (size_t)(open - from);
        while (name_len > 0 && (from[name_len - 1] == ' ' ||
                                from[name_len - 1] == '\t'))
            name_len--;
    } else {
        addr += strspn(addr, " \t");
        addr_len = strcspn(addr, " \t");
        if (addr[addr_len + strspn(addr + addr_len, " \t")] != '\0')
            return bz_error_set(err, BZ_INVALID,
                                "config 'mail.from': '%s' is not 'Name "
                                "<address>' or 'address'",
                                from);
    }
    if (addr_len >= sizeof(s->from_address))
        addr_len = sizeof(s->from_address) - 1;
    memcpy(s->from_address, addr, addr_len);
    s->from_address[addr_len] = '\0';
    memcpy(s->from_name, from, name_len);
    s->from_name[name_len] = '\0';
    if (bz_mail_check_address(s->from_address, err) != BZ_OK)
        return bz_error_set(err, BZ_INVALID, "config 'mail.from': %s",
                            err ? err->message : "bad address");
    if (!bz_text_utf8_valid(s->from_name, name_len))
        return bz_error_set(err, BZ_INVALID,
                            "config 'mail.from': the name is not UTF-8");
    return BZ_OK;
}

static int mail_is_loopback(const char *host)
{
    return strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0 ||
           strcmp(host, "[::1]") == 0 || strncmp(host, "127.", 4) == 0;
}

static enum bz_status mail_read_transport(const struct bz_config *cfg,
                                          struct mail_settings *s,
                                          struct bz_error *err)
{
    const char *tls = mail_setting(cfg, "mail.tls");
    const char *port = mail_setting(cfg, "mail.port");
    char *end;

    s->tls = MAIL_TLS_STARTTLS;
    if (tls && strcmp(tls, "tls") == 0)
        s->tls = MAIL_TLS_IMPLICIT;
    else if (tls && strcmp(tls, "none") == 0)
        s->tls = MAIL_TLS_NONE;
    else if (tls && strcmp(tls, "starttls") != 0)
        return bz_error_set(err, BZ_INVALID,
                            "config 'mail.tls': '%s' is not starttls, tls "
                            "or none",
                            tls);
    s->port = s->tls == MAIL_TLS_IMPLICIT ? 465
              : s->tls == MAIL_TLS_NONE   ? 25
                                          : 587;
    if (port) {
        errno = 0;
        s->port = strtol(port, &end, 10);
        if (errno || *end || s->port < 1 || s->port > 65535)
            return bz_error_set(err, BZ_INVALID,
                                "config 'mail.port': '%s' is not a number "
                                "from 1 to 65535",
                                port);
    }
    if (s->password && s->user == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "config 'mail.password' is set without "
                            "'mail.user'");
    if (s->host && s->user && s->tls == MAIL_TLS_NONE &&
        !mail_is_loopback(s->host))
        return bz_error_set(err, BZ_INVALID,
                            "config 'mail.tls': none would send the password "
                            "in clear to '%s'; use starttls or tls",
                            s->host);
    return BZ_OK;
}

static enum bz_status mail_settings_read(const struct bz_config *cfg,
                                         struct mail_settings *s,
                                         struct bz_error *err)
{
    enum bz_status rc;

    memset(s, 0, sizeof(*s));
    s->host = mail_setting(cfg, "mail.host");
    s->user = mail_setting(cfg, "mail.user");
    s->password = mail_setting(cfg, "mail.password");
    s->ca_file = mail_setting(cfg, "mail.ca_file");
    s->dir = mail_setting(cfg, "mail.dir");
    if (s->dir == NULL)
        s->dir = "var/mail";
    if (s->host && (mail_has_line_break(s->host) || strchr(s->host, '/')))
        return bz_error_set(err, BZ_INVALID,
                            "config 'mail.host': '%s' is not a host name",
                            s->host);
    mail_base_host(cfg->base_url ? cfg->base_url : "http://127.0.0.1",
                   s->domain, sizeof(s->domain));
    if (s->domain[0] == '\0')
        snprintf(s->domain, sizeof(s->domain), "localhost");
    if ((rc = mail_read_transport(cfg, s, err)) != BZ_OK)
        return rc;
    return mail_read_from(mail_setting(cfg, "mail.from"), s, err);
}

enum bz_status bz_mail_check_config(const struct bz_config *cfg,
                                    struct bz_error *err)
{
    struct mail_settings s;

    return mail_settings_read(cfg, &s, err);
}

/* --- the message -------------------------------------------------------- */

enum bz_status bz_mail_stamp_make(struct bz_mail_stamp *stamp,
                                  struct bz_error *err)
{
    unsigned char random[8];
    struct tm tm;
    size_t n, i;

    if (getrandom(random, sizeof(random), 0) != (ssize_t)sizeof(random))
        return bz_error_errno(err, errno, "mail: no random bytes for an id");
    stamp->date = time(NULL);
    gmtime_r(&stamp->date, &tm);
    n = strftime(stamp->id, sizeof(stamp->id), "%Y%m%dT%H%M%SZ-", &tm);
    for (i = 0; i < sizeof(random); i++)
        n += (size_t)snprintf(stamp->id + n, sizeof(stamp->id) - n, "%02x",
                              random[i]);
    return BZ_OK;
}

/* RFC 5322's date in UTC, with English names whatever the locale. */
static void mail_put_date(struct bz_buf *out, time_t date)
{
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed",
                                    "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr",
                                       "May", "Jun", "Jul", "Aug",
                                       "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;

    gmtime_r(&date, &tm);
    bz_buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
                  days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
                  tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void mail_put_base64(struct bz_buf *out, const unsigned char *s,
                            size_t n)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char quad[4];
    size_t i;

    for (i = 0; i < n; i += 3) {
        unsigned long v = (unsigned long)s[i] << 16;

        if (i + 1 < n)
            v |= (unsigned long)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        quad[0] = digits[(v >> 18) & 63];
        quad[1] = digits[(v >> 12) & 63];
        quad[2] = i + 1 < n ? digits[(v >> 6) & 63] : '=';
        quad[3] = i + 2 < n ? digits[v & 63] : '=';
        bz_buf_add(out, quad, 4);
    }
}

/* Appends the n UTF-8 bytes at s as RFC 2047 encoded words
 * (=?UTF-8?B?...?=), each whole characters, folding between them so that
 * no line passes MAIL_LINE_MAX. col is the column the first starts at;
 * returns the column after the last. */
static size_t mail_put_encoded_words(struct bz_buf *out, const char *s,
                                     size_t n, size_t col)
{
    const size_t overhead = strlen("=?UTF-8?B?") + strlen("?=");

    while (n > 0) {
        size_t room = col < MAIL_LINE_MAX ? MAIL_LINE_MAX - col : 0, take;

        if (col > 1 && room < overhead + 8) { /* not even 4 bytes fit */
            bz_buf_puts(out, "\r\n ");
            col = 1;
            continue;
        }
        take = (room - overhead) / 4 * 3;
        if (take >= n)
            take = n;
        while (take < n && ((unsigned char)s[take] & 0xc0) == 0x80)
            take--; /* end at a character's start */
        bz_buf_puts(out, "=?UTF-8?B?");
        mail_put_base64(out, (const unsigned char *)s, take);
        bz_buf_puts(out, "?=");
        col += overhead + (take + 2) / 3 * 4;
        s += take;
        n -= take;
        if (n > 0) {
            bz_buf_puts(out, "\r\n ");
            col = 1;
        }
    }
    return col;
}

static int mail_is_printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* 1 when s has a control character other than a tab. */
static int mail_has_control(const char *s)
{
    for (; *s; s++)
        if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
            return 1;
    return 0;
}

static void mail_put_subject(struct bz_buf *out, const char *subject)
{
    size_t n = strlen(subject);

    bz_buf_puts(out, "Subject: ");
    if (mail_is_printable_ascii(subject) && strstr(subject, "=?") == NULL &&
        strlen("Subject: ") + n <= 78)
        bz_buf_puts(out, subject);
    else
        mail_put_encoded_words(out, subject, n, strlen("Subject: "));
    bz_buf_puts(out, "\r\n");
}

/* From: the name as atoms when it is only letters, digits and spaces, as
 * a quoted string when it is other ASCII, as encoded words otherwise. */
static void mail_put_from(struct bz_buf *out, const struct mail_settings *s)
{
    const char *name = s->from_name, *p;
    size_t col = strlen("From: ");
    int atoms = 1;

    bz_buf_puts(out, "From: ");
    if (*name == '\0') {
        bz_buf_printf(out, "%s\r\n", s->from_address);
        return;
    }
    for (p = name; *p; p++)
        if (!mail_is_atext((unsigned char)*p) && *p != ' ')
            atoms = 0;
    if (atoms) {
        bz_buf_puts(out, name);
        col += strlen(name);
    } else if (mail_is_printable_ascii(name) && strstr(name, "=?") == NULL) {
        bz_buf_putc(out, '"');
        for (p = name; *p; p++) {
            if (*p == '"' || *p == '\\') {
                bz_buf_putc(out, '\\');
                col++;
            }
            bz_buf_putc(out, *p);
        }
        bz_buf_putc(out, '"');
        col += strlen(name) + 2;
    } else {
        col = mail_put_encoded_words(out, name, strlen(name), col);
    }
    if (col + 3 + strlen(s->from_address) > MAIL_LINE_MAX)
        bz_buf_printf(out, "\r\n <%s>\r\n", s->from_address);
    else
        bz_buf_printf(out, " <%s>\r\n", s->from_address);
}

/* The line break at text[i], when there is one: 1 for LF, 2 for CRLF. */
static size_t mail_line_break(const char *text, size_t n, size_t i)
{
    if (i < n && text[i] == '\n')
        return 1;
    if (i + 1 < n && text[i] == '\r' && text[i + 1] == '\n')
        return 2;
    return 0;
}

/* The body as quoted-printable (RFC 2045): lines of at most 76
 * characters, soft breaks "=" CRLF, every line break CRLF, white space
 * encoded at a line's end, and a final CRLF. A line that starts with '.'
 * is left as it is: SMTP's dot-stuffing is libcurl's job. */
static void mail_put_quoted_printable(struct bz_buf *out, const char *text,
                                      size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0, col = 0, brk;

    while (i < n) {
        unsigned char c = (unsigned char)text[i];
        int literal, width;

        if ((brk = mail_line_break(text, n, i)) > 0) {
            bz_buf_puts(out, "\r\n");
            col = 0;
            i += brk;
            continue;
        }
        literal = (c >= 33 && c <= 126 && c != '=') ||
                  ((c == ' ' || c == '\t') && i + 1 < n &&
                   mail_line_break(text, n, i + 1) == 0);
        width = literal ? 1 : 3;
        if (col + (size_t)width > MAIL_LINE_MAX - 1) {
            bz_buf_puts(out, "=\r\n");
            col = 0;
        }
        if (literal) {
            bz_buf_putc(out, (char)c);
        } else {
            char triplet[3] = {'=', hex[c >> 4], hex[c & 15]};

            bz_buf_add(out, triplet, 3);
        }
        col += (size_t)width;
        i++;
    }
    if (col > 0)
        bz_buf_puts(out, "\r\n");
}

static enum bz_status mail_check_message(const struct bz_mail *mail,
                                         struct bz_error *err)
{
    enum bz_status rc;
    size_t n;

    if ((rc = bz_mail_check_address(mail->to, err)) != BZ_OK)
        return rc;
    if (mail->subject == NULL || mail->text == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "mail: a message needs a subject and a text");
    if (mail_has_line_break(mail->subject))
        return bz_error_set(err, BZ_INVALID,
                            "mail: the subject has a line break");
    if (mail_has_control(mail->subject))
        return bz_error_set(err, BZ_INVALID,
                            "mail: the subject has a control character");
    if ((n = strlen(mail->subject)) > BZ_MAIL_SUBJECT_MAX)
        return bz_error_set(err, BZ_TOO_LARGE,
                            "mail: the subject has %zu bytes, more than %d", n,
                            BZ_MAIL_SUBJECT_MAX);
    if (!bz_text_utf8_valid(mail->subject, n))
        return bz_error_set(err, BZ_INVALID, "mail: the subject is not UTF-8");
    if ((n = strlen(mail->text)) > (size_t)BZ_MAIL_TEXT_MAX)
        return bz_error_set(err, BZ_TOO_LARGE,
                            "mail: the text has %zu bytes, more than %ld", n,
                            BZ_MAIL_TEXT_MAX);
    if (!bz_text_utf8_valid(mail->text, n))
        return bz_error_set(err, BZ_INVALID, "mail: the text is not UTF-8");
    return BZ_OK;
}

static enum bz_status mail_format(const struct mail_settings *s,
                                  const struct bz_mail *mail,
                                  const struct bz_mail_stamp *stamp,
                                  struct bz_buf *out, struct bz_error *err)
{
    enum bz_status rc;

    if ((rc = mail_check_message(mail, err)) != BZ_OK)
        return rc;
    mail_put_date(out, stamp->date);
    mail_put_from(out, s);
    bz_buf_printf(out, "To: %s\r\n", mail->to);
    mail_put_subject(out, mail->subject);
    bz_buf_printf(out, "Message-ID: <%s@%s>\r\n", stamp->id, s->domain);
    bz_buf_puts(out, "Auto-Submitted: auto-generated\r\n"
                     "MIME-Version: 1.0\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n"
                     "Content-Transfer-Encoding: quoted-printable\r\n"
                     "\r\n");
    mail_put_quoted_printable(out, mail->text, strlen(mail->text));
    if (out->failed)
        return bz_error_set(err, BZ_NOMEM, "mail: out of memory");
    return BZ_OK;
}

enum bz_status bz_mail_format(const struct bz_config *cfg,
                              const struct bz_mail *mail,
                              const struct bz_mail_stamp *stamp,
                              struct bz_buf *out, struct bz_error *err)
{
    struct mail_settings s;
    enum bz_status rc;

    if ((rc = mail_settings_read(cfg, &s, err)) != BZ_OK)
        return rc;
    return mail_format(&s, mail, stamp, out, err);
}

/* --- into a file -------------------------------------------------------- */

/* mkdir -p: parents 0755, the folder itself 0700. */
static enum bz_status mail_make_dir(const char *dir, struct bz_error *err)
{
    char path[PATH_MAX];
    size_t n = strlen(dir), i;
    struct stat st;

    if (n >= sizeof(path))
        return bz_error_set(err, BZ_INVALID, "mail: folder '%s' is too long",
                            dir);
    memcpy(path, dir, n + 1);
    for (i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, i == n ? 0700 : 0755) != 0 && errno != EEXIST)
            return bz_error_errno(err, errno, "mail: cannot create '%s'",
                                  path);
        path[i] = i == n ? '\0' : '/';
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return bz_error_set(err, BZ_IO, "mail: '%s' is not a folder", dir);
    return BZ_OK;
}

static enum bz_status mail_write_all(const char *path, const struct bz_buf *b,
                                     struct bz_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    size_t done = 0;

    if (fd < 0)
        return bz_error_errno(err, errno, "mail: cannot create '%s'", path);
    while (done < b->len) {
        ssize_t w = write(fd, b->data + done, b->len - done);

        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            goto fail;
        done += (size_t)w;
    }
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    return BZ_OK;

fail:
    bz_error_errno(err, errno, "mail: cannot write '%s'", path);
    if (fd >= 0)
        close(fd);
    unlink(path);
    return BZ_IO;
}

/* "file://" and the path, bytes other than [A-Za-z0-9/._~-] as %XX. */
static void mail_file_url(char *out, size_t size, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = (size_t)snprintf(out, size, "file://");

    for (; *path && o + 4 < size; path++) {
        unsigned char c = (unsigned char)*path;

        if (mail_is_domain_char(c) || c == '/' || c == '_' || c == '~') {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
}

static enum bz_status mail_deliver_file(const struct mail_settings *s,
                                        const struct bz_mail *mail,
                                        const struct bz_mail_stamp *stamp,
                                        const struct bz_buf *message,
                                        struct bz_error *err)
{
    char temp[PATH_MAX], final[PATH_MAX], real[PATH_MAX];
    char url[3 * PATH_MAX + 8], to[BZ_MAIL_ADDRESS_MAX * 4 + 4];
    enum bz_status rc;

    if ((rc = mail_make_dir(s->dir, err)) != BZ_OK)
        return rc;
    if (realpath(s->dir, real) == NULL)
        return bz_error_errno(err, errno, "mail: cannot resolve '%s'",
                              s->dir);
    if (snprintf(temp, sizeof(temp), "%s/.%s.tmp", real, stamp->id) >=
            (int)sizeof(temp) ||
        snprintf(final, sizeof(final), "%s/%s.eml", real, stamp->id) >=
            (int)sizeof(final))
        return bz_error_set(err, BZ_INVALID, "mail: folder '%s' is too long",
                            s->dir);
    if ((rc = mail_write_all(temp, message, err)) != BZ_OK)
        return rc;
    if (rename(temp, final) != 0) {
        rc = bz_error_errno(err, errno, "mail: cannot rename '%s'", temp);
        unlink(temp);
        return rc;
    }
    mail_file_url(url, sizeof(url), final);
    bz_log(BZ_LOG_INFO, "mail", mail->request_id, 0, "mail to %s: %s",
           bz_log_escape(to, sizeof(to), mail->to, strlen(mail->to)), url);
    return BZ_OK;
}

/* --- through SMTP ------------------------------------------------------- */

static pthread_once_t mail_curl_once = PTHREAD_ONCE_INIT;
static CURLcode mail_curl_ready = CURLE_FAILED_INIT;

static void mail_curl_init(void)
{
    mail_curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct mail_upload {
    const char *data;
    size_t len;
    size_t sent;
};

static size_t mail_upload_read(char *dest, size_t size, size_t count,
                               void *arg)
{
    struct mail_upload *up = arg;
    size_t n = up->len - up->sent;

    if (n > size * count)
        n = size * count;
    memcpy(dest, up->data + up->sent, n);
    up->sent += n;
    return n;
}

/* "host:port", with brackets around an IPv6 address. */
static void mail_server_name(const struct mail_settings *s, char *out,
                             size_t size)
{
    int bracket = strchr(s->host, ':') && s->host[0] != '[';

    snprintf(out, size, "%s%s%s:%ld", bracket ? "[" : "", s->host,
             bracket ? "]" : "", s->port);
}

static void mail_set_options(CURL *curl, const struct mail_settings *s,
                             const char *server, char *url, size_t url_size)
{
    const char *p;
    int plain_domain = s->domain[0] != '\0';

    for (p = s->domain; *p; p++)
        if (!mail_is_domain_char((unsigned char)*p))
            plain_domain = 0;
    /* The path is the name curl gives in EHLO. */
    snprintf(url, url_size, "%s://%s/%s",
             s->tls == MAIL_TLS_IMPLICIT ? "smtps" : "smtp", server,
             plain_domain ? s->domain : "");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_USE_SSL, s->tls == MAIL_TLS_NONE
                                                ? (long)CURLUSESSL_NONE
                                                : (long)CURLUSESSL_ALL);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (s->ca_file)
        curl_easy_setopt(curl, CURLOPT_CAINFO, s->ca_file);
    if (s->user) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, s->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD,
                         s->password ? s->password : "");
    }
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)BZ_MAIL_TIMEOUT);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, (long)BZ_MAIL_TIMEOUT);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)BZ_MAIL_SEND_TIMEOUT);
}

static enum bz_status mail_deliver_smtp(const struct mail_settings *s,
                                        const struct bz_mail *mail,
                                        const struct bz_buf *message,
                                        struct bz_error *err)
{
    char server[300], url[700], from[BZ_MAIL_ADDRESS_MAX + 3];
    char to[BZ_MAIL_ADDRESS_MAX + 3], reason[CURL_ERROR_SIZE] = "";
    char said[BZ_MAIL_ADDRESS_MAX * 4 + 4] = "";
    struct mail_upload up = {message->data, message->len, 0};
    struct curl_slist *rcpt = NULL;
    enum bz_status rc = BZ_OK;
    long code = 0;
    size_t trim;
    CURLcode res;
    CURL *curl;

    mail_server_name(s, server, sizeof(server));
    pthread_once(&mail_curl_once, mail_curl_init);
    if (mail_curl_ready != CURLE_OK || (curl = curl_easy_init()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "mail: cannot start libcurl");
    snprintf(from, sizeof(from), "<%s>", s->from_address);
    snprintf(to, sizeof(to), "<%s>", mail->to);
    if ((rcpt = curl_slist_append(NULL, to)) == NULL) {
        rc = bz_error_set(err, BZ_NOMEM, "mail: out of memory");
        goto cleanup_curl;
    }
    mail_set_options(curl, s, server, url, sizeof(url));
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up.len);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, mail_upload_read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, reason);

    res = curl_easy_perform(curl);
    if (res != CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        trim = strlen(reason); /* curl's "STARTTLS not supported." */
        while (trim > 0 && strchr(".\n ", reason[trim - 1]))
            reason[--trim] = '\0';
        if (code >= 400)
            snprintf(said, sizeof(said), " (server said %ld)", code);
        rc = bz_error_set(err, BZ_IO,
                          "mail: send to '%s' through '%s' failed: %s%s",
                          mail->to, server,
                          reason[0] ? reason : curl_easy_strerror(res), said);
        goto cleanup_rcpt;
    }
    bz_log(BZ_LOG_INFO, "mail", mail->request_id, 0,
           "mail to %s: sent through %s",
           bz_log_escape(said, sizeof(said), mail->to, strlen(mail->to)),
           server);

cleanup_rcpt:
    curl_slist_free_all(rcpt);
cleanup_curl:
    curl_easy_cleanup(curl);
    return rc;
}

enum bz_status bz_mail_send(const struct bz_config *cfg,
                            const struct bz_mail *mail, struct bz_error *err)
{
    struct mail_settings s;
    struct bz_mail_stamp stamp;
    struct bz_buf message;
    enum bz_status rc;

    if ((rc = mail_settings_read(cfg, &s, err)) != BZ_OK ||
        (rc = bz_mail_stamp_make(&stamp, err)) != BZ_OK)
        return rc;
    bz_buf_init(&message, 0);
    rc = mail_format(&s, mail, &stamp, &message, err);
    if (rc == BZ_OK && s.host)
        rc = mail_deliver_smtp(&s, mail, &message, err);
    else if (rc == BZ_OK)
        rc = mail_deliver_file(&s, mail, &stamp, &message, err);
    bz_buf_release(&message);
    return rc;
}
