/* test_orcid.c - sign in with ORCID without a server: the settings, the
 * signed state, the authorize address, token responses and iD checksums
 * (src/oauth/orcid.c). test_orcid_exchange.c talks to a real one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/sign.h"
#include "core/buf.h"
#include "core/config.h"
#include "oauth/orcid.h"

#define NOW INT64_C(1767225600)
#define SECRET "sec-1234-do-not-show"

static void secret_of(struct bz_secret *secret, unsigned char fill)
{
    memset(secret->bytes, fill, sizeof(secret->bytes));
}

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

/* A config with a client, its token_url set to a loopback port where
 * nothing listens, so that a test can tell whether a connection was
 * tried (BZ_IO) or not. */
static void configured(struct bz_config *cfg)
{
    make_config(cfg, "base_url", "https://peer.test", "orcid.client_id",
                "APP-TEST", "orcid.client_secret", SECRET,
                "orcid.token_url", "http://127.0.0.1:1/oauth/token", NULL);
}

/* The value of query parameter name in url, percent-decoded, in out. */
static int query_param(const char *url, const char *name, char *out,
                       size_t size)
{
    const char *p = strchr(url, '?');
    size_t n = strlen(name), o = 0;

    while (p != NULL) {
        p++;
        if (strncmp(p, name, n) == 0 && p[n] == '=') {
            for (p += n + 1; *p && *p != '&' && o + 1 < size; p++) {
                unsigned int c;

                if (*p == '%' && sscanf(p + 1, "%2x", &c) == 1) {
                    out[o++] = (char)c;
                    p += 2;
                } else {
                    out[o++] = *p;
                }
            }
            out[o] = '\0';
            return 1;
        }
        p = strchr(p, '&');
    }
    return 0;
}

/* --- settings ----------------------------------------------------------- */

static void test_configured(void **state)
{
    struct bz_config cfg;

    (void)state;
    make_config(&cfg, NULL);
    assert_false(bz_orcid_configured(&cfg));
    make_config(&cfg, "orcid.client_id", "APP-1", NULL);
    assert_false(bz_orcid_configured(&cfg));
    make_config(&cfg, "orcid.client_id", "APP-1", "orcid.client_secret", "",
                NULL);
    assert_false(bz_orcid_configured(&cfg));
    make_config(&cfg, "orcid.client_id", "APP-1", "orcid.client_secret", "s",
                NULL);
    assert_true(bz_orcid_configured(&cfg));
}

static void test_config_from_environment(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};

    (void)state;
    setenv("BZPEER_ORCID_CLIENT_ID", "APP-ENV", 1);
    setenv("BZPEER_ORCID_CLIENT_SECRET", "env-secret", 1);
    setenv("BZPEER_ORCID_TOKEN_URL", "http://[::1]:9/oauth/token", 1);
    setenv("BZPEER_ORCID_CA_FILE", "/tmp/ca.pem", 1);
    bz_config_init(&cfg);
    assert_int_equal(bz_config_load_env(&cfg, &err), BZ_OK);
    assert_int_equal(bz_config_finish(&cfg, &err), BZ_OK);
    unsetenv("BZPEER_ORCID_CLIENT_ID");
    unsetenv("BZPEER_ORCID_CLIENT_SECRET");
    unsetenv("BZPEER_ORCID_TOKEN_URL");
    unsetenv("BZPEER_ORCID_CA_FILE");
    assert_true(bz_orcid_configured(&cfg));
    assert_string_equal(bz_config_get(&cfg, "orcid.client_id"), "APP-ENV");
    assert_string_equal(bz_config_get(&cfg, "orcid.ca_file"), "/tmp/ca.pem");
    assert_int_equal(bz_orcid_check_config(&cfg, &err), BZ_OK);
}

/* bz_orcid_check_config on token_url = url. */
static enum bz_status check_token_url(const char *url, struct bz_error *err)
{
    struct bz_config cfg;

    make_config(&cfg, "orcid.client_id", "APP-1", "orcid.client_secret", "s",
                "orcid.token_url", url, NULL);
    return bz_orcid_check_config(&cfg, err);
}

