/* test_mail.c - the message bytes, header encoding, quoted-printable,
 * refusals, .eml files, and a real send to tests/integration/
 * smtp_receiver.py on loopback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "core/text.h"
#include "mail/mail.h"
#include "support/text_file.h"

extern char **environ;

/* 2026-12-03T14:56:33Z */
#define STAMP_DATE 1796309793

static const struct bz_mail_stamp test_stamp = {
    STAMP_DATE, "20261203T145633Z-0123456789abcdef"};

/* A finished config from key, value pairs ending in NULL. */
static void make_config(struct bz_config *cfg, ...)
{
    struct bz_error err = {0};
    const char *key;
    va_list ap;

    bz_config_init(cfg);
    va_start(ap, cfg);
    while ((key = va_arg(ap, const char *)) != NULL)
        assert_int_equal(bz_config_set(cfg, key, va_arg(ap, const char *),
                                       &err),
                         BZ_OK);
    va_end(ap);
    assert_int_equal(bz_config_finish(cfg, &err), BZ_OK);
}

/* Formats mail with test_stamp; returns the status, the bytes in out. */
static enum bz_status format(const struct bz_config *cfg, const char *to,
                             const char *subject, const char *text,
                             struct bz_buf *out, struct bz_error *err)
{
    struct bz_mail mail = {.to = to, .subject = subject, .text = text};

    bz_buf_init(out, 0);
    return bz_mail_format(cfg, &mail, &test_stamp, out, err);
}

/* The value of header name (its first line and folded ones, CRLF SP
 * kept), in a static buffer; "" when absent. */
static const char *header(const char *message, const char *name)
{
    static char value[4096];
    const char *p = message, *end;
    size_t n = strlen(name);

    value[0] = '\0';
    while (*p && strncmp(p, "\r\n", 2) != 0) {
        end = strstr(p, "\r\n");
        while (end && end[2] == ' ')
            end = strstr(end + 2, "\r\n");
        if (end == NULL)
            break;
        if (strncmp(p, name, n) == 0 && p[n] == ':') {
            snprintf(value, sizeof(value), "%.*s", (int)(end - p - n - 2),
                     p + n + 2);
            break;
        }
        p = end + 2;
    }
    return value;
}

static const char *body_of(const char *message)
{
    const char *p = strstr(message, "\r\n\r\n");

    assert_non_null(p);
    return p + 4;
}

static void assert_lines_at_most(const char *s, size_t max)
{
    const char *end;

    for (; *s; s = end + 2) {
        end = strstr(s, "\r\n");
        assert_non_null(end); /* every line ends in CRLF */
        if ((size_t)(end - s) > max)
            fail_msg("line of %zu > %zu: %.*s", (size_t)(end - s), max,
                     (int)(end - s), s);
        assert_null(memchr(s, '\n', (size_t)(end - s)));
    }
}

static int hex_value(char c)
{
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : c - '0';
}

/* Decodes a quoted-printable body into out (CRLF line ends kept). */
static void qp_decode(const char *s, struct bz_buf *out)
{
    while (*s) {
        if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
            s += 3;
        } else if (s[0] == '=') {
            assert_true(strchr("0123456789ABCDEF", s[1]) && s[1]);
            assert_true(strchr("0123456789ABCDEF", s[2]) && s[2]);
            bz_buf_putc(out, (char)(hex_value(s[1]) * 16 + hex_value(s[2])));
            s += 3;
        } else {
            bz_buf_putc(out, *s++);
        }
    }
}

static int base64_value(char c)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = strchr(digits, c);

    return c && p ? (int)(p - digits) : -1;
}

/* Decodes a header value made of encoded words into out, checking that
 * each word is whole UTF-8 and at most 75 characters. */
static void words_decode(const char *value, struct bz_buf *out)
{
    const char *p = value;

    while (*p) {
        const char *start, *end;
        size_t before = out->len;
        unsigned long v = 0;
        int bits = 0;

        p += strspn(p, "\r\n ");
        if (*p == '\0')
            break;
        assert_int_equal(strncmp(p, "=?UTF-8?B?", 10), 0);
        start = p + 10;
        end = strstr(start, "?=");
        assert_non_null(end);
        assert_true(end + 2 - p <= 75);
        for (; start < end && *start != '='; start++) {
            assert_true(base64_value(*start) >= 0);
            v = (v << 6) | (unsigned long)base64_value(*start);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                bz_buf_putc(out, (char)((v >> bits) & 0xff));
            }
        }
        assert_true(bz_text_utf8_valid(out->data + before, out->len - before));
        p = end + 2;
    }
}

