/* config.c - reading bzpeer.conf and BZPEER_* variables. */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const config_known_keys[] = {
    "base_url",    "listen",       "db",         "db_pool",    "threads",
    "max_body",    "max_headers",  "idle_timeout", "log_level",
    "mail.host",   "mail.port",    "mail.user",  "mail.password",
    "mail.from",   "mail.dir",     "mail.tls",   "mail.ca_file",
    "secret",      "orcid.client_id", "orcid.client_secret",
    "orcid.authorize_url", "orcid.token_url", "orcid.ca_file",
    "trusted_proxies",
    "coi.years",
    "collaboration.daily_invitations",
    "digest.interval",
    "sqlite.mmap_mb",
    NULL,
};

void bz_config_init(struct bz_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
}

static struct bz_config_entry *config_find(struct bz_config *cfg,
                                           const char *key)
{
    int i;

    for (i = 0; i < cfg->count; i++)
        if (strcmp(cfg->entries[i].key, key) == 0)
            return &cfg->entries[i];
    return NULL;
}

const char *bz_config_get(const struct bz_config *cfg, const char *key)
{
    return config_find((struct bz_config *)cfg, key)
               ? config_find((struct bz_config *)cfg, key)->value
               : NULL;
}

enum bz_status bz_config_set(struct bz_config *cfg, const char *key,
                             const char *value, struct bz_error *err)
{
    struct bz_config_entry *e = config_find(cfg, key);

    if (strlen(key) >= sizeof(e->key))
        return bz_error_set(err, BZ_INVALID, "config key '%.40s...' too long",
                            key);
    if (strlen(value) >= BZ_CONFIG_VALUE_MAX)
        return bz_error_set(err, BZ_INVALID, "value of '%s' too long", key);
    if (e == NULL) {
        if (cfg->count == BZ_CONFIG_MAX_KEYS)
            return bz_error_set(err, BZ_INVALID, "too many config keys");
        e = &cfg->entries[cfg->count++];
        snprintf(e->key, sizeof(e->key), "%s", key);
    }
    snprintf(e->value, sizeof(e->value), "%s", value);
    return BZ_OK;
}

static char *config_trim(char *s)
{
    char *end;

    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

/* One line of the file: blank, comment, [section] or key = value. */
static enum bz_status config_parse_line(struct bz_config *cfg, char *line,
                                        char *section, size_t section_size,
                                        const char *path, int lineno,
                                        struct bz_error *err)
{
    char key[160], *eq, *name, *value;
    size_t len;

    line = config_trim(line);
    if (*line == '\0' || *line == '#' || *line == ';')
        return BZ_OK;
    len = strlen(line);
    if (*line == '[') {
        if (line[len - 1] != ']' || len < 3 || len - 2 >= section_size)
            return bz_error_set(err, BZ_INVALID, "%s:%d: bad section header",
                                path, lineno);
        line[len - 1] = '\0';
        snprintf(section, section_size, "%s", config_trim(line + 1));
        return BZ_OK;
    }
    eq = strchr(line, '=');
    if (eq == NULL)
        return bz_error_set(err, BZ_INVALID, "%s:%d: expected 'key = value'",
                            path, lineno);
    *eq = '\0';
    name = config_trim(line);
    value = config_trim(eq + 1);
    if (*name == '\0')
        return bz_error_set(err, BZ_INVALID, "%s:%d: empty key", path, lineno);
    if (*section)
        snprintf(key, sizeof(key), "%s.%s", section, name);
    else
        snprintf(key, sizeof(key), "%s", name);
    if (bz_config_set(cfg, key, value, err) != BZ_OK)
        return bz_error_set(err, BZ_INVALID, "%s:%d: %s", path, lineno,
                            err ? err->message : "bad entry");
    return BZ_OK;
}

enum bz_status bz_config_load_file(struct bz_config *cfg, const char *path,
                                   int required, struct bz_error *err)
{
    char line[2048], section[64] = "";
    int lineno = 0;
    enum bz_status rc = BZ_OK;
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        if (!required && errno == ENOENT)
            return BZ_OK;
        return bz_error_errno(err, errno, "cannot open config '%s'", path);
    }
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            rc = bz_error_set(err, BZ_INVALID, "%s:%d: line too long", path,
                              lineno);
            break;
        }
        rc = config_parse_line(cfg, line, section, sizeof(section), path,
                               lineno, err);
        if (rc != BZ_OK)
            break;
    }
    fclose(f);
    return rc;
}

static void config_env_name(const char *key, char *out, size_t size)
{
    size_t o = (size_t)snprintf(out, size, "BZPEER_");

    for (; *key && o + 1 < size; key++)
        out[o++] = *key == '.' ? '_' : (char)toupper((unsigned char)*key);
    out[o] = '\0';
}

static enum bz_status config_env_one(struct bz_config *cfg, const char *key,
                                     struct bz_error *err)
{
    char name[96];
    const char *value;

    config_env_name(key, name, sizeof(name));
    value = getenv(name);
    if (value == NULL)
        return BZ_OK;
    return bz_config_set(cfg, key, value, err);
}

enum bz_status bz_config_load_env(struct bz_config *cfg, struct bz_error *err)
{
    int i, count = cfg->count;
    enum bz_status rc;