static void test_check_config(void **state)
{
    static const char *const good[] = {
        "https://orcid.org/oauth/token",
        "https://sandbox.orcid.org/oauth/token",
        "http://127.0.0.1:8123/oauth/token",
        "http://127.1.2.3/oauth/token",
        "http://localhost:8123/oauth/token",
        "http://[::1]:8123/oauth/token",
        "https://10.0.0.1/oauth/token?x=1",
    };
    static const char *const bad[] = {
        "http://orcid.org/oauth/token",  /* the secret in clear */
        "http://127.evil.example/oauth/token",
        "http://128.0.0.1/oauth/token",
        "http://[::2]/oauth/token",
        "http://localhost.evil.example/oauth/token",
        "ftp://127.0.0.1/oauth/token",
        "file:///etc/passwd",
        "orcid.org/oauth/token",
        "https://orcid.org/oauth/token#x",
        "https://user:pw@orcid.org/oauth/token",
        "https://orcid.org/oauth/token\n",
        "https://orcid .org/oauth/token",
        "",
    };
    struct bz_config cfg;
    struct bz_error err = {0};
    size_t i;

    (void)state;
    make_config(&cfg, NULL);
    assert_int_equal(bz_orcid_check_config(&cfg, &err), BZ_OK);
    make_config(&cfg, "orcid.client_id", "APP-1", "orcid.client_secret", "s",
                NULL);
    assert_int_equal(bz_orcid_check_config(&cfg, &err), BZ_OK);
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        if (check_token_url(good[i], &err) != BZ_OK)
            fail_msg("refused '%s': %s", good[i], err.message);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (bad[i][0] == '\0')
            continue; /* an empty value means the default */
        if (check_token_url(bad[i], &err) != BZ_INVALID)
            fail_msg("took '%s'", bad[i]);
        assert_non_null(strstr(err.message, "config 'orcid.token_url'"));
    }
    assert_int_equal(check_token_url("http://orcid.org/oauth/token", &err),
                     BZ_INVALID);
    assert_string_equal(err.message,
                        "config 'orcid.token_url': 'http://orcid.org/oauth/"
                        "token' must be https (http is for a loopback host "
                        "only)");

    make_config(&cfg, "orcid.client_id", "APP-1", "orcid.client_secret", "s",
                "orcid.authorize_url", "http://orcid.org/oauth/authorize",
                NULL);
    assert_int_equal(bz_orcid_check_config(&cfg, &err), BZ_INVALID);
    assert_non_null(strstr(err.message, "'orcid.authorize_url'"));
    make_config(&cfg, "orcid.client_id", "APP-1", NULL);
    assert_int_equal(bz_orcid_check_config(&cfg, &err), BZ_INVALID);
    assert_string_equal(err.message, "config 'orcid.client_id' is set "
                                     "without 'orcid.client_secret'");
    make_config(&cfg, "orcid.client_secret", "s", NULL);
    assert_int_equal(bz_orcid_check_config(&cfg, &err), BZ_INVALID);
    make_config(&cfg, "orcid.client_id", "APP\r\n1", "orcid.client_secret",
                "s", NULL);
    assert_int_equal(bz_orcid_check_config(&cfg, &err), BZ_INVALID);
    make_config(&cfg, "orcid.client_id", "APP", "orcid.client_secret",
                "s\tx", NULL);
    assert_int_equal(bz_orcid_check_config(&cfg, &err), BZ_INVALID);
    assert_null(strstr(err.message, "s\tx"));
}

static void test_redirect_uri(void **state)
{
    static const char *const bases[][2] = {
        {"https://peer.test", "https://peer.test/oauth/orcid/callback"},
        {"https://peer.test/", "https://peer.test/oauth/orcid/callback"},
        {"https://peer.test//", "https://peer.test/oauth/orcid/callback"},
        {"http://127.0.0.1:8080/sub",
         "http://127.0.0.1:8080/sub/oauth/orcid/callback"},
    };
    struct bz_config cfg;
    struct bz_buf out;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
        make_config(&cfg, "base_url", bases[i][0], NULL);
        bz_buf_init(&out, 0);
        assert_int_equal(bz_orcid_redirect_uri(&cfg, &out), 0);
        assert_string_equal(out.data, bases[i][1]);
        bz_buf_release(&out);
    }
    make_config(&cfg, NULL);
    bz_buf_init(&out, 0);
    assert_int_equal(bz_orcid_redirect_uri(&cfg, &out), 0);
    assert_string_equal(out.data, "http://127.0.0.1:8080/oauth/orcid/callback");
    bz_buf_release(&out);
    bz_buf_init(&out, 8); /* too small: told, not cut */
    assert_int_equal(bz_orcid_redirect_uri(&cfg, &out), -1);
    bz_buf_release(&out);
}

