/* cli.h - what the commands share: asking for help, opening the
 * configuration and the store a command works on. */
#ifndef BZ_CLI_H
#define BZ_CLI_H

#include "core/config.h"
#include "store/store.h"

/* 1 when any argument after argv[0] is --help or -h. */
int bz_cli_wants_help(int argc, char **argv);

/* Loads the configuration (config_file, or NULL for the default search),
 * sets its db to db when that is not NULL, and opens the store. Returns
 * 0, or 1 after printing "bzpeer: REASON" on stderr (*store is then
 * NULL). The caller closes *store with bz_store_close and releases cfg
 * as config.h says. */
int bz_cli_store_open(const char *config_file, const char *db,
                      struct bz_config *cfg, struct bz_store **store);

#endif