/* --- formatting --------------------------------------------------------- */

static void test_format_exact_bytes(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_buf out;

    (void)state;
    make_config(&cfg, "base_url", "https://peer.example.org:8443/base", NULL);
    assert_int_equal(format(&cfg, "ada@example.org", "Verify your address",
                            "Open https://peer.example.org:8443/verify?t=ab\n"
                            "\n"
                            "Thanks.\n",
                            &out, &err),
                     BZ_OK);
    assert_string_equal(
        out.data,
        "Date: Thu, 03 Dec 2026 14:56:33 +0000\r\n"
        "From: bzpeer <noreply@peer.example.org>\r\n"
        "To: ada@example.org\r\n"
        "Subject: Verify your address\r\n"
        "Message-ID: <20261203T145633Z-0123456789abcdef@peer.example.org>\r\n"
        "Auto-Submitted: auto-generated\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        "Open https://peer.example.org:8443/verify?t=3Dab\r\n"
        "\r\n"
        "Thanks.\r\n");
    bz_buf_release(&out);
}

static void test_from_forms(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_buf out;

    (void)state;
    make_config(&cfg, "mail.from", "Peer Review <reviews@example.org>", NULL);
    assert_int_equal(format(&cfg, "a@b.org", "s", "t", &out, &err), BZ_OK);
    assert_string_equal(header(out.data, "From"),
                        "Peer Review <reviews@example.org>");
    assert_string_equal(header(out.data, "Message-ID"),
                        "<20261203T145633Z-0123456789abcdef@127.0.0.1>");
    bz_buf_release(&out);

    make_config(&cfg, "mail.from", "reviews@example.org", NULL);
    assert_int_equal(format(&cfg, "a@b.org", "s", "t", &out, &err), BZ_OK);
    assert_string_equal(header(out.data, "From"), "reviews@example.org");
    bz_buf_release(&out);

    make_config(&cfg, "mail.from", "bzpeer, \"the\" peer <r@example.org>",
                NULL);
    assert_int_equal(format(&cfg, "a@b.org", "s", "t", &out, &err), BZ_OK);
    assert_string_equal(header(out.data, "From"),
                        "\"bzpeer, \\\"the\\\" peer\" <r@example.org>");
    bz_buf_release(&out);

    make_config(&cfg, "mail.from", "Café Peer <cafe@example.org>", NULL);
    assert_int_equal(format(&cfg, "a@b.org", "s", "t", &out, &err), BZ_OK);
    assert_string_equal(header(out.data, "From"),
                        "=?UTF-8?B?Q2Fmw6kgUGVlcg==?= <cafe@example.org>");
    bz_buf_release(&out);
}

static void test_subject_encoded_words(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_buf out, decoded;
    char subject[BZ_MAIL_SUBJECT_MAX + 1];
    size_t n = 0;

    (void)state;
    make_config(&cfg, NULL);
    assert_int_equal(format(&cfg, "a@b.org", "Vérifiez votre adresse", "",
                            &out, &err),
                     BZ_OK);
    assert_string_equal(header(out.data, "Subject"),
                        "=?UTF-8?B?VsOpcmlmaWV6IHZvdHJlIGFkcmVzc2U=?=");
    /* an empty text: the message ends after the blank line */
    assert_string_equal(body_of(out.data), "");
    bz_buf_release(&out);

    /* long and mixed: folded words, none splitting a character */
    while (n + strlen("é東😀 ") <= 990) { /* 2, 3, 4 and 1 bytes */
        memcpy(subject + n, "é東😀 ", strlen("é東😀 "));
        n += strlen("é東😀 ");
    }
    subject[n] = '\0';
    assert_int_equal(format(&cfg, "a@b.org", subject, "", &out, &err), BZ_OK);
    assert_lines_at_most(out.data, 76);
    bz_buf_init(&decoded, 0);
    words_decode(header(out.data, "Subject"), &decoded);
    assert_string_equal(decoded.data, subject);
    bz_buf_release(&decoded);
    bz_buf_release(&out);

    /* ASCII too long for one line, or that looks like an encoded word */
    memset(subject, 'x', 120);
    subject[120] = '\0';
    assert_int_equal(format(&cfg, "a@b.org", subject, "", &out, &err), BZ_OK);
    assert_lines_at_most(out.data, 76);
    bz_buf_init(&decoded, 0);
    words_decode(header(out.data, "Subject"), &decoded);
    assert_string_equal(decoded.data, subject);
    bz_buf_release(&decoded);
    bz_buf_release(&out);
    assert_int_equal(format(&cfg, "a@b.org", "=?x?=", "", &out, &err), BZ_OK);
    assert_string_equal(header(out.data, "Subject"), "=?UTF-8?B?PT94Pz0=?=");
    bz_buf_release(&out);
}