/* --- the state ---------------------------------------------------------- */

static void test_state_round_trip(void **state)
{
    struct bz_secret secret;
    struct bz_error err = {0};
    char value[BZ_SIGN_SIZE];
    int64_t account = -1, researcher = -1;

    (void)state;
    secret_of(&secret, 7);
    assert_int_equal(bz_orcid_state_make(&secret, 42, 1234, NOW, value, &err),
                     BZ_OK);
    assert_int_equal(strncmp(value, "orcid-state.", 12), 0);
    assert_int_equal(bz_orcid_state_check(&secret, value, strlen(value), NOW,
                                          &account, &researcher, &err),
                     BZ_OK);
    assert_int_equal(account, 42);
    assert_int_equal(researcher, 1234);

    /* the subject is the one documented */
    {
        char subject[BZ_SIGN_SUBJECT_SIZE];

        assert_int_equal(bz_sign_check(&secret, "orcid-state", value,
                                       strlen(value), NOW, subject, &err),
                         BZ_OK);
        assert_string_equal(subject, "A42 R1234");
    }

    /* the largest ids */
    assert_int_equal(bz_orcid_state_make(&secret, INT64_MAX, INT64_MAX, NOW,
                                         value, &err),
                     BZ_OK);
    assert_int_equal(bz_orcid_state_check(&secret, value, strlen(value), NOW,
                                          &account, &researcher, &err),
                     BZ_OK);
    assert_true(account == INT64_MAX && researcher == INT64_MAX);

    /* ids out of range, a bad clock */
    assert_int_equal(bz_orcid_state_make(&secret, 0, 1, NOW, value, &err),
                     BZ_INVALID);
    assert_int_equal(bz_orcid_state_make(&secret, 1, -5, NOW, value, &err),
                     BZ_INVALID);
    assert_int_equal(bz_orcid_state_make(&secret, 1, 1, 0, value, &err),
                     BZ_INVALID);
    assert_int_equal(bz_orcid_state_make(&secret, 1, 1, INT64_MAX, value,
                                         &err),
                     BZ_INVALID);
}

static void test_state_expiry(void **state)
{
    struct bz_secret secret;
    struct bz_error err = {0};
    char value[BZ_SIGN_SIZE];
    int64_t account, researcher;

    (void)state;
    secret_of(&secret, 7);
    assert_int_equal(bz_orcid_state_make(&secret, 3, 4, NOW, value, &err),
                     BZ_OK);
    assert_int_equal(bz_orcid_state_check(&secret, value, strlen(value),
                                          NOW + BZ_ORCID_STATE_TTL - 1,
                                          &account, &researcher, &err),
                     BZ_OK);
    assert_int_equal(bz_orcid_state_check(&secret, value, strlen(value),
                                          NOW + BZ_ORCID_STATE_TTL, &account,
                                          &researcher, &err),
                     BZ_GONE);
    assert_string_equal(err.message,
                        "orcid: the sign-in took too long; start again");
    assert_int_equal(account, 0);
    assert_int_equal(researcher, 0);
    assert_int_equal(BZ_ORCID_STATE_TTL, 600);
}

static void test_state_tamper(void **state)
{
    struct bz_secret secret, other;
    struct bz_error err = {0};
    char value[BZ_SIGN_SIZE], forged[BZ_SIGN_SIZE];
    int64_t account, researcher;
    size_t i, n;

    (void)state;
    secret_of(&secret, 7);
    secret_of(&other, 8);
    assert_int_equal(bz_orcid_state_make(&secret, 42, 1234, NOW, value, &err),
                     BZ_OK);
    n = strlen(value);

    /* every byte changed, and every shortening */
    for (i = 0; i < n; i++) {
        memcpy(forged, value, n + 1);
        forged[i] = forged[i] == 'A' ? 'B' : 'A';
        assert_int_equal(bz_orcid_state_check(&secret, forged, n, NOW,
                                              &account, &researcher, &err),
                         BZ_INVALID);
        assert_int_equal(bz_orcid_state_check(&secret, value, i, NOW,
                                              &account, &researcher, &err),
                         BZ_INVALID);
    }
    assert_string_equal(err.message, "orcid: the sign-in link is not valid");

    /* forged and expired is still just forged */
    memcpy(forged, value, n + 1);
    forged[n - 1] = forged[n - 1] == 'A' ? 'B' : 'A';
    assert_int_equal(bz_orcid_state_check(&secret, forged, n, NOW + 100000,
                                          &account, &researcher, &err),
                     BZ_INVALID);

    /* another key, another purpose with the same subject */
    assert_int_equal(bz_orcid_state_check(&other, value, n, NOW, &account,
                                          &researcher, &err),
                     BZ_INVALID);
    assert_int_equal(bz_sign_make(&secret, "verify-email", "A42 R1234",
                                  NOW + 600, forged, &err),
                     BZ_OK);
    assert_int_equal(bz_orcid_state_check(&secret, forged, strlen(forged),
                                          NOW, &account, &researcher, &err),
                     BZ_INVALID);

    /* nothing at all */
    assert_int_equal(bz_orcid_state_check(&secret, NULL, 0, NOW, &account,
                                          &researcher, &err),
                     BZ_INVALID);
    assert_int_equal(bz_orcid_state_check(&secret, "", 0, NOW, &account,
                                          &researcher, &err),
                     BZ_INVALID);
    assert_int_equal(account, 0);
}

