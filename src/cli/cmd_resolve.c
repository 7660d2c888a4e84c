/* cmd_resolve.c - `bzpeer resolve [--all] [--json]` (cmd_resolve.h). */
#include "cli/cmd_resolve.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "identity/pass.h"

static const char resolve_usage[] =
    "usage: bzpeer resolve [--db URL] [--all] [--json] [--config FILE]\n"
    "\n"
    "Merges the name-only researcher records that name resolution finds to\n"
    "be one person (docs/identity.md), for every record not weighed yet;\n"
    "`bzpeer import` does this after each import unless --no-resolve.\n"
    "  --all          weigh every record again, not only the new ones\n"
    "  --json         print {\"blocks\", \"merged\", \"too_large\"}\n"
    "  --db URL       the database (default var/bzpeer.db)\n"
    "  --config FILE  read FILE instead of ./bzpeer.conf\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static int resolve_usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "bzpeer resolve: %s '%s'\n%s", what, arg, resolve_usage);
    return 2;
}

int bz_cmd_resolve(int argc, char **argv)
{
    const char *db = NULL, *config = NULL;
    struct bz_identity_pass_report report = {0};
    struct bz_error err = {0};
    struct bz_config cfg;
    struct bz_store *store;
    int all = 0, json = 0, code;
    enum bz_status rc = BZ_OK;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(resolve_usage, stdout);
            return 0;
        } else if (strcmp(a, "--all") == 0) {
            all = 1;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0) {
            if (i + 1 >= argc)
                return resolve_usage_error("missing value for", a);
            *(a[2] == 'd' ? &db : &config) = argv[++i];
        } else {
            return resolve_usage_error(a[0] == '-' ? "unknown option"
                                                   : "unexpected argument",
                                       a);
        }
    }
    if ((code = bz_cli_store_open(config, db, &cfg, &store)) != 0)
        return code;

    if (all)
        rc = store->ops->identity_recheck(store, &err);
    if (rc == BZ_OK)
        rc = bz_identity_pass(store, &report, &err);
    if (rc != BZ_OK) {
        fprintf(stderr, "bzpeer: name resolution: %s\n", err.message);
        code = 1;
    } else if (json) {
        printf("{\"blocks\": %ld, \"merged\": %ld, \"too_large\": %ld}\n",
               report.blocks, report.merged, report.too_large);
    } else {
        printf("weighed %ld block(s): merged %ld record(s)", report.blocks,
               report.merged);
        if (report.too_large)
            printf("; %ld block(s) too large to weigh", report.too_large);
        putchar('\n');
    }
    bz_store_close(store);
    return code;
}
