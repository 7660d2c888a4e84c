/* sign.c - making and checking `purpose.expiry.subject.mac` values. */
#include "auth/sign.h"

#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "auth/auth.h"

#define SIGN_LABEL "bzpeer sign 1"
#define SIGN_VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define SIGN_MAC_LENGTH 43
#define SIGN_EXPIRY_DIGITS_MAX 19
#define SIGN_SUBJECT_ENCODED_MAX ((4 * BZ_SIGN_SUBJECT_MAX + 2) / 3)

_Static_assert(SIGN_MAC_LENGTH + 1 ==
                   sodium_base64_ENCODED_LEN(BZ_SECRET_MAC_BYTES,
                                             SIGN_VARIANT),
               "a MAC takes 43 characters");
_Static_assert(SIGN_SUBJECT_ENCODED_MAX + 1 ==
                   sodium_base64_ENCODED_LEN(BZ_SIGN_SUBJECT_MAX,
                                             SIGN_VARIANT),
               "the longest subject fits the longest value");

/* The parts of a signed value, as (pointer, length) into it. */
struct sign_parts {
    const char *purpose, *expiry, *subject, *mac;
    size_t purpose_len, expiry_len, subject_len, mac_len;
};

static int sign_purpose_valid(const char *s, size_t len)
{
    if (len == 0 || len > BZ_SIGN_PURPOSE_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

/* Splits s at its three dots; 0, or -1 when it does not have exactly
 * three or a part is empty. */
static int sign_split(const char *s, size_t len, struct sign_parts *parts)
{
    const char *starts[4];
    size_t lens[4], n = 0, begin = 0;

    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '.')
            continue;
        if (n == 4 || i == begin)
            return -1;
        starts[n] = s + begin;
        lens[n++] = i - begin;
        begin = i + 1;
    }
    if (n != 4)
        return -1;
    parts->purpose = starts[0];
    parts->purpose_len = lens[0];
    parts->expiry = starts[1];
    parts->expiry_len = lens[1];
    parts->subject = starts[2];
    parts->subject_len = lens[2];
    parts->mac = starts[3];
    parts->mac_len = lens[3];
    return 0;
}

/* Reads a positive decimal with no sign and no leading zero; 0 or -1. */
static int sign_expiry_parse(const char *s, size_t len, int64_t *out)
{
    int64_t n = 0;

    if (len == 0 || len > SIGN_EXPIRY_DIGITS_MAX || s[0] == '0')
        return -1;
    for (size_t i = 0; i < len; i++) {
        int digit = s[i] - '0';

        if (digit < 0 || digit > 9 || n > (INT64_MAX - digit) / 10)
            return -1;
        n = n * 10 + digit;
    }
    *out = n;
    return 0;
}

enum bz_status bz_sign_make(const struct bz_secret *secret,
                            const char *purpose, const char *subject,
                            int64_t expires_at, char out[BZ_SIGN_SIZE],
                            struct bz_error *err)
{
    size_t purpose_len = strlen(purpose), subject_len = strlen(subject);
    unsigned char mac[BZ_SECRET_MAC_BYTES];
    enum bz_status rc = bz_auth_init(err);
    int n;

    out[0] = '\0';
    if (rc != BZ_OK)
        return rc;
    if (!sign_purpose_valid(purpose, purpose_len))
        return bz_error_set(err, BZ_INVALID, "bad signing purpose '%.*s': "
                            "1 to %d of a-z 0-9 - _ expected",
                            BZ_SIGN_PURPOSE_MAX + 1, purpose,
                            BZ_SIGN_PURPOSE_MAX);
    if (subject_len == 0 || subject_len > BZ_SIGN_SUBJECT_MAX)
        return bz_error_set(err, BZ_INVALID, "subject to sign must be 1 to "
                            "%d bytes, not %zu", BZ_SIGN_SUBJECT_MAX,
                            subject_len);
    if (expires_at <= 0)
        return bz_error_set(err, BZ_INVALID, "bad expiry %lld for a signed "
                            "value", (long long)expires_at);