/* Genuine states whose subject is not "A<n> R<n>" are refused. */
static void test_state_odd_subjects(void **state)
{
    static const char *const subjects[] = {
        "A42", "A42 R", "A R1", "A0 R1", "A1 R0", "A01 R2", "A1 R02",
        "A-1 R2", "A+1 R2", "A1 R2 ", " A1 R2", "A1  R2", "A1 R2x", "R2 A1",
        "a1 r2", "A1\tR2", "A9223372036854775808 R1",
        "A1 R99999999999999999999",
    };
    struct bz_secret secret;
    struct bz_error err = {0};
    char value[BZ_SIGN_SIZE];
    int64_t account, researcher;
    size_t i;

    (void)state;
    secret_of(&secret, 7);
    for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
        assert_int_equal(bz_sign_make(&secret, "orcid-state", subjects[i],
                                      NOW + 600, value, &err),
                         BZ_OK);
        if (bz_orcid_state_check(&secret, value, strlen(value), NOW, &account,
                                 &researcher, &err) != BZ_INVALID)
            fail_msg("took the subject '%s'", subjects[i]);
    }
}

/* --- the authorize address ---------------------------------------------- */

static void test_authorize_url(void **state)
{
    struct bz_secret secret;
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_buf url;
    char value[BZ_SIGN_SIZE], want[4096];
    int64_t account, researcher;

    (void)state;
    secret_of(&secret, 7);
    configured(&cfg);
    bz_buf_init(&url, 0);
    assert_int_equal(bz_orcid_authorize_url(&cfg, &secret, 42, 1234, NOW,
                                            &url, &err),
                     BZ_OK);
    assert_int_equal(bz_orcid_state_make(&secret, 42, 1234, NOW, value, &err),
                     BZ_OK);
    snprintf(want, sizeof(want),
             "https://orcid.org/oauth/authorize?client_id=APP-TEST"
             "&response_type=code&scope=%%2Fauthenticate"
             "&redirect_uri=https%%3A%%2F%%2Fpeer.test%%2Foauth%%2Forcid%%2F"
             "callback&state=%s",
             value);
    assert_string_equal(url.data, want);
    assert_null(strstr(url.data, SECRET));

    /* the state in it checks out */
    assert_true(query_param(url.data, "state", value, sizeof(value)));
    assert_int_equal(bz_orcid_state_check(&secret, value, strlen(value), NOW,
                                          &account, &researcher, &err),
                     BZ_OK);
    assert_int_equal(account, 42);
    assert_int_equal(researcher, 1234);
    bz_buf_release(&url);
}

