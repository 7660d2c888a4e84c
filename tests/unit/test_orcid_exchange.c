/* test_orcid_exchange.c - the whole ORCID sign-in against a real OAuth
 * server on loopback (tests/integration/orcid_server.mjs under node):
 * the authorize redirect, the code exchange over http and https, and the
 * refusals (a wrong secret, a reused code, odd answers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
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
#include "import/json_tree.h"
#include "oauth/orcid.h"
#include "support/text_file.h"

extern char **environ;

#define CLIENT_ID "APP-BZPEERTEST0001"
#define CLIENT_SECRET "test-secret-5b1f0c2e"
#define BASE_URL "https://peer.test"
#define NOW INT64_C(1767225600)

struct oauth_server {
    pid_t pid;
    char url[64]; /* http(s)://127.0.0.1:PORT */
};

static char temp_root[PATH_MAX];
static struct oauth_server plain, secure;
static char ca_file[PATH_MAX + 16];
static struct bz_secret secret;

static void make_temp_root(void)
{
    const char *tmp = getenv("BZ_TEST_TMP");

    snprintf(temp_root, sizeof(temp_root), "%s/orcid-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(temp_root));
}

static int run_quiet(char *const argv[])
{
    posix_spawn_file_actions_t actions;
    pid_t pid;
    int status = -1;

    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    if (posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ) == 0)
        waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&actions);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Starts orcid_server.mjs under node; cert and key make it https. */
static void server_start(struct oauth_server *s, const char *name,
                         const char *cert, const char *key)
{
    char script[PATH_MAX], port_file[PATH_MAX + 32];
    const char *source = getenv("BZ_SOURCE_DIR");
    char *port = NULL;
    int i, status;

    snprintf(script, sizeof(script), "%s/tests/integration/orcid_server.mjs",
             source && *source ? source : ".");
    snprintf(port_file, sizeof(port_file), "%s/%s.port", temp_root, name);
    {
        char *argv[] = {"node", script, "--port-file", port_file,
                        cert ? "--cert" : NULL, (char *)cert, "--key",
                        (char *)key, NULL};
        posix_spawn_file_actions_t actions;

        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY,
                                         0);
        assert_int_equal(posix_spawnp(&s->pid, "node", &actions, NULL, argv,
                                      environ),
                         0);
        posix_spawn_file_actions_destroy(&actions);
    }
    for (i = 0; i < 400 && port == NULL; i++) {
        if (waitpid(s->pid, &status, WNOHANG) == s->pid)
            fail_msg("orcid_server.mjs exited (is node on PATH?)");
        port = text_file_read(port_file, NULL);
        if (port == NULL)
            usleep(25 * 1000);
    }
    assert_non_null(port);
    snprintf(s->url, sizeof(s->url), "%s://127.0.0.1:%s",
             cert ? "https" : "http", port);
    free(port);
}

static void server_stop(struct oauth_server *s)
{
    int status;

    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, &status, 0);
        s->pid = 0;
    }
}

static int setup(void **state)
{
    char cert[PATH_MAX + 16], key[PATH_MAX + 16];

    (void)state;
    memset(secret.bytes, 9, sizeof(secret.bytes));
    curl_global_init(CURL_GLOBAL_DEFAULT);
    make_temp_root();
    snprintf(cert, sizeof(cert), "%s/cert.pem", temp_root);
    snprintf(key, sizeof(key), "%s/key.pem", temp_root);
    {
        char *argv[] = {"openssl", "req", "-x509", "-newkey", "ec",
                        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-days", "1", "-keyout", key, "-out", cert, "-subj",
                        "/CN=localhost", "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost", NULL};

        if (run_quiet(argv) != 0)
            return -1;
    }
    snprintf(ca_file, sizeof(ca_file), "%s", cert);
    server_start(&plain, "plain", NULL, NULL);
    server_start(&secure, "secure", cert, key);
    return 0;
}

