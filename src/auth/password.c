/* password.c - Argon2id through libsodium, a dummy verify for unknown
 * accounts, and the strength rules. */
#include "auth/password.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "auth/auth.h"
#include "core/log.h"
#include "core/text.h"

_Static_assert(BZ_PASSWORD_HASH_SIZE == crypto_pwhash_STRBYTES,
               "the buffer holds libsodium's hash strings");

#define PASSWORD_PREFIX "$argon2id$"

static atomic_int password_cost = BZ_PASSWORD_COST_NORMAL;
static pthread_once_t password_env_once = PTHREAD_ONCE_INIT;

static pthread_mutex_t password_dummy_lock = PTHREAD_MUTEX_INITIALIZER;
static char password_dummy[BZ_PASSWORD_HASH_SIZE]; /* under the lock */
static int password_dummy_cost = -1;                /* under the lock */

/* The commonest passwords and the words people build them from, in lower
 * case: a password is refused when it is one of these, or one of these
 * with digits or punctuation before or after it. The list is short on
 * purpose: it catches the guesses every attacker makes first, not all
 * weak passwords. */
static const char *const password_common[] = {
    "password", "passw0rd", "p@ssword", "p@ssw0rd", "pass", "passwort",
    "motdepasse", "contrasena", "senha", "qwerty", "qwertz", "azerty",
    "qwertyuiop", "asdf", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm",
    "qazwsx", "1qaz2wsx", "1qaz2wsx3edc", "1q2w3e4r", "1q2w3e4r5t",
    "1q2w3e4r5t6y", "q1w2e3r4t5", "abc", "abcd", "abcdef", "abcdefgh",
    "abcdefghij", "letmein", "welcome", "iloveyou", "admin",
    "administrator", "root", "user", "guest", "test", "login", "master",
    "secret", "changeme", "default", "monkey", "dragon", "shadow",
    "sunshine", "princess", "football", "baseball", "soccer", "hockey",
    "superman", "batman", "starwars", "pokemon", "trustno", "whatever",
    "hello", "freedom", "computer", "internet", "mustang", "charlie",
    "access", "flower", "summer", "winter", "spring", "autumn", "research",
    "science", "bzpeer", NULL};

static void password_env_read(void)
{
    const char *cheap = getenv("BZPEER_TEST_CHEAP_HASH");

    if (cheap == NULL || strcmp(cheap, "1") != 0)
        return;
    atomic_store(&password_cost, BZ_PASSWORD_COST_TEST);
    bz_log(BZ_LOG_WARN, "auth", 0, 0, "BZPEER_TEST_CHEAP_HASH=1: password "
           "hashes are made at a test cost and are quick to crack");
}

void bz_password_set_cost(enum bz_password_cost cost)
{
    pthread_once(&password_env_once, password_env_read);
    atomic_store(&password_cost, cost);
}

enum bz_password_cost bz_password_get_cost(void)
{
    pthread_once(&password_env_once, password_env_read);
    return (enum bz_password_cost)atomic_load(&password_cost);
}

static void password_limits(enum bz_password_cost cost,
                            unsigned long long *opslimit, size_t *memlimit)
{
    if (cost == BZ_PASSWORD_COST_TEST) {
        *opslimit = crypto_pwhash_argon2id_OPSLIMIT_MIN;
        *memlimit = crypto_pwhash_argon2id_MEMLIMIT_MIN;
    } else {
        *opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
        *memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
    }
}

/* Hashes at the given cost; 0 or -1 (out of memory, in libsodium). */
static int password_hash_at(enum bz_password_cost cost, const char *password,
                            size_t len, char out[BZ_PASSWORD_HASH_SIZE])
{
    unsigned long long opslimit;
    size_t memlimit;

    password_limits(cost, &opslimit, &memlimit);
    return crypto_pwhash_str_alg(out, password, len, opslimit, memlimit,
                                 crypto_pwhash_ALG_ARGON2ID13);
}