static void test_authorize_url_escaping(void **state)
{
    struct bz_secret secret;
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_buf url;
    char got[1024];

    (void)state;
    secret_of(&secret, 7);
    make_config(&cfg, "base_url", "https://peer.test/a b?c", "orcid.client_id",
                "APP 1&x=y#é", "orcid.client_secret", SECRET,
                "orcid.authorize_url",
                "https://sandbox.orcid.org/oauth/authorize?lang=en", NULL);
    bz_buf_init(&url, 0);
    assert_int_equal(bz_orcid_authorize_url(&cfg, &secret, 1, 2, NOW, &url,
                                            &err),
                     BZ_OK);
    assert_int_equal(strncmp(url.data,
                             "https://sandbox.orcid.org/oauth/authorize?lang=en"
                             "&client_id=APP%201%26x%3Dy%23%C3%A9"
                             "&response_type=code&scope=%2Fauthenticate"
                             "&redirect_uri=https%3A%2F%2Fpeer.test%2Fa%20b%3F"
                             "c%2Foauth%2Forcid%2Fcallback&state=orcid-state.",
                             strlen("https://sandbox.orcid.org/oauth/authorize"
                                    "?lang=en&client_id=APP%201%26x%3Dy%23%C3"
                                    "%A9&response_type=code&scope=%2F"
                                    "authenticate&redirect_uri=https%3A%2F%2F"
                                    "peer.test%2Fa%20b%3Fc%2Foauth%2Forcid%2F"
                                    "callback&state=orcid-state.")),
                     0);
    assert_true(query_param(url.data, "client_id", got, sizeof(got)));
    assert_string_equal(got, "APP 1&x=y#é");
    assert_true(query_param(url.data, "redirect_uri", got, sizeof(got)));
    assert_string_equal(got, "https://peer.test/a b?c/oauth/orcid/callback");
    assert_null(strchr(url.data, ' '));
    assert_null(strchr(url.data, '#'));
    bz_buf_release(&url);
}

static void test_authorize_url_refusals(void **state)
{
    struct bz_secret secret;
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_buf url;

    (void)state;
    secret_of(&secret, 7);
    bz_buf_init(&url, 0);
    make_config(&cfg, NULL);
    assert_int_equal(bz_orcid_authorize_url(&cfg, &secret, 1, 2, NOW, &url,
                                            &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "not configured"));
    make_config(&cfg, "orcid.client_id", "A", "orcid.client_secret", "s",
                "orcid.authorize_url", "http://orcid.org/oauth/authorize",
                NULL);
    assert_int_equal(bz_orcid_authorize_url(&cfg, &secret, 1, 2, NOW, &url,
                                            &err),
                     BZ_INVALID);
    configured(&cfg);
    assert_int_equal(bz_orcid_authorize_url(&cfg, &secret, 0, 2, NOW, &url,
                                            &err),
                     BZ_INVALID);
    assert_true(url.data == NULL || url.len == 0);
    bz_buf_release(&url);
    bz_buf_init(&url, 64); /* too small */
    assert_int_equal(bz_orcid_authorize_url(&cfg, &secret, 1, 2, NOW, &url,
                                            &err),
                     BZ_NOMEM);
    bz_buf_release(&url);
}

/* --- token responses ---------------------------------------------------- */

static enum bz_status parse(const char *body, char *orcid, char *name,
                            struct bz_error *err)
{
    return bz_orcid_parse_token_response(body, strlen(body), orcid, name,
                                         err);
}

static void test_token_response_good(void **state)
{
    char orcid[BZ_ORCID_ID_SIZE], name[BZ_ORCID_NAME_SIZE];
    struct bz_error err = {0};

    (void)state;
    assert_int_equal(parse("{\"access_token\":\"f5af9f51-07e6-4332-8f1a-"
                           "c0c11c1e3728\",\"token_type\":\"bearer\","
                           "\"refresh_token\":\"f725f747-3a65-49f6-a231-"
                           "3e8944ce464d\",\"expires_in\":631138518,"
                           "\"scope\":\"/authenticate\",\"name\":\"Sofia "
                           "Garcia\",\"orcid\":\"0000-0001-2345-6789\"}",
                           orcid, name, &err),
                     BZ_OK);
    assert_string_equal(orcid, "0000-0001-2345-6789");
    assert_string_equal(name, "Sofia Garcia");

    /* only orcid is needed; a name that is null, absent or odd is "" */
    assert_int_equal(parse("{\"orcid\":\"0000-0002-1825-0097\"}", orcid, name,
                           &err),
                     BZ_OK);
    assert_string_equal(name, "");
    assert_int_equal(parse("{\"name\":null,\"orcid\":\"0000-0002-1694-233X\"}",
                           orcid, name, &err),
                     BZ_OK);
    assert_string_equal(orcid, "0000-0002-1694-233X");
    assert_string_equal(name, "");
    assert_int_equal(parse("{\"name\":{\"x\":1},\"orcid\":\"0000-0002-1825-"
                           "0097\",\"extra\":[1,2,{\"a\":null}]}",
                           orcid, name, &err),
                     BZ_OK);
    assert_string_equal(name, "");

    /* UTF-8 and escapes */
    assert_int_equal(parse("{\"orcid\":\"0000-0002-1825-0097\",\"name\":"
                           "\"Ren\\u00e9e O\\u2019Brien \xe6\x9d\x8e\"}",
                           orcid, name, &err),
                     BZ_OK);
    assert_string_equal(name, "Ren\xc3\xa9" "e O\xe2\x80\x99" "Brien "
                              "\xe6\x9d\x8e");

    /* a body with no NUL after it */
    {
        const char text[] = "{\"orcid\":\"0000-0002-1825-0097\"}";
        char *exact = malloc(sizeof(text) - 1);

        assert_non_null(exact);
        memcpy(exact, text, sizeof(text) - 1);
        assert_int_equal(bz_orcid_parse_token_response(exact,
                                                       sizeof(text) - 1,
                                                       orcid, name, &err),
                         BZ_OK);
        free(exact);
    }
}

