/* orcid.h - proving that a researcher holds an ORCID iD, by OAuth 2.
 *
 * The flow is ORCID's "sign in with ORCID" (three-legged OAuth with the
 * /authenticate scope):
 *
 *   1. bz_orcid_authorize_url() gives the address at ORCID to send the
 *      browser to. Its state is a signed value (auth/sign.h, purpose
 *      "orcid-state", subject "A<account> R<researcher>", valid for
 *      BZ_ORCID_STATE_TTL seconds), so the server keeps nothing per flow.
 *   2. The person signs in at ORCID, which sends the browser back to the
 *      redirect URI, base_url + BZ_ORCID_CALLBACK_PATH, with `code` and
 *      `state` in the query (or `error` and `state` when they said no:
 *      the route should show that before calling anything here).
 *   3. bz_orcid_callback() checks the state, trades the code for a token
 *      at ORCID (a POST from this server, with the client secret) and
 *      returns the iD ORCID vouches for. The access token itself is
 *      thrown away: signing in is all we ask of ORCID.
 *
 * The state names the account and the record, but the caller must still
 * check that the account it names is the one signed in: that is what
 * stops a callback address made for one account from being used by
 * another (login CSRF).
 *
 * Configuration (BZPEER_ORCID_* in the environment):
 *   orcid.client_id      the client's id at ORCID ("APP-...")
 *   orcid.client_secret  its secret; never logged, never in an error
 *   orcid.authorize_url  default https://orcid.org/oauth/authorize
 *   orcid.token_url      default https://orcid.org/oauth/token
 *   orcid.ca_file        CA certificates to verify token_url's server
 *                        with, instead of the system's (for a test server)
 * Both URLs must be https, except that http is allowed when the host is a
 * loopback address (127.0.0.0/8, ::1, localhost): a test server on the
 * same machine, where the secret never crosses a network. TLS
 * certificates are always verified.
 *
 * bz_orcid_callback() blocks for the exchange (at most BZ_ORCID_TIMEOUT
 * seconds): an event loop should not call it inline.
 */
#ifndef BZ_ORCID_H
#define BZ_ORCID_H

#include <stddef.h>
#include <stdint.h>

#include "auth/secret.h"
#include "auth/sign.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/error.h"

#define BZ_ORCID_DEFAULT_AUTHORIZE_URL "https://orcid.org/oauth/authorize"
#define BZ_ORCID_DEFAULT_TOKEN_URL "https://orcid.org/oauth/token"
#define BZ_ORCID_CALLBACK_PATH "/oauth/orcid/callback"
#define BZ_ORCID_SCOPE "/authenticate"
#define BZ_ORCID_STATE_PURPOSE "orcid-state"
#define BZ_ORCID_STATE_TTL 600              /* seconds a flow may take */
#define BZ_ORCID_TIMEOUT 10                 /* seconds for the exchange */
#define BZ_ORCID_RESPONSE_MAX (64u * 1024)  /* bytes of a token response */
#define BZ_ORCID_CODE_MAX 512               /* bytes of an authorization code */

/* An iD as 0000-0000-0000-000X: 19 characters and a NUL. */
#define BZ_ORCID_ID_SIZE 20
/* Bytes of the name ORCID gives, with the NUL; a longer one is cut at a
 * character boundary. */
#define BZ_ORCID_NAME_SIZE 256

/* 1 when orcid.client_id and orcid.client_secret are both set (non-empty),
 * else 0: without them the claim pages should not offer ORCID. */
int bz_orcid_configured(const struct bz_config *cfg);

/* Checks the orcid.* keys of a finished cfg, so that a server can refuse
 * a bad setting when it starts: both URLs absolute http(s) with a host,
 * https unless the host is loopback, no fragment in either, and a client
 * id and secret without control characters. BZ_OK when ORCID is not
 * configured at all. Else BZ_INVALID "config 'orcid.token_url': ...". */
enum bz_status bz_orcid_check_config(const struct bz_config *cfg,
                                     struct bz_error *err);

/* Appends base_url + BZ_ORCID_CALLBACK_PATH to out (one '/' between them
 * whatever base_url ends with). The same address goes into the authorize
 * URL and into the token exchange, as OAuth requires. Returns 0, or -1
 * when out failed (its cap or memory). */
int bz_orcid_redirect_uri(const struct bz_config *cfg, struct bz_buf *out);

/* Writes into state (a NUL-terminated signed value, see above) the state
 * for account_id and researcher_id (both above 0), expiring at now +
 * BZ_ORCID_STATE_TTL. BZ_INVALID for an id out of range. */
