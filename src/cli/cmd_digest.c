/* cmd_digest.c - `bzpeer digest [--all]` (cmd_digest.h). */
#include "cli/cmd_digest.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "follow/digest.h"
#include "mail/outbox.h"

static const char digest_usage[] =
    "usage: bzpeer digest [--db URL] [--all] [--config FILE]\n"
    "\n"
    "Mails every account that turned the weekly digest on, and whose last\n"
    "digest is digest.interval seconds old (a week by default), the works\n"
    "of the researchers it follows that came since; an account with none\n"
    "gets no mail. Each server does this on its own too; an account's\n"
    "digest is never sent twice, whoever runs it.\n"
    "  --all          every account with the digest on, however recent its\n"
    "                 last one\n"
    "  --db URL       the database (default var/bzpeer.db)\n"
    "  --config FILE  read FILE instead of ./bzpeer.conf\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static int digest_usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "bzpeer digest: %s '%s'\n%s", what, arg, digest_usage);
    return 2;
}

int bz_cmd_digest(int argc, char **argv)
{
    const char *db = NULL, *config = NULL;
    struct bz_error err = {0};
    struct bz_config cfg;
    struct bz_store *store;
    int64_t interval;
    int all = 0, code, queued = 0, sent = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(digest_usage, stdout);
            return 0;
        } else if (strcmp(a, "--all") == 0) {
            all = 1;
        } else if (strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0) {
            if (i + 1 >= argc)
                return digest_usage_error("missing value for", a);
            *(a[2] == 'd' ? &db : &config) = argv[++i];
        } else {
            return digest_usage_error(a[0] == '-' ? "unknown option"
                                                  : "unexpected argument",
                                      a);
        }
    }
    if ((code = bz_cli_store_open(config, db, &cfg, &store)) != 0)
        return code;
    if (bz_digest_interval(&cfg, &interval, &err) != BZ_OK ||
        bz_digest_run(store, &cfg, (int64_t)time(NULL), all ? 0 : interval,
                      &queued, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: digest: %s\n", err.message);
        code = 1;
    } else {
        if (bz_outbox_flush(store, &cfg, &sent, &err) != BZ_OK)
            fprintf(stderr, "bzpeer: warning: mail kept in the outbox: %s\n",
                    err.message);
        printf("queued %d digest(s)\n", queued);
    }
    bz_store_close(store);
    return code;
}