static void test_quoted_printable(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_buf out, decoded;
    char text[600];

    (void)state;
    make_config(&cfg, NULL);
    assert_int_equal(format(&cfg, "a@b.org", "s",
                            "Café = 1 \nend\t\r\n.\n..dots\nbare\rcr\nlast",
                            &out, &err),
                     BZ_OK);
    assert_string_equal(body_of(out.data), "Caf=C3=A9 =3D 1=20\r\n"
                                           "end=09\r\n"
                                           ".\r\n"
                                           "..dots\r\n"
                                           "bare=0Dcr\r\n"
                                           "last\r\n");
    bz_buf_release(&out);

    /* long lines: soft breaks, never inside =XX, lines of <= 76 */
    memset(text, 'x', 500);
    memcpy(text + 70, "ééééé", 10);
    memcpy(text + 300, " \n", 2);
    text[500] = '\0';
    assert_int_equal(format(&cfg, "a@b.org", "s", text, &out, &err), BZ_OK);
    assert_lines_at_most(out.data, 76);
    bz_buf_init(&decoded, 0);
    qp_decode(body_of(out.data), &decoded);
    /* decoded, it is the text with CRLF for LF and a final CRLF */
    assert_int_equal(decoded.len, 301 + 2 + 198 + 2);
    assert_memory_equal(decoded.data, text, 301);
    assert_memory_equal(decoded.data + 301, "\r\n", 2);
    assert_memory_equal(decoded.data + 303, text + 302, 198);
    assert_memory_equal(decoded.data + 501, "\r\n", 2);
    bz_buf_release(&decoded);
    bz_buf_release(&out);
}

/* --- refusals ----------------------------------------------------------- */

static void assert_refused(const struct bz_config *cfg, const char *to,
                           const char *subject, const char *text,
                           enum bz_status want, const char *message)
{
    struct bz_error err = {0};
    struct bz_buf out;

    assert_int_equal(format(cfg, to, subject, text, &out, &err), want);
    if (strstr(err.message, message) == NULL)
        fail_msg("error '%s' lacks '%s'", err.message, message);
    bz_buf_release(&out);
}

static void test_header_injection_refused(void **state)
{
    struct bz_config cfg;

    (void)state;
    make_config(&cfg, NULL);
    assert_refused(&cfg, "a@b.org\r\nBcc: c@d.org", "s", "t", BZ_INVALID,
                   "line break");
    assert_refused(&cfg, "a@b.org\nBcc: c@d.org", "s", "t", BZ_INVALID,
                   "line break");
    assert_refused(&cfg, "a@b.org", "hi\r\nBcc: c@d.org", "t", BZ_INVALID,
                   "subject has a line break");
    assert_refused(&cfg, "a@b.org", "hi\nthere", "t", BZ_INVALID,
                   "subject has a line break");
    assert_refused(&cfg, "a@b.org", "bell\a", "t", BZ_INVALID,
                   "control character");
    make_config(&cfg, "mail.from", "x@y.org\r\nBcc: c@d.org", NULL);
    assert_refused(&cfg, "a@b.org", "s", "t", BZ_INVALID,
                   "config 'mail.from' has a line break");
}

