/* orcid.c - sign in with ORCID: the authorize address, the signed state
 * and the exchange of a code for the iD, through libcurl. */
#include "oauth/orcid.h"

#include "core/arena.h"
#include "import/import_json.h"
#include "import/json_tree.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Subjects read "A<account> R<researcher>". */
#define ORCID_SUBJECT_FORMAT "A%" PRId64 " R%" PRId64

/* --- settings ----------------------------------------------------------- */

static const char *orcid_setting(const struct bz_config *cfg, const char *key,
                                 const char *fallback)
{
    const char *value = bz_config_get(cfg, key);

    return value != NULL && *value != '\0' ? value : fallback;
}

int bz_orcid_configured(const struct bz_config *cfg)
{
    return orcid_setting(cfg, "orcid.client_id", NULL) != NULL &&
           orcid_setting(cfg, "orcid.client_secret", NULL) != NULL;
}

static int orcid_has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* 1 when host (as libcurl gives it: IPv6 in brackets) is a loopback
 * address or "localhost", which libcurl resolves to loopback itself. */
static int orcid_host_is_loopback(const char *host)
{
    unsigned char addr[16];
    char inner[64];
    size_t n = strlen(host);

    if (strcasecmp(host, "localhost") == 0)
        return 1;
    if (inet_pton(AF_INET, host, addr) == 1)
        return addr[0] == 127;
    if (n < 3 || n - 2 >= sizeof(inner) || host[0] != '[' ||
        host[n - 1] != ']')
        return 0;
    memcpy(inner, host + 1, n - 2);
    inner[n - 2] = '\0';
    return inet_pton(AF_INET6, inner, addr) == 1 &&
           memcmp(addr, &in6addr_loopback, 16) == 0;
}

/* Checks the URL under key: absolute http(s) with a host, no user info
 * and no fragment, https unless the host is loopback. */
static enum bz_status orcid_check_url(const char *key, const char *url,
                                      struct bz_error *err)
{
    char *scheme = NULL, *host = NULL, *part = NULL;
    enum bz_status rc = BZ_OK;
    CURLU *u = curl_url();

    if (u == NULL)
        return bz_error_set(err, BZ_NOMEM, "orcid: out of memory");
    if (orcid_has_control(url) || strchr(url, ' ') ||
        curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0)) {
        rc = bz_error_set(err, BZ_INVALID,
                          "config '%s': '%s' is not an http(s) URL", key,
                          url);
        goto out;
    }
    if (curl_url_get(u, CURLUPART_USER, &part, 0) == CURLUE_OK ||
        curl_url_get(u, CURLUPART_FRAGMENT, &part, 0) == CURLUE_OK) {
        rc = bz_error_set(err, BZ_INVALID,
                          "config '%s': the URL may have no user or "
                          "fragment",
                          key);
        goto out;
    }
    if (strcmp(scheme, "http") == 0 && !orcid_host_is_loopback(host))
        rc = bz_error_set(err, BZ_INVALID,
                          "config '%s': '%s' must be https (http is for a "
                          "loopback host only)",
                          key, url);
out:
    curl_free(part);
    curl_free(host);
    curl_free(scheme);
    curl_url_cleanup(u);
    return rc;
}

enum bz_status bz_orcid_check_config(const struct bz_config *cfg,
                                     struct bz_error *err)
{
    const char *id = orcid_setting(cfg, "orcid.client_id", NULL);
    const char *secret = orcid_setting(cfg, "orcid.client_secret", NULL);
    enum bz_status rc;