static void test_token_response_long_name(void **state)
{
    char orcid[BZ_ORCID_ID_SIZE], name[BZ_ORCID_NAME_SIZE];
    struct bz_error err = {0};
    struct bz_buf body;
    int i;

    (void)state;
    bz_buf_init(&body, 0);
    bz_buf_puts(&body, "{\"orcid\":\"0000-0002-1825-0097\",\"name\":\"xy");
    for (i = 0; i < 300; i++)
        bz_buf_puts(&body, "\xc3\xa9"); /* two bytes each: the cut falls
                                           inside one */
    bz_buf_puts(&body, "\"}");
    assert_int_equal(bz_orcid_parse_token_response(body.data, body.len, orcid,
                                                   name, &err),
                     BZ_OK);
    assert_int_equal(strlen(name), 254); /* "xy" and 126 of them */
    assert_int_equal((unsigned char)name[252], 0xc3);
    assert_int_equal((unsigned char)name[253], 0xa9);
    bz_buf_release(&body);
}

static void test_token_response_bad(void **state)
{
    static const struct {
        const char *body;
        const char *message;
    } cases[] = {
        {"", "orcid: the token response is not JSON: "},
        {"not json", "orcid: the token response is not JSON: "},
        {"{\"orcid\":\"0000-0002-1825-0097\"", "is not JSON"},
        {"<html>502 Bad Gateway</html>", "is not JSON"},
        {"[{\"orcid\":\"0000-0002-1825-0097\"}]",
         "orcid: the token response is not a JSON object"},
        {"\"0000-0002-1825-0097\"", "is not a JSON object"},
        {"null", "is not a JSON object"},
        {"{}", "orcid: the token response has no 'orcid'"},
        {"{\"orcid\":null}", "has no 'orcid'"},
        {"{\"ORCID\":\"0000-0002-1825-0097\"}", "has no 'orcid'"},
        {"{\"orcid\":18250097}",
         "orcid: the token response's 'orcid' is not a string"},
        {"{\"orcid\":[\"0000-0002-1825-0097\"]}", "is not a string"},
        {"{\"orcid\":\"0000-0002-1825-0098\"}",
         "orcid: the token response's 'orcid' is not an ORCID iD"},
        {"{\"orcid\":\"0000-0002-1694-233x\"}", "is not an ORCID iD"},
        {"{\"orcid\":\"https://orcid.org/0000-0002-1825-0097\"}",
         "is not an ORCID iD"},
        {"{\"orcid\":\"0000000218250097\"}", "is not an ORCID iD"},
        {"{\"orcid\":\" 0000-0002-1825-0097\"}", "is not an ORCID iD"},
        {"{\"orcid\":\"0000-0002-1825-0097 \"}", "is not an ORCID iD"},
        {"{\"orcid\":\"0000-0002-1825-0097/\"}", "is not an ORCID iD"},
        {"{\"orcid\":\"0000-0002-1825-009\"}", "is not an ORCID iD"},
        {"{\"orcid\":\"0000-0002-1825-00977\"}", "is not an ORCID iD"},
        {"{\"orcid\":\"0000_0002_1825_0097\"}", "is not an ORCID iD"},
        {"{\"orcid\":\"\"}", "is not an ORCID iD"},
        {"{\"orcid\":\"0000-0002-1825-0097\",\"orcid\":\"0000-0001-2345-"
         "6789\"}",
         "orcid: the token response has 'orcid' twice"},
        {"{\"orcid\":\"0000-0002-1825-0097\",\"name\":\"\xff\"}",
         "invalid UTF-8"},
        {"{\"error\":\"invalid_grant\",\"error_description\":\"Invalid "
         "authorization code: a1B2c3\"}",
         "has no 'orcid'"},
    };
    char orcid[BZ_ORCID_ID_SIZE], name[BZ_ORCID_NAME_SIZE];
    struct bz_error err = {0};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        strcpy(orcid, "junk");
        strcpy(name, "junk");
        if (parse(cases[i].body, orcid, name, &err) != BZ_INVALID)
            fail_msg("took '%s'", cases[i].body);
        if (strstr(err.message, cases[i].message) == NULL)
            fail_msg("'%s' gave '%s'", cases[i].body, err.message);
        assert_string_equal(orcid, "");
        assert_string_equal(name, "");
        assert_null(strstr(err.message, "a1B2c3"));
    }
}

