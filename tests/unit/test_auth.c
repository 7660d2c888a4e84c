/* test_auth.c - password hashes and rules, tokens, the secret, signed
 * values and CSRF tokens (src/auth/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "auth/auth.h"
#include "auth/csrf.h"
#include "auth/password.h"
#include "auth/secret.h"
#include "auth/sign.h"
#include "auth/token.h"

#define HASH_PREFIX "$argon2id$"
#define SESSION_HASH \
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define NOW INT64_C(1767225600)

static const char base64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* A copy of the n bytes at s with no NUL after them, so that a read past
 * the end is caught by AddressSanitizer. Free it. */
static char *exact_copy(const char *s, size_t n)
{
    char *copy = malloc(n ? n : 1);

    assert_non_null(copy);
    memcpy(copy, s, n);
    return copy;
}

/* CPU time of this thread: a hash's cost, whatever else the machine runs
 * meanwhile (a loaded CI machine stretches wall time, not this). */
static double elapsed_ms(const struct timespec *start)
{
    struct timespec end;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    return (double)(end.tv_sec - start->tv_sec) * 1e3 +
           (double)(end.tv_nsec - start->tv_nsec) / 1e6;
}

static void secret_of(struct bz_secret *secret, unsigned char fill)
{
    memset(secret->bytes, fill, sizeof(secret->bytes));
}

/* main() sets BZPEER_TEST_CHEAP_HASH=1, which must take effect. */
static int setup_cheap(void **state)
{
    (void)state;
    return bz_password_get_cost() == BZ_PASSWORD_COST_TEST ? 0 : -1;
}

static void test_init(void **state)
{
    struct bz_error err;

    (void)state;
    assert_int_equal(bz_auth_init(&err), BZ_OK);
    assert_int_equal(bz_auth_init(NULL), BZ_OK);
}

/* Passwords. */

static void test_password_hash_and_verify(void **state)
{
    const char *pw = "correct horse battery staple";
    char hash[BZ_PASSWORD_HASH_SIZE], again[BZ_PASSWORD_HASH_SIZE];
    struct bz_error err;

    (void)state;
    assert_int_equal(bz_password_hash(pw, strlen(pw), hash, sizeof(hash),
                                      &err),
                     BZ_OK);
    assert_memory_equal(hash, HASH_PREFIX, strlen(HASH_PREFIX));
    assert_true(bz_password_verify(hash, pw, strlen(pw)));
    assert_false(bz_password_verify(hash, pw, strlen(pw) - 1));
    assert_false(bz_password_verify(hash, "Correct horse battery staple",
                                    strlen(pw)));
    assert_false(bz_password_verify(hash, "", 0));

    /* A fresh salt each time. */
    assert_int_equal(bz_password_hash(pw, strlen(pw), again, sizeof(again),
                                      &err),
                     BZ_OK);
    assert_string_not_equal(hash, again);
    assert_true(bz_password_verify(again, pw, strlen(pw)));

    /* Bytes after a NUL count: the length is what is hashed. */
    assert_int_equal(bz_password_hash("abc\0def", 7, hash, sizeof(hash),
                                      &err),
                     BZ_OK);
    assert_true(bz_password_verify(hash, "abc\0def", 7));
    assert_false(bz_password_verify(hash, "abc", 3));
}

static void test_password_verify_refuses_other_hashes(void **state)
{
    const char *pw = "correct horse battery staple";
    char hash[BZ_PASSWORD_HASH_SIZE];

    (void)state;
    assert_int_equal(bz_password_hash(pw, strlen(pw), hash, sizeof(hash),
                                      NULL),
                     BZ_OK);
    assert_false(bz_password_verify(NULL, pw, strlen(pw)));
    assert_false(bz_password_verify("", pw, strlen(pw)));
    assert_false(bz_password_verify("$argon2id$", pw, strlen(pw)));
    assert_false(bz_password_verify("plain text", pw, strlen(pw)));
    /* The same string labelled Argon2i is not taken. */
    memcpy(hash, "$argon2i$ ", 10);
    memmove(hash + 9, hash + 10, strlen(hash + 10) + 1);
    assert_false(bz_password_verify(hash, pw, strlen(pw)));
}