    if (id == NULL && secret == NULL)
        return BZ_OK;
    if (id == NULL || secret == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "config 'orcid.%s' is set without "
                            "'orcid.%s'",
                            id ? "client_id" : "client_secret",
                            id ? "client_secret" : "client_id");
    if (orcid_has_control(id))
        return bz_error_set(err, BZ_INVALID,
                            "config 'orcid.client_id' has a control "
                            "character");
    if (orcid_has_control(secret))
        return bz_error_set(err, BZ_INVALID,
                            "config 'orcid.client_secret' has a control "
                            "character");
    rc = orcid_check_url("orcid.authorize_url",
                         orcid_setting(cfg, "orcid.authorize_url",
                                       BZ_ORCID_DEFAULT_AUTHORIZE_URL),
                         err);
    if (rc != BZ_OK)
        return rc;
    return orcid_check_url("orcid.token_url",
                           orcid_setting(cfg, "orcid.token_url",
                                         BZ_ORCID_DEFAULT_TOKEN_URL),
                           err);
}

/* Both settings at once, for the two steps of the flow. */
static enum bz_status orcid_ready(const struct bz_config *cfg,
                                  struct bz_error *err)
{
    if (!bz_orcid_configured(cfg))
        return bz_error_set(err, BZ_INVALID,
                            "orcid: sign-in is not configured (set "
                            "orcid.client_id and orcid.client_secret)");
    return bz_orcid_check_config(cfg, err);
}

/* --- addresses ---------------------------------------------------------- */

/* Appends s percent-encoded: all but RFC 3986's unreserved characters. */
static void orcid_put_escaped(struct bz_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~') {
            bz_buf_putc(out, (char)c);
        } else {
            bz_buf_putc(out, '%');
            bz_buf_putc(out, hex[c >> 4]);
            bz_buf_putc(out, hex[c & 15]);
        }
    }
}

/* Appends "name=value" percent-encoded, after sep when sep is not 0. */
static void orcid_put_param(struct bz_buf *out, char sep, const char *name,
                            const char *value)
{
    if (sep)
        bz_buf_putc(out, sep);
    bz_buf_puts(out, name);
    bz_buf_putc(out, '=');
    orcid_put_escaped(out, value);
}

int bz_orcid_redirect_uri(const struct bz_config *cfg, struct bz_buf *out)
{
    const char *base = cfg->base_url ? cfg->base_url : "http://127.0.0.1:8080";
    size_t n = strlen(base);

    while (n > 0 && base[n - 1] == '/')
        n--;
    bz_buf_add(out, base, n);
    bz_buf_puts(out, BZ_ORCID_CALLBACK_PATH);
    return out->failed ? -1 : 0;
}

/* --- the state ---------------------------------------------------------- */

enum bz_status bz_orcid_state_make(const struct bz_secret *secret,
                                   int64_t account_id, int64_t researcher_id,
                                   int64_t now, char state[BZ_SIGN_SIZE],
                                   struct bz_error *err)
{
    char subject[64];

    state[0] = '\0';
    if (account_id <= 0 || researcher_id <= 0)
        return bz_error_set(err, BZ_INVALID,
                            "orcid: no account or record to sign in for");
    if (now <= 0 || now > INT64_MAX - BZ_ORCID_STATE_TTL)
        return bz_error_set(err, BZ_INVALID, "orcid: the clock is wrong");
    snprintf(subject, sizeof(subject), ORCID_SUBJECT_FORMAT, account_id,
             researcher_id);
    return bz_sign_make(secret, BZ_ORCID_STATE_PURPOSE, subject,
                        now + BZ_ORCID_STATE_TTL, state, err);
}

/* Reads a positive decimal with no sign and no leading zero at *s, up to
 * the first non-digit, and moves *s past it. -1 when there is none or it
 * does not fit. */
static int64_t orcid_read_id(const char **s)
{
    const char *p = *s;
    int64_t v = 0;

    if (*p < '1' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (INT64_MAX - (*p - '0')) / 10)
            return -1;
        v = v * 10 + (*p - '0');
    }
    *s = p;
    return v;
}

enum bz_status bz_orcid_state_check(const struct bz_secret *secret,
                                    const char *state, size_t len,
                                    int64_t now, int64_t *account_id,
                                    int64_t *researcher_id,
                                    struct bz_error *err)
{
    char subject[BZ_SIGN_SUBJECT_SIZE];
    const char *p = subject;
    int64_t account, researcher = -1;
    enum bz_status rc;