static int teardown(void **state)
{
    char path[PATH_MAX + 32];

    (void)state;
    server_stop(&plain);
    server_stop(&secure);
    snprintf(path, sizeof(path), "%s/cert.pem", temp_root);
    unlink(path);
    snprintf(path, sizeof(path), "%s/key.pem", temp_root);
    unlink(path);
    snprintf(path, sizeof(path), "%s/plain.port", temp_root);
    unlink(path);
    snprintf(path, sizeof(path), "%s/secure.port", temp_root);
    unlink(path);
    rmdir(temp_root);
    curl_global_cleanup();
    return 0;
}

/* A finished config for server s (its token_url; authorize_url too),
 * with secret as the client secret and base as base_url. */
static void config_for(struct bz_config *cfg, const struct oauth_server *s,
                       const char *client_secret, const char *base,
                       int with_ca)
{
    struct bz_error err = {0};
    char url[128];

    bz_config_init(cfg);
    assert_int_equal(bz_config_set(cfg, "base_url", base, &err), BZ_OK);
    assert_int_equal(bz_config_set(cfg, "orcid.client_id", CLIENT_ID, &err),
                     BZ_OK);
    assert_int_equal(bz_config_set(cfg, "orcid.client_secret", client_secret,
                                   &err),
                     BZ_OK);
    snprintf(url, sizeof(url), "%s/oauth/authorize", s->url);
    assert_int_equal(bz_config_set(cfg, "orcid.authorize_url", url, &err),
                     BZ_OK);
    snprintf(url, sizeof(url), "%s/oauth/token", s->url);
    assert_int_equal(bz_config_set(cfg, "orcid.token_url", url, &err), BZ_OK);
    if (with_ca)
        assert_int_equal(bz_config_set(cfg, "orcid.ca_file", ca_file, &err),
                         BZ_OK);
    assert_int_equal(bz_config_finish(cfg, &err), BZ_OK);
    assert_int_equal(bz_orcid_check_config(cfg, &err), BZ_OK);
}

static size_t collect(char *data, size_t size, size_t count, void *arg)
{
    bz_buf_add(arg, data, size * count);
    return size * count;
}

/* One request with libcurl, as the browser or the test would make it.
 * Returns the status; the body in body (when not NULL), the Location in
 * location (when not NULL, size bytes). */
static long fetch(const char *url, const char *post, struct bz_buf *body,
                  char *location, size_t size)
{
    struct curl_slist *headers = NULL;
    struct bz_buf ignored;
    char *redirect = NULL;
    long status = 0;
    CURL *curl = curl_easy_init();

    assert_non_null(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    if (post) {
        headers = curl_slist_append(NULL, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post);
    }
    bz_buf_init(&ignored, 0);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, body ? body : &ignored);
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    bz_buf_release(&ignored);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (location) {
        curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &redirect);
        snprintf(location, size, "%s", redirect ? redirect : "");
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return status;
}

/* The value of query parameter name in url (codes and states need no
 * decoding: their characters are unreserved). */
static void query_param(const char *url, const char *name, char *out,
                        size_t size)
{
    char key[32];
    const char *p;
    size_t n;

    snprintf(key, sizeof(key), "%s=", name);
    p = strstr(url, key);
    assert_non_null(p);
    p += strlen(key);
    n = strcspn(p, "&#");
    assert_true(n < size);
    memcpy(out, p, n);
    out[n] = '\0';
}

/* Goes through the authorize step as a browser that signs in at once
 * (extra: more query, the server's knobs); returns the code and state the
 * server sent back to the redirect URI. */
static void sign_in(const struct bz_config *cfg, int64_t account,
                    int64_t researcher, const char *extra, char *code,
                    size_t code_size, char *state, size_t state_size)
{
    struct bz_error err = {0};
    struct bz_buf url;
    char location[4096];

    bz_buf_init(&url, 0);
    assert_int_equal(bz_orcid_authorize_url(cfg, &secret, account,
                                            researcher, NOW, &url, &err),
                     BZ_OK);
    if (extra)
        bz_buf_puts(&url, extra);
    assert_int_equal(fetch(url.data, NULL, NULL, location, sizeof(location)),
                     302);
    bz_buf_release(&url);
    if (strncmp(location, cfg->base_url, strlen(cfg->base_url)) != 0 ||
        strstr(location, "/oauth/orcid/callback?") == NULL)
        fail_msg("redirected to '%s'", location);
    query_param(location, "code", code, code_size);
    query_param(location, "state", state, state_size);
}