static void test_password_hash_limits(void **state)
{
    char hash[BZ_PASSWORD_HASH_SIZE];
    char *big = malloc(BZ_PASSWORD_MAX_BYTES + 1);
    struct bz_error err;

    (void)state;
    assert_non_null(big);
    memset(big, 'x', BZ_PASSWORD_MAX_BYTES + 1);
    assert_int_equal(bz_password_hash(big, BZ_PASSWORD_MAX_BYTES + 1, hash,
                                      sizeof(hash), &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "too long"));
    assert_int_equal(bz_password_hash(big, BZ_PASSWORD_MAX_BYTES, hash,
                                      sizeof(hash), &err),
                     BZ_OK);
    assert_true(bz_password_verify(hash, big, BZ_PASSWORD_MAX_BYTES));
    assert_false(bz_password_verify(hash, big, BZ_PASSWORD_MAX_BYTES + 1));
    assert_int_equal(bz_password_hash("abcdefghijk", 11, hash, 64, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "buffer too small"));
    free(big);
}

static void test_password_needs_rehash(void **state)
{
    const char *pw = "correct horse battery staple";
    char hash[BZ_PASSWORD_HASH_SIZE];

    (void)state;
    assert_int_equal(bz_password_hash(pw, strlen(pw), hash, sizeof(hash),
                                      NULL),
                     BZ_OK);
    assert_false(bz_password_needs_rehash(hash));
    assert_true(bz_password_needs_rehash(""));
    assert_true(bz_password_needs_rehash(NULL));
    assert_true(bz_password_needs_rehash("$argon2i$v=19$m=8,t=1,p=1$AAAA"
                                         "AAAAAAAAAAAAAAAAAA$AAAAAAAAAAAA"
                                         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

    /* A hash made at the test cost is flagged at the normal one. */
    bz_password_set_cost(BZ_PASSWORD_COST_NORMAL);
    assert_true(bz_password_needs_rehash(hash));
    bz_password_set_cost(BZ_PASSWORD_COST_TEST);
}

/* At the normal cost a verify takes tens of milliseconds; the dummy verify
 * must take as long, or its quickness would tell that no account has the
 * email. The bounds are loose so that a loaded machine does not fail it. */
static void test_password_normal_cost_and_dummy(void **state)
{
    const char *pw = "correct horse battery staple";
    char hash[BZ_PASSWORD_HASH_SIZE];
    struct timespec start;
    double wrong_ms, dummy_ms;

    (void)state;
    bz_password_set_cost(BZ_PASSWORD_COST_NORMAL);
    assert_int_equal(bz_password_get_cost(), BZ_PASSWORD_COST_NORMAL);
    assert_int_equal(bz_password_hash(pw, strlen(pw), hash, sizeof(hash),
                                      NULL),
                     BZ_OK);
    assert_memory_equal(hash, "$argon2id$v=19$m=65536,t=2,p=1$", 31);
    assert_false(bz_password_needs_rehash(hash));

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    assert_false(bz_password_verify(hash, "wrong password", 14));
    wrong_ms = elapsed_ms(&start);

    assert_false(bz_password_verify_dummy(pw, strlen(pw))); /* makes it */
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    assert_false(bz_password_verify_dummy("wrong password", 14));
    dummy_ms = elapsed_ms(&start);

    print_message("normal cost: wrong password %.1f ms, dummy %.1f ms\n",
                  wrong_ms, dummy_ms);
    assert_true(wrong_ms >= 1.0);
    assert_true(dummy_ms >= 1.0);
    assert_true(dummy_ms >= wrong_ms / 4 && dummy_ms <= wrong_ms * 4);
    bz_password_set_cost(BZ_PASSWORD_COST_TEST);
}

static void test_password_dummy_at_test_cost(void **state)
{
    (void)state;
    assert_false(bz_password_verify_dummy("anything at all", 15));
    assert_false(bz_password_verify_dummy("", 0));
    assert_false(bz_password_verify_dummy("x", BZ_PASSWORD_MAX_BYTES + 1));
}

struct rule_case {
    const char *password;
    const char *email;
    const char *message; /* a part of the message, or NULL for BZ_OK */
};

static void test_password_rules(void **state)
{
    static const struct rule_case cases[] = {
        {"correct horse battery staple", "alice@example.org", NULL},
        {"tr0ub4dor&3x", NULL, NULL},
        {"gänseblümchen", NULL, NULL},          /* 13 characters */
        {"1234567890123456", NULL, NULL},       /* digits, but long */
        {"alice@example.org!", "bob@example.org", NULL},
        {"short", NULL, "too short: 5 characters, at least 10"},
        {"äöüäöüäöü", NULL, "too short: 9 characters"}, /* 18 bytes */
        {"tab\tinside it", NULL, "control characters"},
        {"line\nbreak in it", NULL, "control characters"},
        {"\xff\xfe not utf-8 at all", NULL, "not valid UTF-8"},
        {"aaaaaaaaaaaa", NULL, "one character repeated"},
        {"ééééééééééé", NULL, "one character repeated"},
        {"12345678901", NULL, "digits only"},
        {"alice@example.org", "alice@example.org", "your email address"},
        {"ALICE@Example.org", "alice@example.org", "your email address"},
        {"alice.smith", "alice.smith@example.org", "before '@'"},
        {"Alice.Smith1987", "alice.smith@example.org", "before '@'"},
        {"password", NULL, "too short"},
        {"password123", NULL, "too common"},
        {"Password2024!", NULL, "too common"},
        {"qwertyuiop", NULL, "too common"},
        {"QWERTYUIOP", NULL, "too common"},
        {"1q2w3e4r5t", NULL, "too common"},
        {"letmein!!!!", NULL, "too common"},
        {"!!iloveyou!!", NULL, "too common"},
        {"abc1234567", NULL, "too common"},
    };
    struct bz_error err;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct rule_case *c = &cases[i];
        char *pw = exact_copy(c->password, strlen(c->password));
        enum bz_status rc;

        bz_error_clear(&err);
        rc = bz_password_check(pw, strlen(c->password), c->email, &err);
        if (c->message == NULL) {
            if (rc != BZ_OK)
                fail_msg("case %zu: refused with '%s'", i, err.message);
        } else {
            assert_int_equal(rc, BZ_INVALID);
            if (strstr(err.message, c->message) == NULL)
                fail_msg("case %zu: '%s' lacks '%s'", i, err.message,
                         c->message);
        }
        free(pw);
    }
}

static void test_password_rule_limits(void **state)
{
    char *pw = malloc(BZ_PASSWORD_MAX_BYTES + 1);
    struct bz_error err;

    (void)state;
    assert_non_null(pw);
    for (size_t i = 0; i <= BZ_PASSWORD_MAX_BYTES; i++)
        pw[i] = "abcdefghij"[i % 10];
    assert_int_equal(bz_password_check(pw, BZ_PASSWORD_MAX_BYTES, NULL,
                                       &err),
                     BZ_OK);
    assert_int_equal(bz_password_check(pw, BZ_PASSWORD_MAX_BYTES + 1, NULL,
                                       &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "at most 1024 bytes"));
    /* A NUL inside is a control character, not the end. */
    assert_int_equal(bz_password_check("abcdefghij\0klm", 14, NULL, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "control characters"));
    /* An empty email is no email. */
    assert_int_equal(bz_password_check("correct horse", 13, "", &err),
                     BZ_OK);
    free(pw);
}

/* Tokens. */

static int compare_tokens(const void *a, const void *b)
{
    return memcmp(a, b, BZ_TOKEN_SIZE);
}

static void test_token_new(void **state)
{
    enum { DRAWS = 2000 };
    char (*tokens)[BZ_TOKEN_SIZE] = calloc(DRAWS, BZ_TOKEN_SIZE);
    struct bz_error err;

    (void)state;
    assert_non_null(tokens);
    for (size_t i = 0; i < DRAWS; i++) {
        assert_int_equal(bz_token_new(tokens[i], &err), BZ_OK);
        assert_int_equal(strlen(tokens[i]), BZ_TOKEN_LENGTH);
        assert_int_equal(strspn(tokens[i], base64url), BZ_TOKEN_LENGTH);
        assert_int_equal(bz_token_check(tokens[i], BZ_TOKEN_LENGTH, &err),
                         BZ_OK);
    }
    qsort(tokens, DRAWS, BZ_TOKEN_SIZE, compare_tokens);
    for (size_t i = 1; i < DRAWS; i++)
        assert_string_not_equal(tokens[i - 1], tokens[i]);
    free(tokens);
}

static void test_token_check(void **state)
{
    char token[BZ_TOKEN_SIZE], bad[BZ_TOKEN_SIZE];
    struct bz_error err;

    (void)state;
    assert_int_equal(bz_token_new(token, NULL), BZ_OK);
    assert_int_equal(bz_token_check(token, BZ_TOKEN_LENGTH - 1, &err),
                     BZ_INVALID);
    assert_int_equal(bz_token_check("", 0, &err), BZ_INVALID);
    memcpy(bad, token, sizeof(bad));
    bad[5] = '+';
    assert_int_equal(bz_token_check(bad, BZ_TOKEN_LENGTH, &err), BZ_INVALID);
    bad[5] = '=';
    assert_int_equal(bz_token_check(bad, BZ_TOKEN_LENGTH, &err), BZ_INVALID);
    bad[5] = ' ';
    assert_int_equal(bz_token_check(bad, BZ_TOKEN_LENGTH, &err), BZ_INVALID);
    assert_null(strstr(err.message, token)); /* never quoted */
    /* The last character carries 2 unused bits, which must be zero: 'B'
     * (000001) is a second spelling of the bytes 'A' (000000) gives. */
    memcpy(bad, token, sizeof(bad));
    bad[BZ_TOKEN_LENGTH - 1] = 'A';
    assert_int_equal(bz_token_check(bad, BZ_TOKEN_LENGTH, &err), BZ_OK);
    bad[BZ_TOKEN_LENGTH - 1] = 'B';
    assert_int_equal(bz_token_check(bad, BZ_TOKEN_LENGTH, &err), BZ_INVALID);
}

static void test_token_api(void **state)
{
    char token[BZ_TOKEN_API_SIZE], bad[BZ_TOKEN_API_SIZE + 1];
    struct bz_error err;
    char *copy;

    (void)state;
    assert_int_equal(bz_token_api_new(token, &err), BZ_OK);
    assert_int_equal(strlen(token), BZ_TOKEN_API_LENGTH);
    assert_memory_equal(token, "bzp_", 4);
    copy = exact_copy(token, BZ_TOKEN_API_LENGTH);
    assert_int_equal(bz_token_api_check(copy, BZ_TOKEN_API_LENGTH, &err),
                     BZ_OK);
    free(copy);

    assert_int_equal(bz_token_api_check(token + 4, BZ_TOKEN_LENGTH, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "start with 'bzp_'"));
    assert_int_equal(bz_token_api_check("bzp", 3, &err), BZ_INVALID);
    assert_int_equal(bz_token_api_check("bzp_", 4, &err), BZ_INVALID);
    assert_int_equal(bz_token_api_check(token, BZ_TOKEN_API_LENGTH - 1,
                                        &err),
                     BZ_INVALID);
    memcpy(bad, token, BZ_TOKEN_API_SIZE);
    bad[0] = 'B';
    assert_int_equal(bz_token_api_check(bad, BZ_TOKEN_API_LENGTH, &err),
                     BZ_INVALID);
    memcpy(bad, token, BZ_TOKEN_API_SIZE);
    bad[3] = '-';
    assert_int_equal(bz_token_api_check(bad, BZ_TOKEN_API_LENGTH, &err),
                     BZ_INVALID);
    memcpy(bad, token, BZ_TOKEN_API_SIZE);
    bad[BZ_TOKEN_API_LENGTH] = ' ';
    assert_int_equal(bz_token_api_check(bad, BZ_TOKEN_API_LENGTH + 1, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "base64url"));
    assert_null(strstr(err.message, token + 4));
}

static void test_token_hash(void **state)
{
    char hash[BZ_TOKEN_HASH_SIZE], again[BZ_TOKEN_HASH_SIZE];
    char token[BZ_TOKEN_SIZE];

    (void)state;
    /* BLAKE2b with a 32-byte digest, unkeyed. */
    assert_int_equal(bz_token_hash("abc", 3, hash, NULL), BZ_OK);
    assert_string_equal(hash, "bddd813c634239723171ef3fee98579b"
                              "94964e3bb1cb3e427262c8c068d52319");

    assert_int_equal(bz_token_new(token, NULL), BZ_OK);
    assert_int_equal(bz_token_hash(token, BZ_TOKEN_LENGTH, hash, NULL),
                     BZ_OK);
    assert_int_equal(bz_token_hash(token, BZ_TOKEN_LENGTH, again, NULL),
                     BZ_OK);
    assert_string_equal(hash, again);
    assert_int_equal(strlen(hash), BZ_TOKEN_HASH_LENGTH);
    assert_int_equal(strspn(hash, "0123456789abcdef"), BZ_TOKEN_HASH_LENGTH);
    token[0] = token[0] == 'a' ? 'b' : 'a';
    assert_int_equal(bz_token_hash(token, BZ_TOKEN_LENGTH, again, NULL),
                     BZ_OK);
    assert_string_not_equal(hash, again);
}

static void test_token_equal(void **state)
{
    (void)state;
    assert_true(bz_token_equal("abcdef", 6, "abcdef", 6));
    assert_false(bz_token_equal("abcdef", 6, "abcdeg", 6));
    assert_false(bz_token_equal("abcdef", 6, "bbcdef", 6));
    assert_false(bz_token_equal("abcdef", 6, "abcde", 5));
    assert_false(bz_token_equal("abcdef", 6, "abcdefg", 7));
    assert_true(bz_token_equal("", 0, "", 0));
}

/* The secret. */

static void test_secret(void **state)
{
    struct bz_secret secret, other;
    char hex[BZ_SECRET_HEX_SIZE], upper[BZ_SECRET_HEX_SIZE];
    struct bz_error err;

    (void)state;
    assert_int_equal(bz_secret_new(&secret, &err), BZ_OK);
    assert_int_equal(bz_secret_new(&other, &err), BZ_OK);
    assert_memory_not_equal(secret.bytes, other.bytes, BZ_SECRET_BYTES);

    bz_secret_format(&secret, hex);
    assert_int_equal(strlen(hex), BZ_SECRET_HEX_LENGTH);
    assert_int_equal(bz_secret_parse(hex, BZ_SECRET_HEX_LENGTH, &other, &err),
                     BZ_OK);
    assert_memory_equal(secret.bytes, other.bytes, BZ_SECRET_BYTES);
    for (size_t i = 0; i < sizeof(upper); i++)
        upper[i] = (char)(hex[i] >= 'a' ? hex[i] - 32 : hex[i]);
    assert_int_equal(bz_secret_parse(upper, BZ_SECRET_HEX_LENGTH, &other,
                                     &err),
                     BZ_OK);
    assert_memory_equal(secret.bytes, other.bytes, BZ_SECRET_BYTES);

    assert_int_equal(bz_secret_parse(hex, BZ_SECRET_HEX_LENGTH - 1, &other,
                                     &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "64 hexadecimal"));
    assert_int_equal(bz_secret_parse("", 0, &other, &err), BZ_INVALID);
    hex[10] = 'g';
    assert_int_equal(bz_secret_parse(hex, BZ_SECRET_HEX_LENGTH, &other,
                                     &err),
                     BZ_INVALID);
    assert_null(strstr(err.message, hex));
    hex[10] = ' ';
    assert_int_equal(bz_secret_parse(hex, BZ_SECRET_HEX_LENGTH, &other,
                                     &err),
                     BZ_INVALID);
    bz_secret_release(&secret);
    for (size_t i = 0; i < BZ_SECRET_BYTES; i++)
        assert_int_equal(secret.bytes[i], 0);
}

/* Signed values. */

static enum bz_status check_exact(const struct bz_secret *secret,
                                  const char *purpose, const char *s,
                                  size_t len, int64_t now, char *subject)
{
    char *copy = exact_copy(s, len);
    enum bz_status rc;

    rc = bz_sign_check(secret, purpose, copy, len, now, subject, NULL);
    free(copy);
    return rc;
}

static void test_sign_round_trip(void **state)
{
    struct bz_secret secret;
    char value[BZ_SIGN_SIZE], subject[BZ_SIGN_SUBJECT_SIZE];
    struct bz_error err;

    (void)state;
    secret_of(&secret, 7);
    assert_int_equal(bz_sign_make(&secret, "verify-email",
                                  "R12 alice@example.org", NOW + 3600,
                                  value, &err),
                     BZ_OK);
    assert_int_equal(strncmp(value, "verify-email.1767229200.", 24), 0);
    for (const char *p = value; *p; p++)
        assert_true(strchr(base64url, *p) != NULL || *p == '.');
    assert_int_equal(bz_sign_check(&secret, "verify-email", value,
                                   strlen(value), NOW, subject, &err),
                     BZ_OK);
    assert_string_equal(subject, "R12 alice@example.org");
    assert_int_equal(check_exact(&secret, "verify-email", value,
                                 strlen(value), NOW + 3599, subject),
                     BZ_OK);
}

static void test_sign_expiry_purpose_key(void **state)
{
    struct bz_secret secret, other;
    char value[BZ_SIGN_SIZE], subject[BZ_SIGN_SUBJECT_SIZE];
    size_t len;
    struct bz_error err;

    (void)state;
    secret_of(&secret, 7);
    secret_of(&other, 8);
    assert_int_equal(bz_sign_make(&secret, "reset-password", "R12 x", NOW,
                                  value, &err),
                     BZ_OK);
    len = strlen(value);
    assert_int_equal(bz_sign_check(&secret, "reset-password", value, len,
                                   NOW, subject, &err),
                     BZ_GONE);
    assert_string_equal(subject, "");
    assert_non_null(strstr(err.message, "expired"));
    assert_int_equal(check_exact(&secret, "reset-password", value, len,
                                 NOW + 86400, subject),
                     BZ_GONE);
    assert_int_equal(check_exact(&secret, "reset-password", value, len,
                                 NOW - 1, subject),
                     BZ_OK);
    assert_int_equal(bz_sign_check(&secret, "verify-email", value, len,
                                   NOW - 1, subject, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "another purpose"));
    assert_int_equal(check_exact(&secret, "reset-passwor", value, len,
                                 NOW - 1, subject),
                     BZ_INVALID);
    assert_int_equal(bz_sign_check(&other, "reset-password", value, len,
                                   NOW - 1, subject, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "bad signature"));
    /* An expired value under another key is a forgery, not expired. */
    assert_int_equal(check_exact(&other, "reset-password", value, len,
                                 NOW + 1, subject),
                     BZ_INVALID);
}

/* Every single-byte change, and every truncation, is refused. */
static void test_sign_tamper(void **state)
{
    static const char replacements[] = "Aa0-_.=+/ \x80";
    struct bz_secret secret;
    char value[BZ_SIGN_SIZE], subject[BZ_SIGN_SUBJECT_SIZE];
    size_t len;

    (void)state;
    secret_of(&secret, 7);
    assert_int_equal(bz_sign_make(&secret, "verify-email",
                                  "R12 alice@example.org", NOW + 60, value,
                                  NULL),
                     BZ_OK);
    len = strlen(value);
    for (size_t i = 0; i < len; i++) {
        char saved = value[i];

        for (const char *r = replacements; *r; r++) {
            if (*r == saved)
                continue;
            value[i] = *r;
            if (check_exact(&secret, "verify-email", value, len, NOW,
                            subject) != BZ_INVALID)
                fail_msg("byte %zu set to 0x%02x was accepted", i,
                         (unsigned char)*r);
            assert_string_equal(subject, "");
        }
        value[i] = saved;
    }
    for (size_t n = 0; n < len; n++)
        assert_int_equal(check_exact(&secret, "verify-email", value, n, NOW,
                                     subject),
                         BZ_INVALID);
    value[len] = 'A';
    assert_int_equal(check_exact(&secret, "verify-email", value, len + 1, NOW,
                                 subject),
                     BZ_INVALID);
}

static void test_sign_garbage(void **state)
{
    static const char *const garbage[] = {
        "", ".", "...", "....", "a.b.c.d", "a.1.b.c.d",
        "verify-email.1767229200..AAAA",
        "verify-email.1767229200.UjEy.",
        ".1767229200.UjEy.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ("verify-email.1767229200.UjEy."
         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        "verify-email.-1.UjEy.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "\xff\xfe\x00\x01",
    };
    struct bz_secret secret;
    char subject[BZ_SIGN_SUBJECT_SIZE];
    char *big = malloc(4 * BZ_SIGN_SIZE);
    struct bz_error err;

    (void)state;
    secret_of(&secret, 7);
    for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++)
        assert_int_equal(check_exact(&secret, "verify-email", garbage[i],
                                     strlen(garbage[i]), NOW, subject),
                         BZ_INVALID);
    assert_non_null(big);
    memset(big, 'A', 4 * BZ_SIGN_SIZE);
    assert_int_equal(bz_sign_check(&secret, "verify-email", big,
                                   4 * BZ_SIGN_SIZE, NOW, subject, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "too long"));
    memset(big, '.', 4 * BZ_SIGN_SIZE);
    assert_int_equal(check_exact(&secret, "verify-email", big,
                                 BZ_SIGN_MAX_LENGTH, NOW, subject),
                     BZ_INVALID);
    free(big);
}