static void test_addresses(void **state)
{
    static const char *const good[] = {
        "a@b.org", "first.last+tag@example.co.uk", "o'brien@x.ie",
        "x@localhost", NULL};
    static const char *const bad[] = {
        "", "nobody", "a@b@c.org", "@b.org", "a@", "a b@c.org", "a@b .org",
        "\"a\"@b.org", "a..b@c.org", ".a@b.org", "a@b..org", "a@[1.2.3.4]",
        "Ada <a@b.org>", "a@b.org,c@d.org", "é@b.org", NULL};
    char longer[300];
    int i;

    (void)state;
    for (i = 0; good[i]; i++)
        if (bz_mail_check_address(good[i], NULL) != BZ_OK)
            fail_msg("'%s' refused", good[i]);
    for (i = 0; bad[i]; i++)
        if (bz_mail_check_address(bad[i], NULL) != BZ_INVALID)
            fail_msg("'%s' accepted", bad[i]);
    memset(longer, 'a', sizeof(longer));
    memcpy(longer + 250, "@b.org", 7);
    assert_int_equal(bz_mail_check_address(longer, NULL), BZ_INVALID);
    memset(longer, 'a', 65);
    memcpy(longer + 65, "@b.org", 7);
    assert_int_equal(bz_mail_check_address(longer, NULL), BZ_INVALID);
}

static void test_caps_and_utf8(void **state)
{
    struct bz_config cfg;
    char *big = malloc((size_t)BZ_MAIL_TEXT_MAX + 2);
    char subject[BZ_MAIL_SUBJECT_MAX + 2];
    struct bz_error err = {0};
    struct bz_buf out;

    (void)state;
    assert_non_null(big);
    make_config(&cfg, NULL);
    memset(subject, 's', sizeof(subject) - 1);
    subject[BZ_MAIL_SUBJECT_MAX + 1] = '\0';
    assert_refused(&cfg, "a@b.org", subject, "t", BZ_TOO_LARGE,
                   "subject has 999 bytes");
    subject[BZ_MAIL_SUBJECT_MAX] = '\0';
    assert_int_equal(format(&cfg, "a@b.org", subject, "t", &out, &err), BZ_OK);
    bz_buf_release(&out);

    memset(big, 'x', (size_t)BZ_MAIL_TEXT_MAX + 1);
    big[BZ_MAIL_TEXT_MAX + 1] = '\0';
    assert_refused(&cfg, "a@b.org", "s", big, BZ_TOO_LARGE, "text has");
    big[BZ_MAIL_TEXT_MAX] = '\0';
    assert_int_equal(format(&cfg, "a@b.org", "s", big, &out, &err), BZ_OK);
    assert_lines_at_most(out.data, 998);
    bz_buf_release(&out);
    free(big);

    assert_refused(&cfg, "a@b.org", "bad \xc3", "t", BZ_INVALID,
                   "subject is not UTF-8");
    assert_refused(&cfg, "a@b.org", "s", "bad \xff text", BZ_INVALID,
                   "text is not UTF-8");
}

static void test_settings_refused(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};

    (void)state;
    make_config(&cfg, "mail.tls", "ssl", NULL);
    assert_int_equal(bz_mail_check_config(&cfg, &err), BZ_INVALID);
    assert_non_null(strstr(err.message, "'mail.tls': 'ssl' is not"));
    make_config(&cfg, "mail.port", "70000", NULL);
    assert_int_equal(bz_mail_check_config(&cfg, &err), BZ_INVALID);
    make_config(&cfg, "mail.password", "pw", NULL);
    assert_int_equal(bz_mail_check_config(&cfg, &err), BZ_INVALID);
    assert_null(strstr(err.message, "pw"));
    make_config(&cfg, "mail.host", "smtp.example.org", "mail.tls", "none",
                "mail.user", "u", "mail.password", "secret", NULL);
    assert_int_equal(bz_mail_check_config(&cfg, &err), BZ_INVALID);
    assert_non_null(strstr(err.message, "in clear"));
    assert_null(strstr(err.message, "secret"));
    make_config(&cfg, "mail.host", "127.0.0.1", "mail.tls", "none",
                "mail.user", "u", "mail.password", "secret", NULL);
    assert_int_equal(bz_mail_check_config(&cfg, &err), BZ_OK);
    make_config(&cfg, "mail.from", "Name <not an address>", NULL);
    assert_int_equal(bz_mail_check_config(&cfg, &err), BZ_INVALID);
    make_config(&cfg, "base_url", "http://[::1]:8080", NULL);
    assert_int_equal(bz_mail_check_config(&cfg, &err), BZ_INVALID);
    assert_non_null(strstr(err.message, "set mail.from"));
}

/* --- .eml files --------------------------------------------------------- */

static void temp_dir(char *out, size_t size, const char *name)
{
    const char *tmp = getenv("BZ_TEST_TMP");

    snprintf(out, size, "%s/%s-%ld-XXXXXX", tmp && *tmp ? tmp : "/tmp", name,
             (long)getpid());
    assert_non_null(mkdtemp(out));
}