    for (i = 0; config_known_keys[i]; i++)
        if ((rc = config_env_one(cfg, config_known_keys[i], err)) != BZ_OK)
            return rc;
    for (i = 0; i < count; i++)
        if ((rc = config_env_one(cfg, cfg->entries[i].key, err)) != BZ_OK)
            return rc;
    return BZ_OK;
}

static enum bz_status config_long(const struct bz_config *cfg, const char *key,
                                  long def, long min, long max, long *out,
                                  struct bz_error *err)
{
    const char *s = bz_config_get(cfg, key);
    char *end;
    long v;

    *out = def;
    if (s == NULL || *s == '\0')
        return BZ_OK;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < min || v > max)
        return bz_error_set(err, BZ_INVALID,
                            "config '%s': '%s' is not a number from %ld to %ld",
                            key, s, min, max);
    *out = v;
    return BZ_OK;
}

/* listen is "PORT", "HOST:PORT" or "[V6]:PORT". */
static enum bz_status config_listen(struct bz_config *cfg,
                                    struct bz_error *err)
{
    static char host[256];
    const char *s = bz_config_get(cfg, "listen");
    const char *colon, *port_text;
    char *end;
    long port;

    cfg->host = "127.0.0.1";
    cfg->port = 8080;
    if (s == NULL || *s == '\0')
        return BZ_OK;
    colon = strrchr(s, ':');
    port_text = colon ? colon + 1 : s;
    if (colon) {
        size_t n = (size_t)(colon - s);

        if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
            s++;
            n -= 2;
        }
        if (n == 0 || n >= sizeof(host))
            return bz_error_set(err, BZ_INVALID, "config 'listen': bad host");
        memcpy(host, s, n);
        host[n] = '\0';
        cfg->host = host;
    }
    errno = 0;
    port = strtol(port_text, &end, 10);
    if (errno || *end || end == port_text || port < 0 || port > 65535)
        return bz_error_set(err, BZ_INVALID,
                            "config 'listen': bad port '%s'", port_text);
    cfg->port = (int)port;
    return BZ_OK;
}

enum bz_status bz_config_finish(struct bz_config *cfg, struct bz_error *err)
{
    long threads, max_body, max_headers, idle, pool;
    long coi_years;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    enum bz_status rc;

    if ((rc = config_listen(cfg, err)) != BZ_OK)
        return rc;
    if (cores < 1)
        cores = 1;
    if ((rc = config_long(cfg, "threads", cores, 1, 256, &threads, err)) ||
        (rc = config_long(cfg, "max_body", 1L << 20, 1024, 1L << 30,
                          &max_body, err)) ||
        (rc = config_long(cfg, "max_headers", 16L << 10, 1024, 1L << 20,
                          &max_headers, err)) ||
        (rc = config_long(cfg, "idle_timeout", 30, 1, 3600, &idle, err)) ||
        (rc = config_long(cfg, "db_pool", threads, 1, 1024, &pool, err)) ||
        (rc = config_long(cfg, "collaboration.daily_invitations", 10, 0,
                          100000, &cfg->daily_invitations, err)) ||
        (rc = config_long(cfg, "sqlite.mmap_mb", 2048, 0, 1L << 20,
                          &cfg->sqlite_mmap_mb, err)))
        return rc;
    cfg->threads = (int)threads;
    cfg->db_pool = (int)pool;
    cfg->max_body = max_body;
    cfg->max_headers = max_headers;
    cfg->idle_timeout = (int)idle;
    /* the conflict-of-interest window, in years (graph/coi.h) */
    if ((rc = config_long(cfg, "coi.years", 5, 1, 100, &coi_years, err)))
        return rc;
    cfg->coi_years = (int)coi_years;

    cfg->db = bz_config_get(cfg, "db");
    if (cfg->db == NULL || *cfg->db == '\0')
        cfg->db = "var/bzpeer.db";
    cfg->base_url = bz_config_get(cfg, "base_url");
    if (cfg->base_url == NULL || *cfg->base_url == '\0')
        cfg->base_url = "http://127.0.0.1:8080";
    if (strncmp(cfg->base_url, "http://", 7) != 0 &&
        strncmp(cfg->base_url, "https://", 8) != 0)
        return bz_error_set(err, BZ_INVALID,
                            "config 'base_url': '%s' is not an http(s) URL",
                            cfg->base_url);
    cfg->log_level = bz_config_get(cfg, "log_level");
    if (cfg->log_level == NULL)
        cfg->log_level = "info";
    if (strcmp(cfg->log_level, "debug") && strcmp(cfg->log_level, "info") &&
        strcmp(cfg->log_level, "warn") && strcmp(cfg->log_level, "error"))
        return bz_error_set(err, BZ_INVALID,
                            "config 'log_level': '%s' is not debug, info, "
                            "warn or error",
                            cfg->log_level);
    return BZ_OK;
}

enum bz_status bz_config_load(struct bz_config *cfg, const char *path,
                              struct bz_error *err)
{
    enum bz_status rc;

    bz_config_init(cfg);
    if (path)
        rc = bz_config_load_file(cfg, path, 1, err);
    else
        rc = bz_config_load_file(cfg, "bzpeer.conf", 0, err);
    if (rc != BZ_OK)
        return rc;
    return bz_config_load_env(cfg, err);
}