    *account_id = 0;
    *researcher_id = 0;
    rc = bz_sign_check(secret, BZ_ORCID_STATE_PURPOSE, state ? state : "",
                       state ? len : 0, now, subject, NULL);
    if (rc == BZ_GONE)
        return bz_error_set(err, BZ_GONE,
                            "orcid: the sign-in took too long; start again");
    if (rc != BZ_OK)
        return bz_error_set(err, BZ_INVALID,
                            "orcid: the sign-in link is not valid");
    /* Genuine, so made by bz_orcid_state_make: a bad subject is a bug or
     * another program sharing the secret; refuse it all the same. */
    account = *p++ == 'A' ? orcid_read_id(&p) : -1;
    if (account > 0 && p[0] == ' ' && p[1] == 'R') {
        p += 2;
        researcher = orcid_read_id(&p);
    }
    if (account <= 0 || researcher <= 0 || *p != '\0')
        return bz_error_set(err, BZ_INVALID,
                            "orcid: the sign-in link is not valid");
    *account_id = account;
    *researcher_id = researcher;
    return BZ_OK;
}

enum bz_status bz_orcid_authorize_url(const struct bz_config *cfg,
                                      const struct bz_secret *secret,
                                      int64_t account_id,
                                      int64_t researcher_id, int64_t now,
                                      struct bz_buf *out,
                                      struct bz_error *err)
{
    const char *url = orcid_setting(cfg, "orcid.authorize_url",
                                    BZ_ORCID_DEFAULT_AUTHORIZE_URL);
    char state[BZ_SIGN_SIZE];
    struct bz_buf redirect;
    enum bz_status rc;

    bz_buf_reset(out);
    if ((rc = orcid_ready(cfg, err)) != BZ_OK ||
        (rc = bz_orcid_state_make(secret, account_id, researcher_id, now,
                                  state, err)) != BZ_OK)
        return rc;
    bz_buf_init(&redirect, 0);
    bz_orcid_redirect_uri(cfg, &redirect);

    bz_buf_puts(out, url);
    orcid_put_param(out, strchr(url, '?') ? '&' : '?', "client_id",
                    orcid_setting(cfg, "orcid.client_id", ""));
    orcid_put_param(out, '&', "response_type", "code");
    orcid_put_param(out, '&', "scope", BZ_ORCID_SCOPE);
    orcid_put_param(out, '&', "redirect_uri",
                    redirect.data ? redirect.data : "");
    orcid_put_param(out, '&', "state", state);
    rc = out->failed || redirect.failed
             ? bz_error_set(err, BZ_NOMEM,
                            "orcid: out of memory for the address")
             : BZ_OK;
    bz_buf_release(&redirect);
    return rc;
}

/* --- the token response ------------------------------------------------- */

/* BZ_OK when s is an iD in exactly the form 0000-0000-0000-000X with a
 * good check digit. The checksum is import's (bz_import_orcid_id), which
 * takes any form; this one insists on the one ORCID sends. */
static int orcid_id_is_canonical(const char *s)
{
    struct bz_arena arena;
    const char *id;
    int ok;

    if (strlen(s) != BZ_ORCID_ID_SIZE - 1 || s[4] != '-' || s[9] != '-' ||
        s[14] != '-')
        return 0;
    bz_arena_init(&arena, 4096);
    id = bz_import_orcid_id(&arena, s);
    ok = id != NULL && strcmp(id, s) == 0;
    bz_arena_release(&arena);
    return ok;
}

/* Copies s into out (size bytes), cut at a UTF-8 character's start when
 * it does not fit. */