enum bz_status bz_password_hash(const char *password, size_t len, char *out,
                                size_t outsize, struct bz_error *err)
{
    enum bz_status rc = bz_auth_init(err);

    if (rc != BZ_OK)
        return rc;
    if (outsize < BZ_PASSWORD_HASH_SIZE)
        return bz_error_set(err, BZ_INVALID, "password hash buffer too "
                            "small: %zu bytes, %d needed", outsize,
                            BZ_PASSWORD_HASH_SIZE);
    if (len > BZ_PASSWORD_MAX_BYTES)
        return bz_error_set(err, BZ_INVALID, "password is too long: at "
                            "most %d bytes", BZ_PASSWORD_MAX_BYTES);
    if (password_hash_at(bz_password_get_cost(), password, len, out) != 0)
        return bz_error_set(err, BZ_NOMEM, "out of memory hashing a "
                            "password");
    return BZ_OK;
}

int bz_password_verify(const char *hash, const char *password, size_t len)
{
    if (bz_auth_init(NULL) != BZ_OK || hash == NULL)
        return 0;
    if (len > BZ_PASSWORD_MAX_BYTES ||
        strnlen(hash, BZ_PASSWORD_HASH_SIZE) == BZ_PASSWORD_HASH_SIZE ||
        strncmp(hash, PASSWORD_PREFIX, strlen(PASSWORD_PREFIX)) != 0)
        return 0;
    return crypto_pwhash_argon2id_str_verify(hash, password, len) == 0;
}

/* Copies the dummy hash for the current cost into out, making it first
 * when the cost is new; 0, or -1 when it could not be made. */
static int password_dummy_get(char out[BZ_PASSWORD_HASH_SIZE])
{
    enum bz_password_cost cost = bz_password_get_cost();
    unsigned char random[32];
    int rc = 0;

    pthread_mutex_lock(&password_dummy_lock);
    if (password_dummy_cost != (int)cost) {
        randombytes_buf(random, sizeof(random));
        rc = password_hash_at(cost, (const char *)random, sizeof(random),
                              password_dummy);
        sodium_memzero(random, sizeof(random));
        if (rc == 0)
            password_dummy_cost = (int)cost;
    }
    if (rc == 0)
        memcpy(out, password_dummy, BZ_PASSWORD_HASH_SIZE);
    pthread_mutex_unlock(&password_dummy_lock);
    return rc;
}

int bz_password_verify_dummy(const char *password, size_t len)
{
    char dummy[BZ_PASSWORD_HASH_SIZE];

    if (bz_auth_init(NULL) != BZ_OK || len > BZ_PASSWORD_MAX_BYTES)
        return 0;
    if (password_dummy_get(dummy) == 0) {
        /* It cannot match: the dummy's password is 32 random bytes. */
        int matched = crypto_pwhash_argon2id_str_verify(dummy, password, len);

        (void)matched;
        return 0;
    }
    /* No dummy hash (out of memory): hashing costs the same as verifying,
     * so the timing still matches. */
    (void)password_hash_at(bz_password_get_cost(), password, len, dummy);
    return 0;
}

int bz_password_needs_rehash(const char *hash)
{
    unsigned long long opslimit;
    size_t memlimit;

    if (bz_auth_init(NULL) != BZ_OK || hash == NULL ||
        strnlen(hash, BZ_PASSWORD_HASH_SIZE) == BZ_PASSWORD_HASH_SIZE)
        return 1;
    password_limits(bz_password_get_cost(), &opslimit, &memlimit);
    return crypto_pwhash_argon2id_str_needs_rehash(hash, opslimit,
                                                   memlimit) != 0;
}

/* The strength rules. */

static size_t password_characters(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            n++;
    return n;
}

static int password_has_control(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 1;
    return 0;
}

/* 1 when s (valid UTF-8) is one character, written several times. */
static int password_one_repeated(const char *s, size_t len)
{
    unsigned char lead = (unsigned char)s[0];
    size_t width = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;

    if (len % width != 0)
        return 0;
    for (size_t i = width; i < len; i += width)
        if (memcmp(s, s + i, width) != 0)
            return 0;
    return 1;
}

