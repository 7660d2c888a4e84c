/* config.h - bzpeer.conf (INI), BZPEER_* variables, then flags.
 *
 * Keys are `name` or `section.name` (a `[mail]` section's `host` is
 * `mail.host`). Each key may also come from the environment as BZPEER_ and
 * the key upper-cased with dots as underscores (BZPEER_MAIL_HOST), which
 * wins over the file; flags win over both (the commands set them with
 * bz_config_set). Known keys are checked and typed by bz_config_finish().
 */
#ifndef BZ_CONFIG_H
#define BZ_CONFIG_H

#include "core/error.h"

#define BZ_CONFIG_MAX_KEYS 64
#define BZ_CONFIG_VALUE_MAX 1024

struct bz_config_entry {
    char key[64];
    char value[BZ_CONFIG_VALUE_MAX];
};

struct bz_config {
    struct bz_config_entry entries[BZ_CONFIG_MAX_KEYS];
    int count;

    /* typed views of the known keys, filled by bz_config_finish() */
    const char *base_url;  /* absolute; default http://127.0.0.1:8080 */
    const char *host;      /* from listen; default 127.0.0.1 */
    int port;              /* from listen; default 8080 */
    const char *db;        /* default var/bzpeer.db */
    int db_pool;           /* most connections; default: threads */
    int threads;           /* event loops; default: the number of cores */
    long max_body;         /* bytes; default 1 MiB */
    long max_headers;      /* bytes; default 16 KiB */
    int idle_timeout;      /* seconds; default 30 */
    const char *log_level; /* debug, info, warn, error */
    int coi_years;         /* coi.years: the conflict window; default 5 */
    /* collaboration.daily_invitations: invitations one account may send
     * in any 24 hours; default 10, 0 sends none */
    long daily_invitations;
    /* sqlite.mmap_mb: megabytes of a SQLite database the server reads
     * through a memory map (store.h, bz_store_map_reads); default 2048,
     * 0 reads with pread */
    long sqlite_mmap_mb;
};

/* Empties cfg and sets the defaults. */
void bz_config_init(struct bz_config *cfg);

/* Reads an INI file. A missing file is an error only when required is set.
 * Errors say `FILE:LINE: reason`. */
enum bz_status bz_config_load_file(struct bz_config *cfg, const char *path,
                                   int required, struct bz_error *err);

/* Applies BZPEER_* variables for every key the file set and every known key. */
enum bz_status bz_config_load_env(struct bz_config *cfg, struct bz_error *err);

/* Sets a key (a flag on the command line). */
enum bz_status bz_config_set(struct bz_config *cfg, const char *key,
                             const char *value, struct bz_error *err);

/* The value of key, or NULL. The string belongs to cfg. */
const char *bz_config_get(const struct bz_config *cfg, const char *key);

/* Checks and types the known keys. */
enum bz_status bz_config_finish(struct bz_config *cfg, struct bz_error *err);

/* The usual sequence for a command: defaults, the file (--config FILE is
 * required to exist; ./bzpeer.conf is used when present), the
 * environment. Flags are set afterwards, then bz_config_finish(). */
enum bz_status bz_config_load(struct bz_config *cfg, const char *path,
                              struct bz_error *err);

#endif