enum bz_status bz_orcid_state_make(const struct bz_secret *secret,
                                   int64_t account_id, int64_t researcher_id,
                                   int64_t now, char state[BZ_SIGN_SIZE],
                                   struct bz_error *err);

/* Checks the len bytes at state (no NUL needed) at time now and, on BZ_OK,
 * sets *account_id and *researcher_id. BZ_INVALID when it is forged,
 * malformed or not an ORCID state ("orcid: the sign-in link is not
 * valid"); BZ_GONE when it is genuine but expired ("orcid: the sign-in
 * took too long; start again"). The ids are 0 on failure. */
enum bz_status bz_orcid_state_check(const struct bz_secret *secret,
                                    const char *state, size_t len,
                                    int64_t now, int64_t *account_id,
                                    int64_t *researcher_id,
                                    struct bz_error *err);

/* Resets out and writes into it the address at ORCID to send the browser
 * to: authorize_url with response_type=code, scope=/authenticate,
 * client_id, redirect_uri and the state of bz_orcid_state_make, each
 * percent-encoded (an authorize_url that has a query already gets '&').
 * BZ_INVALID when ORCID is not configured, a setting is bad (see
 * bz_orcid_check_config) or an id is out of range; BZ_NOMEM when out
 * failed. The URL holds the client id, never the secret. */
enum bz_status bz_orcid_authorize_url(const struct bz_config *cfg,
                                      const struct bz_secret *secret,
                                      int64_t account_id,
                                      int64_t researcher_id, int64_t now,
                                      struct bz_buf *out,
                                      struct bz_error *err);

/* Reads the len bytes at body (no NUL needed), a token response as ORCID
 * sends it ({"access_token": ..., "orcid": "0000-0002-1825-0097",
 * "name": ..., ...}), into orcid (the iD) and name (the name as given,
 * UTF-8, "" when absent, null or not a string). Only the orcid member is
 * required; it must be a string in exactly the form 0000-0000-0000-000X
 * with a good ISO 7064 11,2 check digit, and appear once. BZ_TOO_LARGE
 * past BZ_ORCID_RESPONSE_MAX bytes, BZ_INVALID for anything else wrong
 * ("orcid: the token response is not JSON: reason", "... has no 'orcid'",
 * "... 'orcid' is not an ORCID iD"); the message never quotes the
 * response, which holds tokens. Both outputs are "" on failure. */
enum bz_status bz_orcid_parse_token_response(const char *body, size_t len,
                                             char orcid[BZ_ORCID_ID_SIZE],
                                             char name[BZ_ORCID_NAME_SIZE],
                                             struct bz_error *err);

/* The end of the flow, at the redirect URI: checks state (the len bytes
 * at state) as bz_orcid_state_check does, then exchanges code (a
 * NUL-terminated string) at token_url: a POST of client_id,
 * client_secret, grant_type=authorization_code, code and redirect_uri as
 * application/x-www-form-urlencoded, asking for application/json, no
 * redirect followed, at most BZ_ORCID_TIMEOUT seconds and
 * BZ_ORCID_RESPONSE_MAX bytes. On BZ_OK sets *account_id,
 * *researcher_id, orcid and name (see bz_orcid_parse_token_response).
 *
 * Fails with the state's BZ_INVALID or BZ_GONE; BZ_INVALID for an empty
 * code, one longer than BZ_ORCID_CODE_MAX or with bytes outside printable
 * ASCII, and when ORCID refuses the code as invalid_grant (made for
 * another client, already used, expired: "orcid: the token exchange
 * failed: 400 invalid_grant"), since trying again from the start is then
 * the person's remedy; BZ_IO for anything else: ORCID not configured or
 * misconfigured, no connection, a timeout, a bad certificate, another
 * refusal ("orcid: the token exchange failed: 401 invalid_client"), a
 * response over the cap or not as described. Messages give the status
 * and OAuth's error code, never the secret, the code, a token or an
 * error_description (which can quote the code). Nothing is logged. */
enum bz_status bz_orcid_callback(const struct bz_config *cfg,
                                 const struct bz_secret *secret,
                                 const char *code, const char *state,
                                 size_t state_len, int64_t now,
                                 int64_t *account_id, int64_t *researcher_id,
                                 char orcid[BZ_ORCID_ID_SIZE],
                                 char name[BZ_ORCID_NAME_SIZE],
                                 struct bz_error *err);

#endif