    n = snprintf(out, BZ_SIGN_SIZE, "%s.%lld.", purpose,
                 (long long)expires_at);
    sodium_bin2base64(out + n, BZ_SIGN_SIZE - (size_t)n,
                      (const unsigned char *)subject, subject_len,
                      SIGN_VARIANT);
    n += (int)strlen(out + n);
    bz_secret_mac(secret, SIGN_LABEL, out, (size_t)n, mac);
    out[n++] = '.';
    sodium_bin2base64(out + n, BZ_SIGN_SIZE - (size_t)n, mac, sizeof(mac),
                      SIGN_VARIANT);
    return BZ_OK;
}

/* 1 when the MAC in parts is that of everything before it in s. */
static int sign_mac_valid(const struct bz_secret *secret, const char *s,
                          const struct sign_parts *parts)
{
    unsigned char given[BZ_SECRET_MAC_BYTES], expected[BZ_SECRET_MAC_BYTES];
    size_t decoded = 0;
    const char *end = NULL;

    if (parts->mac_len != SIGN_MAC_LENGTH ||
        sodium_base642bin(given, sizeof(given), parts->mac, parts->mac_len,
                          NULL, &decoded, &end, SIGN_VARIANT) != 0 ||
        decoded != sizeof(given) || end != parts->mac + parts->mac_len)
        return 0;
    bz_secret_mac(secret, SIGN_LABEL, s, (size_t)(parts->mac - 1 - s),
                  expected);
    return crypto_verify_32(given, expected) == 0;
}

/* Decodes the subject into out (NUL-terminated); 0, or -1 when it is not
 * base64url of 1 to BZ_SIGN_SUBJECT_MAX bytes without a NUL. */
static int sign_subject_decode(const struct sign_parts *parts,
                               char out[BZ_SIGN_SUBJECT_SIZE])
{
    size_t decoded = 0;
    const char *end = NULL;

    if (parts->subject_len > SIGN_SUBJECT_ENCODED_MAX ||
        sodium_base642bin((unsigned char *)out, BZ_SIGN_SUBJECT_MAX,
                          parts->subject, parts->subject_len, NULL, &decoded,
                          &end, SIGN_VARIANT) != 0 ||
        end != parts->subject + parts->subject_len || decoded == 0 ||
        memchr(out, '\0', decoded) != NULL)
        return -1;
    out[decoded] = '\0';
    return 0;
}

enum bz_status bz_sign_check(const struct bz_secret *secret,
                             const char *purpose, const char *s, size_t len,
                             int64_t now, char subject[BZ_SIGN_SUBJECT_SIZE],
                             struct bz_error *err)
{
    struct sign_parts parts;
    int64_t expires_at;
    enum bz_status rc = bz_auth_init(err);

    subject[0] = '\0';
    if (rc != BZ_OK)
        return rc;
    if (len > BZ_SIGN_MAX_LENGTH)
        return bz_error_set(err, BZ_INVALID, "signed value too long");
    if (sign_split(s, len, &parts) != 0)
        return bz_error_set(err, BZ_INVALID, "malformed signed value");
    if (!sign_mac_valid(secret, s, &parts))
        return bz_error_set(err, BZ_INVALID, "signed value has a bad "
                            "signature");

    /* Genuine from here on: it was made by bz_sign_make with our secret. */
    if (parts.purpose_len != strlen(purpose) ||
        memcmp(parts.purpose, purpose, parts.purpose_len) != 0)
        return bz_error_set(err, BZ_INVALID, "signed value is for another "
                            "purpose than '%s'", purpose);
    if (sign_expiry_parse(parts.expiry, parts.expiry_len, &expires_at) != 0 ||
        sign_subject_decode(&parts, subject) != 0) {
        subject[0] = '\0';
        return bz_error_set(err, BZ_INVALID, "malformed signed value");
    }
    if (now >= expires_at) {
        subject[0] = '\0';
        return bz_error_set(err, BZ_GONE, "signed value expired");
    }
    return BZ_OK;
}