/* The names of the files in dir into names (up to max); returns how many. */
static size_t list_dir(const char *dir, char names[][256], size_t max)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n < max)
            snprintf(names[n++], 256, "%s", e->d_name);
    }
    closedir(d);
    return n;
}

static void test_eml_files(void **state)
{
    char base[PATH_MAX], dir[PATH_MAX + 16], path[2 * PATH_MAX];
    char names[32][256], log_path[PATH_MAX + 16], url[PATH_MAX + 100];
    struct bz_mail mail = {.to = "ada@example.org", .subject = "Hello",
                           .text = "One line\n", .request_id = 42};
    struct bz_error err = {0};
    struct bz_config cfg;
    struct stat st;
    char *data;
    size_t n, i, k;
    int saved;

    (void)state;
    temp_dir(base, sizeof(base), "mail-eml");
    snprintf(dir, sizeof(dir), "%s/var/mail", base);
    make_config(&cfg, "mail.dir", dir, "base_url", "http://peer.test", NULL);

    /* the first send makes the folders and logs the link */
    snprintf(log_path, sizeof(log_path), "%s/stderr", base);
    fflush(stderr);
    saved = dup(2);
    assert_true(saved >= 0);
    i = (size_t)open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2((int)i, 2);
    close((int)i);
    assert_int_equal(bz_mail_send(&cfg, &mail, &err), BZ_OK);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);

    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(list_dir(dir, names, 32), 1);
    assert_non_null(strstr(names[0], ".eml"));
    assert_true(snprintf(path, sizeof(path), "%s/%s", dir, names[0]) <
                (int)sizeof(path));
    data = text_file_read(path, &n);
    assert_non_null(data);
    assert_int_equal(strncmp(data, "Date: ", 6), 0);
    assert_non_null(strstr(data, "\r\nTo: ada@example.org\r\n"));
    assert_non_null(strstr(data, "\r\nFrom: bzpeer <noreply@peer.test>\r\n"));
    assert_string_equal(body_of(data), "One line\r\n");
    free(data);
    data = text_file_read(log_path, NULL);
    assert_non_null(data);
    assert_non_null(realpath(path, base));
    snprintf(url, sizeof(url), "req=42 mail to ada@example.org: file://%s\n",
             base);
    if (strstr(data, url) == NULL)
        fail_msg("log '%s' lacks '%s'", data, url);
    free(data);

    /* many sends: as many files, all distinct, no temp file left */
    bz_log_set_level(BZ_LOG_WARN);
    for (i = 0; i < 20; i++)
        assert_int_equal(bz_mail_send(&cfg, &mail, &err), BZ_OK);
    bz_log_set_level(BZ_LOG_INFO);
    n = list_dir(dir, names, 32);
    assert_int_equal(n, 21);
    for (i = 0; i < n; i++) {
        assert_non_null(strstr(names[i], ".eml"));
        assert_null(strstr(names[i], ".tmp"));
        for (k = i + 1; k < n; k++)
            assert_string_not_equal(names[i], names[k]);
        assert_true(snprintf(path, sizeof(path), "%s/%s", dir, names[i]) <
                    (int)sizeof(path));
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        unlink(path);
    }

    /* a mail.dir that is a file */
    assert_true(snprintf(path, sizeof(path), "%s/file", dir) <
                (int)sizeof(path));
    fclose(fopen(path, "w"));
    make_config(&cfg, "mail.dir", path, NULL);
    assert_int_equal(bz_mail_send(&cfg, &mail, &err), BZ_IO);
    unlink(path);
    rmdir(dir);
}

/* --- a real SMTP receiver ----------------------------------------------- */

struct receiver {
    pid_t pid;
    char dir[PATH_MAX];
    char port[16];
};

