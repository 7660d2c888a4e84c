/* password.h - Argon2id password hashes and the rules a new password meets.
 *
 * A stored hash is libsodium's string form, "$argon2id$v=19$m=...", which
 * carries its salt and cost, so hashes made at an older cost still verify
 * and bz_password_needs_rehash() says when to replace them. Passwords are
 * (pointer, length) byte strings; they are never logged, and no message
 * here quotes one.
 *
 * The cost is libsodium's "interactive" one (2 passes over 64 MiB). Tests
 * that hash many passwords may lower it, through
 * bz_password_set_cost(BZ_PASSWORD_COST_TEST) or by starting the process
 * with BZPEER_TEST_CHEAP_HASH=1 in the environment. Both are for tests
 * only: hashes made that way are quick to crack. Once the process runs at
 * the normal cost again, bz_password_needs_rehash() flags them.
 */
#ifndef BZ_PASSWORD_H
#define BZ_PASSWORD_H

#include <stddef.h>

#include "core/error.h"

/* Limits on a password, counted in characters (code points) and bytes. */
#define BZ_PASSWORD_MIN_CHARACTERS 10
#define BZ_PASSWORD_MAX_BYTES 1024
/* A password of digits only must be at least this long. */
#define BZ_PASSWORD_MIN_DIGITS_ONLY 16

/* The size of a buffer that holds any stored hash and its NUL. */
#define BZ_PASSWORD_HASH_SIZE 128

enum bz_password_cost {
    BZ_PASSWORD_COST_NORMAL, /* the default: libsodium's interactive cost */
    BZ_PASSWORD_COST_TEST    /* tests only: the least Argon2id allows */
};

/* Sets the cost of the hashes made from now on, for the whole process.
 * Meant for tests, before any thread hashes; BZPEER_TEST_CHEAP_HASH=1
 * has the effect of BZ_PASSWORD_COST_TEST at the first hash. */
void bz_password_set_cost(enum bz_password_cost cost);

/* The cost in use (after the environment has been read). */
enum bz_password_cost bz_password_get_cost(void);

/* Hashes the len bytes at password with Argon2id and a random salt, and
 * writes the NUL-terminated hash string into out (outsize at least
 * BZ_PASSWORD_HASH_SIZE). BZ_INVALID when outsize is too small or the
 * password is longer than BZ_PASSWORD_MAX_BYTES; BZ_NOMEM when the 64 MiB
 * Argon2id needs cannot be had; BZ_IO when libsodium cannot start. Takes
 * tens of milliseconds of one CPU at the normal cost: not for an event
 * loop thread. Does not apply bz_password_check(); sign-up does that. */
enum bz_status bz_password_hash(const char *password, size_t len, char *out,
                                size_t outsize, struct bz_error *err);

/* 1 when the len bytes at password match the stored hash, else 0 (also
 * when hash is not an Argon2id string, or the password is too long). The
 * time taken is that of one hash at the stored cost and does not depend
 * on how close the password was. */
int bz_password_verify(const char *hash, const char *password, size_t len);

/* Takes as long as bz_password_verify() of a wrong password against an
 * account hashed at the current cost, and returns 0. Log-in calls it when
 * no account has the email given, so that the answer's timing does not
 * tell whether the account exists. The hash it verifies against is made
 * once, at the first call (that call takes twice as long). */
int bz_password_verify_dummy(const char *password, size_t len);

/* 1 when the stored hash should be replaced by a new hash of the same
 * password, made at the current cost: it is not Argon2id, or its cost
 * differs. Call it after a successful verify, while the password is at
 * hand. */
int bz_password_needs_rehash(const char *hash);

/* Checks a new password against the strength rules. BZ_OK, or BZ_INVALID
 * with a message meant for the person choosing it, which names the first
 * rule broken: at least BZ_PASSWORD_MIN_CHARACTERS characters and at most
 * BZ_PASSWORD_MAX_BYTES bytes; valid UTF-8 with no control characters;
 * not one character repeated; not digits only unless at least
 * BZ_PASSWORD_MIN_DIGITS_ONLY long; not the email address (when email is
 * not NULL) nor the part before its '@', ignoring case; not one of the
 * commonest passwords, also with digits or punctuation around it
 * ("Password123!"). */
enum bz_status bz_password_check(const char *password, size_t len,
                                 const char *email, struct bz_error *err);

#endif