static void test_token_response_odd(void **state)
{
    char orcid[BZ_ORCID_ID_SIZE], name[BZ_ORCID_NAME_SIZE];
    struct bz_error err = {0};
    struct bz_buf body;
    size_t i;

    (void)state;
    /* a NUL inside */
    assert_int_equal(bz_orcid_parse_token_response(
                         "{\"orcid\":\"0000-0002-1825-0097\"}\0x", 33, orcid,
                         name, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "NUL"));

    /* nested past yajl's comfort */
    bz_buf_init(&body, 0);
    bz_buf_puts(&body, "{\"orcid\":\"0000-0002-1825-0097\",\"x\":");
    for (i = 0; i < 5000; i++)
        bz_buf_putc(&body, '[');
    for (i = 0; i < 5000; i++)
        bz_buf_putc(&body, ']');
    bz_buf_putc(&body, '}');
    assert_int_equal(bz_orcid_parse_token_response(body.data, body.len, orcid,
                                                   name, &err),
                     BZ_INVALID);
    bz_buf_release(&body);

    /* huge: refused before parsing, even when it is good JSON */
    bz_buf_init(&body, 0);
    bz_buf_puts(&body, "{\"orcid\":\"0000-0002-1825-0097\",\"pad\":\"");
    while (body.len <= BZ_ORCID_RESPONSE_MAX)
        bz_buf_puts(&body, "xxxxxxxxxxxxxxxx");
    bz_buf_puts(&body, "\"}");
    assert_int_equal(bz_orcid_parse_token_response(body.data, body.len, orcid,
                                                   name, &err),
                     BZ_TOO_LARGE);
    assert_non_null(strstr(err.message, "larger than 65536 bytes"));
    bz_buf_release(&body);

    /* exactly at the cap is fine */
    bz_buf_init(&body, 0);
    bz_buf_puts(&body, "{\"orcid\":\"0000-0002-1825-0097\",\"pad\":\"");
    while (body.len < BZ_ORCID_RESPONSE_MAX - 2)
        bz_buf_putc(&body, 'x');
    bz_buf_puts(&body, "\"}");
    assert_int_equal(body.len, BZ_ORCID_RESPONSE_MAX);
    assert_int_equal(bz_orcid_parse_token_response(body.data, body.len, orcid,
                                                   name, &err),
                     BZ_OK);
    bz_buf_release(&body);

    /* the error message never quotes the tokens */
    assert_int_equal(parse("{\"access_token\":\"tok-SECRET-1\",\"orcid\":"
                           "\"0000-0002-1825-0098\"}",
                           orcid, name, &err),
                     BZ_INVALID);
    assert_null(strstr(err.message, "tok-SECRET-1"));
    assert_int_equal(parse("{\"access_token\":\"tok-SECRET-1\" oops}", orcid,
                           name, &err),
                     BZ_INVALID);
    assert_null(strstr(err.message, "tok-SECRET-1"));
    assert_null(strchr(err.message, '\n'));
}

/* --- checksums ---------------------------------------------------------- */

static int is_good_id(const char *id)
{
    char body[64], orcid[BZ_ORCID_ID_SIZE], name[BZ_ORCID_NAME_SIZE];

    snprintf(body, sizeof(body), "{\"orcid\":\"%s\"}", id);
    return parse(body, orcid, name, NULL) == BZ_OK;
}