/* Signs body as bz_sign_make does, whatever it holds, so that values that
 * are genuine but malformed inside can be tried. */
static void forge(const struct bz_secret *secret, const char *body,
                  char out[BZ_SIGN_SIZE * 2])
{
    unsigned char mac[BZ_SECRET_MAC_BYTES];
    size_t n = strlen(body);

    bz_secret_mac(secret, "bzpeer sign 1", body, n, mac);
    memcpy(out, body, n);
    out[n++] = '.';
    sodium_bin2base64(out + n, BZ_SIGN_SIZE * 2 - n, mac, sizeof(mac),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void test_sign_genuine_but_malformed(void **state)
{
    static const char *const bodies[] = {
        "verify-email.9223372036854775808.UjEy",  /* past INT64_MAX */
        "verify-email.99999999999999999999.UjEy", /* 20 digits */
        "verify-email.01767229200.UjEy",          /* leading zero */
        "verify-email.+1767229200.UjEy",
        "verify-email.1767229200.UjE=",           /* padding */
        "verify-email.1767229200.UjF",            /* unused bits set */
        "verify-email.1767229200.AA",             /* a NUL in it */
        "verify-email.1767229200.U",              /* not whole bytes */
    };
    struct bz_secret secret;
    char value[BZ_SIGN_SIZE * 2], subject[BZ_SIGN_SUBJECT_SIZE];

    (void)state;
    secret_of(&secret, 7);
    forge(&secret, "verify-email.9223372036854775807.UjEy", value);
    assert_int_equal(check_exact(&secret, "verify-email", value,
                                 strlen(value), NOW, subject),
                     BZ_OK);
    assert_string_equal(subject, "R12");
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        forge(&secret, bodies[i], value);
        if (check_exact(&secret, "verify-email", value, strlen(value), NOW,
                        subject) != BZ_INVALID)
            fail_msg("'%s' was not refused", bodies[i]);
        assert_string_equal(subject, "");
    }
}

static void test_sign_limits(void **state)
{
    struct bz_secret secret;
    char value[BZ_SIGN_SIZE], subject[BZ_SIGN_SUBJECT_SIZE];
    char long_subject[BZ_SIGN_SUBJECT_MAX + 2];
    struct bz_error err;

    (void)state;
    secret_of(&secret, 7);
    memset(long_subject, '\xe9', sizeof(long_subject));
    long_subject[BZ_SIGN_SUBJECT_MAX] = '\0';
    assert_int_equal(bz_sign_make(&secret, "abcdefghijklmnopqrstuvwxyz_-0123",
                                  long_subject, INT64_MAX, value, &err),
                     BZ_OK);
    assert_int_equal(strlen(value), BZ_SIGN_MAX_LENGTH);
    assert_int_equal(check_exact(&secret, "abcdefghijklmnopqrstuvwxyz_-0123",
                                 value, BZ_SIGN_MAX_LENGTH, NOW, subject),
                     BZ_OK);
    assert_string_equal(subject, long_subject);

    long_subject[BZ_SIGN_SUBJECT_MAX] = 'x';
    long_subject[BZ_SIGN_SUBJECT_MAX + 1] = '\0';
    assert_int_equal(bz_sign_make(&secret, "p", long_subject, NOW, value,
                                  &err),
                     BZ_INVALID);
    assert_string_equal(value, "");
    assert_int_equal(bz_sign_make(&secret, "p", "", NOW, value, &err),
                     BZ_INVALID);
    assert_int_equal(bz_sign_make(&secret, "p", "s", 0, value, &err),
                     BZ_INVALID);
    assert_int_equal(bz_sign_make(&secret, "", "s", NOW, value, &err),
                     BZ_INVALID);
    assert_int_equal(bz_sign_make(&secret, "Verify", "s", NOW, value, &err),
                     BZ_INVALID);
    assert_int_equal(bz_sign_make(&secret, "a.b", "s", NOW, value, &err),
                     BZ_INVALID);
    assert_int_equal(bz_sign_make(&secret,
                                  "abcdefghijklmnopqrstuvwxyz_-01234", "s",
                                  NOW, value, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "signing purpose"));
}

/* CSRF tokens. */

static void test_csrf(void **state)
{
    static const char other_session[] =
        "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    struct bz_secret secret, other;
    char token[BZ_CSRF_SIZE], again[BZ_CSRF_SIZE], *copy;
    size_t n = strlen(SESSION_HASH);

    (void)state;
    secret_of(&secret, 7);
    secret_of(&other, 8);
    bz_csrf_token(&secret, SESSION_HASH, n, token);
    assert_int_equal(strlen(token), BZ_CSRF_LENGTH);
    assert_int_equal(strspn(token, base64url), BZ_CSRF_LENGTH);
    bz_csrf_token(&secret, SESSION_HASH, n, again);
    assert_string_equal(token, again);

    copy = exact_copy(token, BZ_CSRF_LENGTH);
    assert_true(bz_csrf_check(&secret, SESSION_HASH, n, copy,
                              BZ_CSRF_LENGTH));
    free(copy);
    assert_false(bz_csrf_check(&secret, other_session, n, token,
                               BZ_CSRF_LENGTH));
    assert_false(bz_csrf_check(&other, SESSION_HASH, n, token,
                               BZ_CSRF_LENGTH));
    assert_false(bz_csrf_check(&secret, SESSION_HASH, n, token,
                               BZ_CSRF_LENGTH - 1));
    assert_false(bz_csrf_check(&secret, SESSION_HASH, n, NULL, 0));
    assert_false(bz_csrf_check(&secret, SESSION_HASH, n, "", 0));
    for (size_t i = 0; i < BZ_CSRF_LENGTH; i++) {
        memcpy(again, token, sizeof(again));
        again[i] = again[i] == 'A' ? 'B' : 'A';
        assert_false(bz_csrf_check(&secret, SESSION_HASH, n, again,
                                   BZ_CSRF_LENGTH));
    }
    bz_csrf_token(&secret, other_session, n, again);
    assert_string_not_equal(token, again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_password_hash_and_verify),
        cmocka_unit_test(test_password_verify_refuses_other_hashes),
        cmocka_unit_test(test_password_hash_limits),
        cmocka_unit_test(test_password_needs_rehash),
        cmocka_unit_test(test_password_normal_cost_and_dummy),
        cmocka_unit_test(test_password_dummy_at_test_cost),
        cmocka_unit_test(test_password_rules),
        cmocka_unit_test(test_password_rule_limits),
        cmocka_unit_test(test_token_new),
        cmocka_unit_test(test_token_check),
        cmocka_unit_test(test_token_api),
        cmocka_unit_test(test_token_hash),
        cmocka_unit_test(test_token_equal),
        cmocka_unit_test(test_secret),
        cmocka_unit_test(test_sign_round_trip),
        cmocka_unit_test(test_sign_expiry_purpose_key),
        cmocka_unit_test(test_sign_tamper),
        cmocka_unit_test(test_sign_garbage),
        cmocka_unit_test(test_sign_genuine_but_malformed),
        cmocka_unit_test(test_sign_limits),
        cmocka_unit_test(test_csrf),
    };

    setenv("BZPEER_TEST_CHEAP_HASH", "1", 1);
    return cmocka_run_group_tests(tests, setup_cheap, NULL);
}
