/* cli.c - the configuration and store of a command (cli.h). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int bz_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

int bz_cli_store_open(const char *config_file, const char *db,
                      struct bz_config *cfg, struct bz_store **store)
{
    struct bz_error err = {0};

    *store = NULL;
    if (bz_config_load(cfg, config_file, &err) != BZ_OK ||
        (db && bz_config_set(cfg, "db", db, &err) != BZ_OK) ||
        bz_config_finish(cfg, &err) != BZ_OK ||
        bz_store_open(cfg->db, store, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return 1;
    }
    return 0;
}