static void orcid_copy_name(char *out, size_t size, const char *s)
{
    size_t n = strlen(s);

    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

/* How many members of the object root are named key. */
static size_t orcid_count_members(yajl_val root, const char *key)
{
    size_t i, count = 0;

    for (i = 0; i < root->u.object.len; i++)
        if (strcmp(root->u.object.keys[i], key) == 0)
            count++;
    return count;
}

static enum bz_status orcid_read_tree(yajl_val root,
                                      char orcid[BZ_ORCID_ID_SIZE],
                                      char name[BZ_ORCID_NAME_SIZE],
                                      struct bz_error *err)
{
    const char *id, *given;
    int bad = 0;

    if (!YAJL_IS_OBJECT(root))
        return bz_error_set(err, BZ_INVALID,
                            "orcid: the token response is not a JSON "
                            "object");
    if (orcid_count_members(root, "orcid") > 1)
        return bz_error_set(err, BZ_INVALID,
                            "orcid: the token response has 'orcid' twice");
    id = bz_jt_string(root, "orcid", &bad);
    if (bad)
        return bz_error_set(err, BZ_INVALID,
                            "orcid: the token response's 'orcid' is not a "
                            "string");
    if (id == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "orcid: the token response has no 'orcid'");
    if (!orcid_id_is_canonical(id))
        return bz_error_set(err, BZ_INVALID,
                            "orcid: the token response's 'orcid' is not an "
                            "ORCID iD");
    memcpy(orcid, id, BZ_ORCID_ID_SIZE);
    given = bz_jt_string(root, "name", &bad);
    orcid_copy_name(name, BZ_ORCID_NAME_SIZE, given && !bad ? given : "");
    return BZ_OK;
}

enum bz_status bz_orcid_parse_token_response(const char *body, size_t len,
                                             char orcid[BZ_ORCID_ID_SIZE],
                                             char name[BZ_ORCID_NAME_SIZE],
                                             struct bz_error *err)
{
    char reason[160];
    enum bz_status rc;
    yajl_val root;
    char *text;

    orcid[0] = '\0';
    name[0] = '\0';
    if (len > BZ_ORCID_RESPONSE_MAX)
        return bz_error_set(err, BZ_TOO_LARGE,
                            "orcid: the token response is larger than %u "
                            "bytes",
                            BZ_ORCID_RESPONSE_MAX);
    if (len > 0 && memchr(body, '\0', len))
        return bz_error_set(err, BZ_INVALID,
                            "orcid: the token response is not JSON: it "
                            "holds a NUL byte");
    if ((text = malloc(len + 1)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "orcid: out of memory");
    if (len > 0)
        memcpy(text, body, len);
    text[len] = '\0';

    root = bz_jt_parse(text, len, reason, sizeof(reason));
    if (root == NULL) {
        rc = bz_error_set(err, BZ_INVALID,
                          "orcid: the token response is not JSON: %s",
                          reason);
        goto free_text;
    }
    rc = orcid_read_tree(root, orcid, name, err);
    if (rc != BZ_OK) {
        orcid[0] = '\0';
        name[0] = '\0';
    }
    yajl_tree_free(root);
free_text:
    free(text);
    return rc;
}

/* --- the exchange ------------------------------------------------------- */

static pthread_once_t orcid_curl_once = PTHREAD_ONCE_INIT;
static CURLcode orcid_curl_ready = CURLE_FAILED_INIT;

static void orcid_curl_init(void)
{
    orcid_curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The response body, kept to BZ_ORCID_RESPONSE_MAX bytes. */
struct orcid_response {
    struct bz_buf body;
    int too_large;
};

static size_t orcid_write(char *data, size_t size, size_t count, void *arg)
{
    struct orcid_response *r = arg;
    size_t n = size * count;

    if (n > BZ_ORCID_RESPONSE_MAX - r->body.len) {
        r->too_large = 1;
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    }
    return bz_buf_add(&r->body, data, n) == 0 && !r->body.failed ? n : 0;
}

/* 1 when code is 1 to BZ_ORCID_CODE_MAX bytes of printable ASCII. */
static int orcid_code_ok(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    size_t i;

    if (n == 0 || n > BZ_ORCID_CODE_MAX)
        return 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)code[i] <= 0x20 || (unsigned char)code[i] >= 0x7f)
            return 0;
    return 1;
}

/* The form body of the exchange. It holds the secret: the caller wipes
 * it before releasing it. */
static void orcid_put_form(const struct bz_config *cfg, const char *code,
                           struct bz_buf *form)
{
    struct bz_buf redirect;

    bz_buf_init(&redirect, 0);
    bz_orcid_redirect_uri(cfg, &redirect);
    orcid_put_param(form, 0, "client_id",
                    orcid_setting(cfg, "orcid.client_id", ""));
    orcid_put_param(form, '&', "client_secret",
                    orcid_setting(cfg, "orcid.client_secret", ""));
    orcid_put_param(form, '&', "grant_type", "authorization_code");
    orcid_put_param(form, '&', "code", code);
    orcid_put_param(form, '&', "redirect_uri",
                    redirect.data ? redirect.data : "");
    if (redirect.failed)
        form->failed = 1;
    bz_buf_release(&redirect);
}

static void orcid_set_options(CURL *curl, const struct bz_config *cfg,
                              const struct bz_buf *form,
                              struct curl_slist *headers,
                              struct orcid_response *response, char *reason)
{
    const char *url = orcid_setting(cfg, "orcid.token_url",
                                    BZ_ORCID_DEFAULT_TOKEN_URL);
    const char *ca_file = orcid_setting(cfg, "orcid.ca_file", NULL);

    curl_easy_setopt(curl, CURLOPT_URL, url);
    /* bz_orcid_check_config allowed http for a loopback host only; no
     * proxy may stand between, as one would see the secret. */
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR,
                     strncmp(url, "http://", 7) == 0 ? "http" : "https");
    if (strncmp(url, "http://", 7) == 0)
        curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (ca_file)
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form->data);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     (curl_off_t)form->len);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "bzpeer/" BZ_VERSION);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, orcid_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, response);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, reason);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)BZ_ORCID_TIMEOUT);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)BZ_ORCID_TIMEOUT);
}