static int password_digits_only(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* 1 when the a and b byte strings are equal, ignoring ASCII case. */
static int password_same_caseless(const char *a, size_t alen, const char *b,
                                  size_t blen)
{
    return alen == blen && alen > 0 && strncasecmp(a, b, alen) == 0;
}

static int password_is_decoration(unsigned char c)
{
    return c < 0x80 && (isdigit(c) || ispunct(c) || c == ' ');
}

/* Narrows [*start, *end) of s to its stem: without the digits,
 * punctuation and spaces before and after ("Password123!" -> "Password"). */
static void password_stem(const char *s, size_t len, size_t *start,
                          size_t *end)
{
    *start = 0;
    *end = len;
    while (*start < *end && password_is_decoration((unsigned char)s[*start]))
        (*start)++;
    while (*end > *start && password_is_decoration((unsigned char)s[*end - 1]))
        (*end)--;
}

/* 1 when the password or its stem is in the common list. */
static int password_is_common(const char *s, size_t len)
{
    size_t start, end;

    password_stem(s, len, &start, &end);
    for (size_t i = 0; password_common[i]; i++) {
        const char *word = password_common[i];
        size_t n = strlen(word);

        if (password_same_caseless(s, len, word, n) ||
            password_same_caseless(s + start, end - start, word, n))
            return 1;
    }
    return 0;
}

/* 1 when the password, or its stem, is the email address or the part of
 * it before the last '@'. */
static int password_is_email(const char *s, size_t len, const char *email,
                             int *local_part)
{
    const char *at = strrchr(email, '@');
    size_t email_len = strlen(email);
    size_t local_len = at ? (size_t)(at - email) : email_len;
    size_t start, end;

    password_stem(s, len, &start, &end);
    *local_part = 0;
    if (password_same_caseless(s, len, email, email_len) ||
        password_same_caseless(s + start, end - start, email, email_len))
        return 1;
    *local_part = 1;
    return password_same_caseless(s, len, email, local_len) ||
           password_same_caseless(s + start, end - start, email, local_len);
}

enum bz_status bz_password_check(const char *password, size_t len,
                                 const char *email, struct bz_error *err)
{
    size_t characters;
    int local_part;

    if (len > BZ_PASSWORD_MAX_BYTES)
        return bz_error_set(err, BZ_INVALID, "password is too long: at most "
                            "%d bytes", BZ_PASSWORD_MAX_BYTES);
    if (!bz_text_utf8_valid(password, len))
        return bz_error_set(err, BZ_INVALID, "password is not valid UTF-8");
    if (password_has_control(password, len))
        return bz_error_set(err, BZ_INVALID, "password must not contain "
                            "control characters (such as tabs or line "
                            "breaks)");
    characters = password_characters(password, len);
    if (characters < BZ_PASSWORD_MIN_CHARACTERS)
        return bz_error_set(err, BZ_INVALID, "password is too short: %zu "
                            "characters, at least %d are needed", characters,
                            BZ_PASSWORD_MIN_CHARACTERS);

    if (password_one_repeated(password, len))
        return bz_error_set(err, BZ_INVALID, "password is one character "
                            "repeated");
    if (password_digits_only(password, len) &&
        characters < BZ_PASSWORD_MIN_DIGITS_ONLY)
        return bz_error_set(err, BZ_INVALID, "password of digits only must "
                            "have at least %d of them",
                            BZ_PASSWORD_MIN_DIGITS_ONLY);
    if (email != NULL && *email != '\0' &&
        password_is_email(password, len, email, &local_part))
        return bz_error_set(err, BZ_INVALID, local_part
                            ? "password must not be the part of your email "
                              "address before '@'"
                            : "password must not be your email address");
    if (password_is_common(password, len))
        return bz_error_set(err, BZ_INVALID, "password is too common: it is "
                            "among the first guesses attackers try");
    return BZ_OK;
}