static void receiver_start(struct receiver *r)
{
    char script[PATH_MAX], port_file[PATH_MAX + 16], got[PATH_MAX + 16];
    const char *source = getenv("BZ_SOURCE_DIR");
    char *data = NULL;
    int i;

    temp_dir(r->dir, sizeof(r->dir), "mail-smtp");
    snprintf(script, sizeof(script), "%s/tests/integration/smtp_receiver.py",
             source && *source ? source : ".");
    snprintf(port_file, sizeof(port_file), "%s/port", r->dir);
    snprintf(got, sizeof(got), "%s/got", r->dir);
    {
        char *argv[] = {"/usr/bin/python3", script, "--dir", got,
                        "--port-file", port_file, NULL};

        assert_int_equal(posix_spawn(&r->pid, argv[0], NULL, NULL, argv,
                                     environ),
                         0);
    }
    for (i = 0; i < 200 && data == NULL; i++) {
        int status;

        if (waitpid(r->pid, &status, WNOHANG) == r->pid)
            fail_msg("smtp_receiver.py exited (is python3-aiosmtpd "
                     "installed for /usr/bin/python3?)");
        data = text_file_read(port_file, NULL);
        if (data == NULL)
            usleep(50 * 1000);
    }
    assert_non_null(data);
    snprintf(r->port, sizeof(r->port), "%s", data);
    free(data);
}

static void receiver_stop(struct receiver *r)
{
    int status;

    kill(r->pid, SIGTERM);
    waitpid(r->pid, &status, 0);
}

static void test_smtp_send_through_receiver(void **state)
{
    struct receiver r;
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_buf want, got_text;
    struct bz_mail mail = {.to = "grace@example.org",
                           .subject = "Réunion: . et ..",
                           .text = NULL};
    const char *lead = ".\r\n..\r\n.leading dot\r\n";
    char path[PATH_MAX + 32], *text, *got;
    size_t i, n = 0;

    (void)state;
    /* lines SMTP must dot-stuff, a long line, and much text */
    text = malloc(200 * 1000);
    assert_non_null(text);
    n += (size_t)sprintf(text + n, ".\n..\n.leading dot\nCafé\n");
    for (i = 0; i < 3000; i++)
        n += (size_t)sprintf(text + n, "%s%zu line of the body\n",
                             i % 7 ? "" : ".", i);
    n += (size_t)sprintf(text + n, ".");
    mail.text = text;

    receiver_start(&r);
    make_config(&cfg, "mail.host", "127.0.0.1", "mail.port", r.port,
                "mail.tls", "none", "base_url", "https://peer.test", NULL);
    assert_int_equal(bz_mail_send(&cfg, &mail, &err), BZ_OK);
    assert_true(snprintf(path, sizeof(path), "%s/got/001.eml", r.dir) <
                (int)sizeof(path));
    got = text_file_read(path, NULL);
    receiver_stop(&r);
    assert_non_null(got);

    /* what arrived is what bz_mail_format makes, but for Date and id */
    bz_buf_init(&want, 0);
    assert_int_equal(bz_mail_format(&cfg, &mail, &test_stamp, &want, &err),
                     BZ_OK);
    assert_string_equal(header(got, "To"), "grace@example.org");
    assert_string_equal(header(got, "From"), "bzpeer <noreply@peer.test>");
    assert_string_equal(header(got, "Subject"),
                        header(want.data, "Subject"));
    assert_non_null(strstr(header(got, "Message-ID"), "@peer.test>"));
    assert_string_equal(body_of(got), body_of(want.data));
    bz_buf_init(&got_text, 0);
    qp_decode(body_of(got), &got_text);
    assert_int_equal(strncmp(got_text.data, lead, strlen(lead)), 0);
    bz_buf_release(&got_text);
    bz_buf_release(&want);
    free(got);
    free(text);
}

static void test_smtp_unreachable(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_mail mail = {.to = "a@b.org", .subject = "s", .text = "t"};

    (void)state;
    /* port 1 on loopback: nothing listens there */
    make_config(&cfg, "mail.host", "127.0.0.1", "mail.port", "1",
                "mail.user", "u", "mail.password", "hunter2", NULL);
    assert_int_equal(bz_mail_send(&cfg, &mail, &err), BZ_IO);
    assert_non_null(strstr(err.message, "mail: send to 'a@b.org' through "
                                        "'127.0.0.1:1' failed: "));
    assert_null(strstr(err.message, "hunter2"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_exact_bytes),
        cmocka_unit_test(test_from_forms),
        cmocka_unit_test(test_subject_encoded_words),
        cmocka_unit_test(test_quoted_printable),
        cmocka_unit_test(test_header_injection_refused),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_caps_and_utf8),
        cmocka_unit_test(test_settings_refused),
        cmocka_unit_test(test_eml_files),
        cmocka_unit_test(test_smtp_send_through_receiver),
        cmocka_unit_test(test_smtp_unreachable),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