/* OAuth's error code in a refusal ({"error": "invalid_grant", ...}) when
 * it is a plain token of a-z and '_', else "". error_description is left
 * out: ORCID's can quote the code. */
static void orcid_refusal_code(const struct bz_buf *body, char *out,
                               size_t size)
{
    char reason[64];
    const char *code;
    yajl_val root;
    int bad = 0;

    out[0] = '\0';
    if (body->data == NULL || memchr(body->data, '\0', body->len))
        return;
    root = bz_jt_parse(body->data, body->len, reason, sizeof(reason));
    code = bz_jt_string(root, "error", &bad);
    if (code != NULL && !bad && *code && strlen(code) < size &&
        strspn(code, "abcdefghijklmnopqrstuvwxyz_") == strlen(code))
        snprintf(out, size, "%s", code);
    if (root)
        yajl_tree_free(root);
}

/* Turns what libcurl and the server said into a status. */
static enum bz_status orcid_judge(CURL *curl, CURLcode res,
                                  const struct orcid_response *response,
                                  char *reason, char orcid[BZ_ORCID_ID_SIZE],
                                  char name[BZ_ORCID_NAME_SIZE],
                                  struct bz_error *err)
{
    struct bz_error why = {0};
    char code[48];
    long status = 0;
    size_t trim;

