/* auth.h - readying libsodium, which every module of src/auth/ relies on.
 *
 * The modules: password.h (Argon2id hashes and strength rules), token.h
 * (random session and API tokens and their stored hashes), secret.h (the
 * server's 32-byte key), sign.h (signed, expiring values for email links)
 * and csrf.h (tokens that tie a form to its session). Each function of them
 * that needs libsodium calls bz_auth_init() itself, so calling it at start
 * is only a way to fail early and clearly.
 */
#ifndef BZ_AUTH_H
#define BZ_AUTH_H

#include "core/error.h"

/* Initialises libsodium once per process; safe from any thread and cheap
 * after the first call. BZ_OK, or BZ_IO with a message when libsodium
 * cannot start (it found no source of randomness), in which case every
 * later call fails the same way. */
enum bz_status bz_auth_init(struct bz_error *err);

#endif