/* Makes the server's next token response status and body. */
static void respond_next(const struct oauth_server *s, long status,
                         const char *content_type, const char *body)
{
    struct bz_buf json, reply;
    char url[128];
    const char *p;

    bz_buf_init(&json, 0);
    bz_buf_printf(&json, "{\"status\":%ld,\"contentType\":\"%s\",\"body\":\"",
                  status, content_type);
    for (p = body; *p; p++) {
        if (*p == '"' || *p == '\\')
            bz_buf_putc(&json, '\\');
        bz_buf_putc(&json, *p);
    }
    bz_buf_puts(&json, "\"}");
    snprintf(url, sizeof(url), "%s/control/next", s->url);
    bz_buf_init(&reply, 0);
    assert_int_equal(fetch(url, json.data, &reply, NULL, 0), 200);
    bz_buf_release(&reply);
    bz_buf_release(&json);
}

/* --- the tests ---------------------------------------------------------- */

static void test_exchange(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    char code[64], value[BZ_SIGN_SIZE], orcid[BZ_ORCID_ID_SIZE];
    char name[BZ_ORCID_NAME_SIZE];
    int64_t account, researcher;

    (void)state;
    config_for(&cfg, &plain, CLIENT_SECRET, BASE_URL, 0);
    sign_in(&cfg, 42, 1234, NULL, code, sizeof(code), value, sizeof(value));
    assert_int_equal(bz_orcid_callback(&cfg, &secret, code, value,
                                       strlen(value), NOW + 5, &account,
                                       &researcher, orcid, name, &err),
                     BZ_OK);
    assert_string_equal(orcid, "0000-0002-1825-0097");
    assert_string_equal(name, "Josiah Carberry");
    assert_int_equal(account, 42);
    assert_int_equal(researcher, 1234);

    /* the person the test chooses, with a name that needs escaping */
    sign_in(&cfg, 7, 8,
            "&orcid=0000-0001-5109-3700&name=Ren%C3%A9e%20%22Q%22%20%26%20Co",
            code, sizeof(code), value, sizeof(value));
    assert_int_equal(bz_orcid_callback(&cfg, &secret, code, value,
                                       strlen(value), NOW + 5, &account,
                                       &researcher, orcid, name, &err),
                     BZ_OK);
    assert_string_equal(orcid, "0000-0001-5109-3700");
    assert_string_equal(name, "Ren\xc3\xa9" "e \"Q\" & Co");
    assert_int_equal(account, 7);
}