    if (response->too_large)
        return bz_error_set(err, BZ_IO,
                            "orcid: the token exchange failed: the response "
                            "is larger than %u bytes",
                            BZ_ORCID_RESPONSE_MAX);
    if (res != CURLE_OK) {
        trim = strlen(reason);
        while (trim > 0 && strchr(".\n ", reason[trim - 1]))
            reason[--trim] = '\0';
        return bz_error_set(err, BZ_IO, "orcid: the token exchange failed: %s",
                            reason[0] ? reason : curl_easy_strerror(res));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        orcid_refusal_code(&response->body, code, sizeof(code));
        return bz_error_set(err,
                            status == 400 && strcmp(code, "invalid_grant") == 0
                                ? BZ_INVALID
                                : BZ_IO,
                            "orcid: the token exchange failed: %ld%s%s", status,
                            code[0] ? " " : "", code);
    }
    if (bz_orcid_parse_token_response(response->body.data
                                          ? response->body.data
                                          : "",
                                      response->body.len, orcid, name,
                                      &why) != BZ_OK)
        return bz_error_set(err, BZ_IO, "orcid: the token exchange failed: %s",
                            strncmp(why.message, "orcid: ", 7) == 0
                                ? why.message + 7
                                : why.message);
    return BZ_OK;
}

/* Wipes and frees a buffer that held the secret or a token. */
static void orcid_buf_wipe(struct bz_buf *buf)
{
    if (buf->data)
        memset(buf->data, 0, buf->alloc);
    bz_buf_release(buf);
}

static enum bz_status orcid_exchange(const struct bz_config *cfg,
                                     const char *code,
                                     char orcid[BZ_ORCID_ID_SIZE],
                                     char name[BZ_ORCID_NAME_SIZE],
                                     struct bz_error *err)
{
    char reason[CURL_ERROR_SIZE] = "";
    struct orcid_response response = {.too_large = 0};
    struct curl_slist *headers = NULL, *more;
    struct bz_buf form;
    enum bz_status rc;
    CURLcode res;
    CURL *curl;

    pthread_once(&orcid_curl_once, orcid_curl_init);
    if (orcid_curl_ready != CURLE_OK || (curl = curl_easy_init()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "orcid: cannot start libcurl");
    bz_buf_init(&form, 0);
    bz_buf_init(&response.body, BZ_ORCID_RESPONSE_MAX);
    orcid_put_form(cfg, code, &form);
    headers = curl_slist_append(NULL, "Accept: application/json");
    more = headers ? curl_slist_append(headers, "Expect:") : NULL;
    if (form.failed || more == NULL) {
        rc = bz_error_set(err, BZ_NOMEM, "orcid: out of memory");
        goto cleanup;
    }
    orcid_set_options(curl, cfg, &form, headers, &response, reason);

    res = curl_easy_perform(curl);
    rc = orcid_judge(curl, res, &response, reason, orcid, name, err);

cleanup:
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    orcid_buf_wipe(&response.body);
    orcid_buf_wipe(&form);
    return rc;
}

enum bz_status bz_orcid_callback(const struct bz_config *cfg,
                                 const struct bz_secret *secret,
                                 const char *code, const char *state,
                                 size_t state_len, int64_t now,
                                 int64_t *account_id, int64_t *researcher_id,
                                 char orcid[BZ_ORCID_ID_SIZE],
                                 char name[BZ_ORCID_NAME_SIZE],
                                 struct bz_error *err)
{
    struct bz_error why = {0};
    int64_t account, researcher;
    enum bz_status rc;

    *account_id = 0;
    *researcher_id = 0;
    orcid[0] = '\0';
    name[0] = '\0';
    rc = bz_orcid_state_check(secret, state, state_len, now, &account,
                              &researcher, err);
    if (rc != BZ_OK)
        return rc;
    if (!orcid_code_ok(code))
        return bz_error_set(err, BZ_INVALID,
                            "orcid: the authorization code is missing or "
                            "malformed");
    if (orcid_ready(cfg, &why) != BZ_OK)
        return bz_error_set(err, BZ_IO, "%s", why.message);

    rc = orcid_exchange(cfg, code, orcid, name, err);
    if (rc != BZ_OK)
        return rc;
    *account_id = account;
    *researcher_id = researcher;
    return BZ_OK;
}