static void test_checksum(void **state)
{
    static const char *const good[] = {
        "0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X",
        "0000-0001-2345-6789", "0000-0003-1415-9269",
    };
    char id[BZ_ORCID_ID_SIZE];
    size_t i, k;
    int valid;

    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        if (!is_good_id(good[i]))
            fail_msg("refused '%s'", good[i]);
        /* any one digit changed breaks the check digit (11,2 catches every
         * single-digit error) */
        for (k = 0; k < 19; k++) {
            char d;

            if (good[i][k] == '-')
                continue;
            for (d = '0'; d <= '9'; d++) {
                if (d == good[i][k])
                    continue;
                memcpy(id, good[i], sizeof(id));
                id[k] = d;
                if (is_good_id(id))
                    fail_msg("took '%s'", id);
            }
        }
    }

    /* exactly one check character is right for each body */
    for (k = 0; k < 11; k++) {
        valid = 0;
        memcpy(id, "0000-0002-1825-009?", sizeof(id));
        id[18] = k == 10 ? 'X' : (char)('0' + k);
        valid += is_good_id(id);
        assert_int_equal(valid, k == 7);
    }
}

/* --- the callback, before the network ----------------------------------- */

static void test_callback_refusals(void **state)
{
    struct bz_secret secret, other;
    struct bz_config cfg;
    struct bz_error err = {0};
    char value[BZ_SIGN_SIZE], orcid[BZ_ORCID_ID_SIZE];
    char name[BZ_ORCID_NAME_SIZE], code[BZ_ORCID_CODE_MAX + 2];
    int64_t account = -1, researcher = -1;

    (void)state;
    secret_of(&secret, 7);
    secret_of(&other, 8);
    configured(&cfg);
    assert_int_equal(bz_orcid_state_make(&secret, 5, 6, NOW, value, &err),
                     BZ_OK);

    /* the state is checked first: no connection is tried (that would be
     * BZ_IO, as nothing listens at the token_url) */
    assert_int_equal(bz_orcid_callback(&cfg, &other, "abc123", value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_INVALID);
    assert_string_equal(err.message, "orcid: the sign-in link is not valid");
    assert_int_equal(account, 0);
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "abc123", value,
                                       strlen(value), NOW + 601, &account,
                                       &researcher, orcid, name, &err),
                     BZ_GONE);
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "abc123", NULL, 0, NOW,
                                       &account, &researcher, orcid, name,
                                       &err),
                     BZ_INVALID);

    /* then the code */
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "", value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_INVALID);
    assert_string_equal(err.message,
                        "orcid: the authorization code is missing or "
                        "malformed");
    assert_int_equal(bz_orcid_callback(&cfg, &secret, NULL, value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_INVALID);
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "ab c", value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_INVALID);
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "ab\r\nc", value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_INVALID);
    memset(code, 'a', BZ_ORCID_CODE_MAX + 1);
    code[BZ_ORCID_CODE_MAX + 1] = '\0';
    assert_int_equal(bz_orcid_callback(&cfg, &secret, code, value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_INVALID);

    /* then the settings: a server fault, not the person's */
    make_config(&cfg, "orcid.client_id", "A", NULL);
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "abc123", value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_IO);
    assert_non_null(strstr(err.message, "not configured"));
    make_config(&cfg, "orcid.client_id", "A", "orcid.client_secret", SECRET,
                "orcid.token_url", "http://orcid.org/oauth/token", NULL);
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "abc123", value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_IO);
    assert_non_null(strstr(err.message, "must be https"));

    /* and nothing listening: a clear error, without the secret */
    configured(&cfg);
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "abc123", value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_IO);
    assert_int_equal(strncmp(err.message,
                             "orcid: the token exchange failed: ", 34),
                     0);
    assert_null(strstr(err.message, SECRET));
    assert_null(strstr(err.message, "abc123"));
    assert_int_equal(account, 0);
    assert_int_equal(researcher, 0);
    assert_string_equal(orcid, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_configured),
        cmocka_unit_test(test_config_from_environment),
        cmocka_unit_test(test_check_config),
        cmocka_unit_test(test_redirect_uri),
        cmocka_unit_test(test_state_round_trip),
        cmocka_unit_test(test_state_expiry),
        cmocka_unit_test(test_state_tamper),
        cmocka_unit_test(test_state_odd_subjects),
        cmocka_unit_test(test_authorize_url),
        cmocka_unit_test(test_authorize_url_escaping),
        cmocka_unit_test(test_authorize_url_refusals),
        cmocka_unit_test(test_token_response_good),
        cmocka_unit_test(test_token_response_long_name),
        cmocka_unit_test(test_token_response_bad),
        cmocka_unit_test(test_token_response_odd),
        cmocka_unit_test(test_checksum),
        cmocka_unit_test(test_callback_refusals),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