static void test_request_sent(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_buf reply;
    char code[64], value[BZ_SIGN_SIZE], orcid[BZ_ORCID_ID_SIZE];
    char name[BZ_ORCID_NAME_SIZE], url[128], reason[128];
    int64_t account, researcher;
    yajl_val root, last, headers, fields;

    (void)state;
    config_for(&cfg, &plain, CLIENT_SECRET, BASE_URL "/", 0);
    sign_in(&cfg, 1, 2, NULL, code, sizeof(code), value, sizeof(value));
    assert_int_equal(bz_orcid_callback(&cfg, &secret, code, value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_OK);
    snprintf(url, sizeof(url), "%s/control/requests", plain.url);
    bz_buf_init(&reply, 0);
    assert_int_equal(fetch(url, NULL, &reply, NULL, 0), 200);
    root = bz_jt_parse(reply.data, reply.len, reason, sizeof(reason));
    assert_non_null(root);
    assert_true(YAJL_IS_ARRAY(root) && root->u.array.len > 0);
    last = root->u.array.values[root->u.array.len - 1];
    headers = bz_jt_get(last, "headers");
    fields = bz_jt_get(last, "fields");
    assert_string_equal(bz_jt_string(headers, "accept", NULL),
                        "application/json");
    assert_string_equal(bz_jt_string(headers, "content-type", NULL),
                        "application/x-www-form-urlencoded");
    assert_string_equal(bz_jt_string(fields, "client_id", NULL), CLIENT_ID);
    assert_string_equal(bz_jt_string(fields, "client_secret", NULL),
                        CLIENT_SECRET);
    assert_string_equal(bz_jt_string(fields, "grant_type", NULL),
                        "authorization_code");
    assert_string_equal(bz_jt_string(fields, "code", NULL), code);
    assert_string_equal(bz_jt_string(fields, "redirect_uri", NULL),
                        BASE_URL "/oauth/orcid/callback");
    yajl_tree_free(root);
    bz_buf_release(&reply);
}

static void test_reused_and_unknown_code(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    char code[64], value[BZ_SIGN_SIZE], orcid[BZ_ORCID_ID_SIZE];
    char name[BZ_ORCID_NAME_SIZE];
    int64_t account, researcher;

    (void)state;
    config_for(&cfg, &plain, CLIENT_SECRET, BASE_URL, 0);
    sign_in(&cfg, 3, 4, NULL, code, sizeof(code), value, sizeof(value));
    assert_int_equal(bz_orcid_callback(&cfg, &secret, code, value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_OK);
    assert_int_equal(bz_orcid_callback(&cfg, &secret, code, value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_INVALID);
    assert_string_equal(err.message,
                        "orcid: the token exchange failed: 400 invalid_grant");
    assert_int_equal(account, 0);
    assert_string_equal(orcid, "");

    /* a code the server never gave */
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "zz9plural", value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_INVALID);
    assert_string_equal(err.message,
                        "orcid: the token exchange failed: 400 invalid_grant");
}

static void test_wrong_secret(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    char code[64], value[BZ_SIGN_SIZE], orcid[BZ_ORCID_ID_SIZE];
    char name[BZ_ORCID_NAME_SIZE];
    int64_t account, researcher;

    (void)state;
    config_for(&cfg, &plain, "not-the-secret-77", BASE_URL, 0);
    sign_in(&cfg, 3, 4, NULL, code, sizeof(code), value, sizeof(value));
    assert_int_equal(bz_orcid_callback(&cfg, &secret, code, value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_IO);
    assert_string_equal(err.message,
                        "orcid: the token exchange failed: 401 invalid_client");
    assert_null(strstr(err.message, "not-the-secret-77"));
    assert_int_equal(account, 0);
}

static void test_redirect_uri_mismatch(void **state)
{
    struct bz_config cfg, moved;
    struct bz_error err = {0};
    char code[64], value[BZ_SIGN_SIZE], orcid[BZ_ORCID_ID_SIZE];
    char name[BZ_ORCID_NAME_SIZE];
    int64_t account, researcher;

    (void)state;
    config_for(&cfg, &plain, CLIENT_SECRET, BASE_URL, 0);
    config_for(&moved, &plain, CLIENT_SECRET, "https://other.test", 0);
    sign_in(&cfg, 3, 4, NULL, code, sizeof(code), value, sizeof(value));
    assert_int_equal(bz_orcid_callback(&moved, &secret, code, value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_INVALID);
    assert_string_equal(err.message,
                        "orcid: the token exchange failed: 400 invalid_grant");
}

static void test_odd_answers(void **state)
{
    static const struct {
        long status;
        const char *type;
        const char *body;
        const char *message;
    } cases[] = {
        {200, "application/json",
         "{\"access_token\":\"tok-9\",\"orcid\":\"0000-0002-1825-0098\"}",
         "orcid: the token exchange failed: the token response's 'orcid' is "
         "not an ORCID iD"},
        {200, "application/json", "{\"access_token\":\"tok-9\"}",
         "orcid: the token exchange failed: the token response has no "
         "'orcid'"},
        {200, "text/html", "<html>maintenance</html>",
         "orcid: the token exchange failed: the token response is not JSON"},
        {500, "text/html", "<html>oops</html>",
         "orcid: the token exchange failed: 500"},
        {503, "application/json", "{\"error\":\"Server Error!\"}",
         "orcid: the token exchange failed: 503"},
        {400, "application/json",
         "{\"error\":\"invalid_request\",\"error_description\":\"x\"}",
         "orcid: the token exchange failed: 400 invalid_request"},
        {302, "text/plain", "", "orcid: the token exchange failed: 302"},
    };
    struct bz_config cfg;
    struct bz_error err = {0};
    char orcid[BZ_ORCID_ID_SIZE], name[BZ_ORCID_NAME_SIZE];
    char value[BZ_SIGN_SIZE];
    int64_t account, researcher;
    size_t i;

    (void)state;
    config_for(&cfg, &plain, CLIENT_SECRET, BASE_URL, 0);
    assert_int_equal(bz_orcid_state_make(&secret, 3, 4, NOW, value, &err),
                     BZ_OK);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        respond_next(&plain, cases[i].status, cases[i].type, cases[i].body);
        assert_int_equal(bz_orcid_callback(&cfg, &secret, "abc", value,
                                           strlen(value), NOW, &account,
                                           &researcher, orcid, name, &err),
                         BZ_IO);
        if (strncmp(err.message, cases[i].message,
                    strlen(cases[i].message)) != 0)
            fail_msg("case %zu gave '%s'", i, err.message);
        assert_null(strstr(err.message, "tok-9"));
        assert_int_equal(account, 0);
    }
}

static void test_huge_answer(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    char orcid[BZ_ORCID_ID_SIZE], name[BZ_ORCID_NAME_SIZE];
    char value[BZ_SIGN_SIZE], *body;
    int64_t account, researcher;
    size_t n = 4 * BZ_ORCID_RESPONSE_MAX, head;

    (void)state;
    body = malloc(n + 64);
    assert_non_null(body);
    strcpy(body, "{\"orcid\":\"0000-0002-1825-0097\",\"pad\":\"");
    head = strlen(body);
    memset(body + head, 'x', n);
    strcpy(body + head + n, "\"}");
    config_for(&cfg, &plain, CLIENT_SECRET, BASE_URL, 0);
    assert_int_equal(bz_orcid_state_make(&secret, 3, 4, NOW, value, &err),
                     BZ_OK);
    respond_next(&plain, 200, "application/json", body);
    assert_int_equal(bz_orcid_callback(&cfg, &secret, "abc", value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_IO);
    assert_string_equal(err.message,
                        "orcid: the token exchange failed: the response is "
                        "larger than 65536 bytes");
    free(body);
}

static void test_https(void **state)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    char code[64], value[BZ_SIGN_SIZE], orcid[BZ_ORCID_ID_SIZE];
    char name[BZ_ORCID_NAME_SIZE];
    int64_t account, researcher;

    (void)state;
    config_for(&cfg, &secure, CLIENT_SECRET, BASE_URL, 1);
    sign_in(&cfg, 11, 12, NULL, code, sizeof(code), value, sizeof(value));
    assert_int_equal(bz_orcid_callback(&cfg, &secret, code, value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_OK);
    assert_string_equal(orcid, "0000-0002-1825-0097");
    assert_int_equal(account, 11);

    /* without the CA the certificate is refused: no secret is sent to a
     * server that cannot prove who it is */
    config_for(&cfg, &secure, CLIENT_SECRET, BASE_URL, 0);
    sign_in(&cfg, 11, 12, NULL, code, sizeof(code), value, sizeof(value));
    assert_int_equal(bz_orcid_callback(&cfg, &secret, code, value,
                                       strlen(value), NOW, &account,
                                       &researcher, orcid, name, &err),
                     BZ_IO);
    assert_int_equal(strncmp(err.message,
                             "orcid: the token exchange failed: ", 34),
                     0);
    assert_non_null(strstr(err.message, "certificate"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exchange),
        cmocka_unit_test(test_request_sent),
        cmocka_unit_test(test_reused_and_unknown_code),
        cmocka_unit_test(test_wrong_secret),
        cmocka_unit_test(test_redirect_uri_mismatch),
        cmocka_unit_test(test_odd_answers),
        cmocka_unit_test(test_huge_answer),
        cmocka_unit_test(test_https),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
