/* cmd_claims.c - `bzpeer claims list|show|add|approve|reject|revoke`. */
#include "cli/cmd_claims.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "cli/cli.h"
#include "claim/claim.h"
#include "core/config.h"
#include "core/ids.h"
#include "mail/outbox.h"

static const char usage_claims[] =
    "usage: bzpeer claims list [--state STATE] [--db URL] [--config FILE]\n"
    "       bzpeer claims show [--db URL] [--config FILE] ID\n"
    "       bzpeer claims add --account EMAIL --evidence KIND [--note TEXT]\n"
    "                         [--detail TEXT] [--db URL] [--config FILE] R\n"
    "       bzpeer claims approve [--level 2|3] [--reason TEXT] ID\n"
    "       bzpeer claims reject --reason TEXT ID\n"
    "       bzpeer claims revoke --reason TEXT ID\n"
    "\n"
    "list prints the claims of researcher records, oldest first, one a\n"
    "line: claim, state, record, record's name, account, evidence, level,\n"
    "time (UTC) and reason, separated by tabs. show prints one claim, its\n"
    "note and evidence, and its audit entries. add records a claim an\n"
    "account made by other means (a letter, a mail to the moderators),\n"
    "under the rules a claim from the web follows: KIND is statement,\n"
    "documents (--detail: the links, one a line), domain_email or\n"
    "metadata_email (checked against the account's confirmed address); an\n"
    "ORCID claim is made by signing in with ORCID, not here. approve,\n"
    "reject and revoke decide a claim (ID: C12 or 12); the claimant is\n"
    "told by mail, and the reason is shown to them. Every change is\n"
    "written to the audit log.\n"
    "  --state STATE   pending, approved, rejected, withdrawn or disputed\n"
    "  --level 2|3     the level to approve at (default: 2 for a\n"
    "                  statement, 3 for any other evidence)\n"
    "  --reason TEXT   why, shown to the claimant\n"
    "  --db URL        the database (default var/bzpeer.db)\n"
    "  --config FILE   read FILE instead of ./bzpeer.conf\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

struct claims_args {
    const char *config, *db, *state, *reason, *account, *evidence, *note,
        *detail, *level;
    const char *word;
};

static int claims_usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "bzpeer: %s%s%s%s\n%s", what, arg ? " '" : "",
            arg ? arg : "", arg ? "'" : "", usage_claims);
    return 2;
}

/* The options taking a value, and where each goes. */
static const char **claims_slot(struct claims_args *a, const char *opt)
{
    static const struct {
        const char *name;
        size_t offset;
    } options[] = {
        {"--db", offsetof(struct claims_args, db)},
        {"--config", offsetof(struct claims_args, config)},
        {"--state", offsetof(struct claims_args, state)},
        {"--reason", offsetof(struct claims_args, reason)},
        {"--account", offsetof(struct claims_args, account)},
        {"--evidence", offsetof(struct claims_args, evidence)},
        {"--note", offsetof(struct claims_args, note)},
        {"--detail", offsetof(struct claims_args, detail)},
        {"--level", offsetof(struct claims_args, level)},
    };

    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
        if (strcmp(opt, options[i].name) == 0)
            return (const char **)(void *)((char *)a + options[i].offset);
    return NULL;
}

/* Reads the options (those in allowed, a space-separated list, besides
 * --db and --config) and at most one word; -1 when they parse, else the
 * exit status. */
static int claims_parse(int argc, char **argv, const char *allowed,
                        int wants_word, struct claims_args *a)
{
    memset(a, 0, sizeof(*a));
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = claims_slot(a, arg);
        int known =
            slot && (strcmp(arg, "--db") == 0 || strcmp(arg, "--config") == 0 ||
                     strstr(allowed, arg) != NULL);

        if (known) {
            if (i + 1 >= argc)
                return claims_usage_error("missing value for", arg);
            *slot = argv[++i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return claims_usage_error("unknown option", arg);
        } else if (wants_word && a->word == NULL) {
            a->word = arg;
        } else {
            return claims_usage_error("unexpected argument", arg);
        }
    }
    if (wants_word && a->word == NULL)
        return claims_usage_error(argv[0][0] == 'a' && argv[0][1] == 'd'
                                      ? "claims add needs a record"
                                      : "which claim? give its id",
                                  NULL);
    return -1;
}

/* "C12" or "12" as 12; -1 when it is neither. */
static int claims_id(const char *text, int64_t *id)
{
    char *end;
    long long n;

    if (text[0] == 'C' || text[0] == 'c')
        text++;
    if (*text < '0' || *text > '9')
        return -1;
    n = strtoll(text, &end, 10);
    if (*end != '\0' || n <= 0)
        return -1;
    *id = n;
    return 0;
}

/* Seconds as UTC "2026-12-03T16:20:00Z", or "" for 0. */
static const char *claims_time(int64_t t, char *buf, size_t size)
{
    time_t when = (time_t)t;
    struct tm tm;

    buf[0] = '\0';
    if (t > 0 && gmtime_r(&when, &tm) != NULL)
        strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/* Sends what the command queued; a failure leaves it queued for the
 * server's sender, and is only a warning. */
static void claims_send_mail(struct bz_store *store,
                             const struct bz_config *cfg)
{
    struct bz_error err = {0};
    int sent = 0;

    if (bz_outbox_flush(store, cfg, &sent, &err) != BZ_OK)
        fprintf(stderr, "bzpeer: warning: mail kept in the outbox: %s\n",
                err.message);
}

static int claims_list(int argc, char **argv)
{
    struct claims_args a;
    struct bz_config cfg;
    struct bz_store *store;
    struct bz_claim_ctx ctx = {0};
    struct bz_claim_filter filter = {0};
    struct bz_claim *claims;
    struct bz_arena arena;
    struct bz_error err = {0};
    enum bz_claim_state state;
    int64_t after = 0;
    size_t count;
    int more = 1, code = claims_parse(argc, argv, "--state", 0, &a);

    if (code >= 0)
        return code;
    if (a.state && bz_claim_state_parse(a.state, &state) < 0)
        return claims_usage_error("no claim state", a.state);
    if ((code = bz_cli_store_open(a.config, a.db, &cfg, &store)) != 0)
        return code;
    ctx.store = store;
    ctx.cfg = &cfg;
    filter.state = a.state;
    bz_arena_init(&arena, 0);
    code = 0;
    while (more && code == 0) {
        if (bz_claim_list(&ctx, &arena, 0, &filter, after, 500, &claims, &count,
                          &more, &err) != BZ_OK) {
            fprintf(stderr, "bzpeer: claims list: %s\n", err.message);
            code = 1;
            break;
        }
        for (size_t i = 0; i < count; i++) {
            const struct bz_claim *c = &claims[i];
            char when[32];

            printf("C%lld\t%s\tR%lld\t%s\t%s\t%s\t%s%d\t%s\t%s\n",
                   (long long)c->id, c->state, (long long)c->researcher_id,
                   c->researcher_name ? c->researcher_name : "",
                   c->account_email ? c->account_email : "-", c->evidence,
                   c->level ? "L" : "", c->level,
                   claims_time(c->created_at, when, sizeof when),
                   c->reason ? c->reason : "");
            after = c->id;
        }
        bz_arena_reset(&arena);
        if (count == 0)
            break;
    }
    bz_arena_release(&arena);
    bz_store_close(store);
    return code;
}

static int claims_show(int argc, char **argv)
{
    struct claims_args a;
    struct bz_config cfg;
    struct bz_store *store;
    struct bz_claim_ctx ctx = {0};
    struct bz_claim_view v;
    struct bz_arena arena;
    struct bz_error err = {0};
    char made[32], decided[32];
    int64_t id;
    int code = claims_parse(argc, argv, "", 1, &a);

    if (code >= 0)
        return code;
    if (claims_id(a.word, &id) < 0)
        return claims_usage_error("not a claim id", a.word);
    if ((code = bz_cli_store_open(a.config, a.db, &cfg, &store)) != 0)
        return code;
    ctx.store = store;
    ctx.cfg = &cfg;
    bz_arena_init(&arena, 0);
    if (bz_claim_get(&ctx, &arena, 0, id, &v, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: claims show: %s\n", err.message);
        code = 1;
    } else {
        const struct bz_claim *c = &v.claim;

        printf("claim\tC%lld\nstate\t%s\nrecord\tR%lld\t%s\n"
               "account\t%s\nevidence\t%s\ndetail\t%s\nnote\t%s\n"
               "level\t%d\nreason\t%s\ncreated\t%s\ndecided\t%s\n",
               (long long)c->id, c->state, (long long)c->researcher_id,
               c->researcher_name ? c->researcher_name : "",
               c->account_email ? c->account_email : "-", c->evidence,
               c->evidence_detail ? c->evidence_detail : "",
               c->note ? c->note : "", c->level, c->reason ? c->reason : "",
               claims_time(c->created_at, made, sizeof made),
               claims_time(c->decided_at, decided, sizeof decided));
        for (size_t i = 0; i < v.history_count; i++) {
            const struct bz_audit_entry *e = &v.history[i];

            printf("audit\t%s\t%s\t%s\t%s\t%s\n", e->at, e->actor, e->action,
                   e->detail ? e->detail : "", e->reason ? e->reason : "");
        }
    }
    bz_arena_release(&arena);
    bz_store_close(store);
    return code;
}

static int claims_add(int argc, char **argv)
{
    struct claims_args a;
    struct bz_config cfg;
    struct bz_store *store;
    struct bz_claim_ctx ctx = {0};
    struct bz_claim_request req = {0};
    struct bz_account account;
    struct bz_arena arena;
    struct bz_id_ref ref;
    struct bz_error err = {0};
    char email[BZ_ACCOUNT_EMAIL_MAX + 1];
    enum bz_claim_state state;
    int64_t claim_id;
    int code =
        claims_parse(argc, argv, "--account --evidence --note --detail", 1, &a);

    if (code >= 0)
        return code;
    if (a.account == NULL || a.evidence == NULL)
        return claims_usage_error("claims add needs --account and --evidence",
                                  NULL);
    if (bz_claim_evidence_parse(a.evidence, &req.evidence) < 0)
        return claims_usage_error("no kind of evidence", a.evidence);
    if (req.evidence == BZ_CLAIM_ORCID)
        return claims_usage_error("an ORCID claim is proven by signing in "
                                  "with ORCID, not by a command",
                                  NULL);
    if (bz_account_email(a.account, email, &err) != BZ_OK)
        return claims_usage_error(err.message, NULL);
    if ((code = bz_cli_store_open(a.config, a.db, &cfg, &store)) != 0)
        return code;
    ctx.store = store;
    ctx.cfg = &cfg;
    ctx.now = (int64_t)time(NULL);
    req.note = a.note;
    req.detail = a.detail;
    bz_arena_init(&arena, 0);
    code = 1;
    if (bz_id_parse(&arena, a.word, 'R', &ref, &err) != BZ_OK ||
        (ref.scheme &&
         store->ops->researcher_find(store, ref.scheme, ref.value,
                                     &req.researcher_id, &err) != BZ_OK)) {
        fprintf(stderr, "bzpeer: claims add: %s\n", err.message);
        goto done;
    }
    if (ref.scheme == NULL)
        req.researcher_id = ref.number;
    if (store->ops->account_find(store, &arena, email, &account, &err) !=
        BZ_OK) {
        fprintf(stderr, "bzpeer: claims add: %s\n",
                err.status == BZ_NOT_FOUND ? "no account has that address"
                                           : err.message);
        goto done;
    }
    if (bz_claim_submit(&ctx, account.id, &req, &claim_id, &state, &err) !=
        BZ_OK) {
        fprintf(stderr, "bzpeer: claims add: %s\n", err.message);
        goto done;
    }
    claims_send_mail(store, &cfg);
    printf("added C%lld (%s)\n", (long long)claim_id,
           bz_claim_state_name(state));
    code = 0;
done:
    bz_arena_release(&arena);
    bz_store_close(store);
    return code;
}

static int claims_decide(int argc, char **argv, enum bz_claim_decision decision)
{
    static const char *const done_words[] = {
        [BZ_CLAIM_APPROVE] = "approved",
        [BZ_CLAIM_REJECT] = "rejected",
        [BZ_CLAIM_REVOKE] = "revoked",
    };
    struct claims_args a;
    struct bz_config cfg;
    struct bz_store *store;
    struct bz_claim_ctx ctx = {0};
    struct bz_error err = {0};
    int64_t id;
    int level = 0;
    int code = claims_parse(
        argc, argv,
        decision == BZ_CLAIM_APPROVE ? "--level --reason" : "--reason", 1, &a);

    if (code >= 0)
        return code;
    if (claims_id(a.word, &id) < 0)
        return claims_usage_error("not a claim id", a.word);
    if (a.level) {
        if (strcmp(a.level, "2") != 0 && strcmp(a.level, "3") != 0)
            return claims_usage_error("the level is 2 or 3", a.level);
        level = a.level[0] - '0';
    }
    if (decision != BZ_CLAIM_APPROVE && (a.reason == NULL || !a.reason[0]))
        return claims_usage_error("say why with --reason: the claimant is "
                                  "shown it",
                                  NULL);
    if ((code = bz_cli_store_open(a.config, a.db, &cfg, &store)) != 0)
        return code;
    ctx.store = store;
    ctx.cfg = &cfg;
    ctx.now = (int64_t)time(NULL);
    code = 1;
    if (bz_claim_decide(&ctx, 0, id, decision, level, a.reason, &err) !=
        BZ_OK) {
        fprintf(stderr, "bzpeer: claims %s: %s\n", argv[0], err.message);
    } else {
        claims_send_mail(store, &cfg);
        printf("C%lld %s\n", (long long)id, done_words[decision]);
        code = 0;
    }
    bz_store_close(store);
    return code;
}

int bz_cmd_claims(int argc, char **argv)
{
    if (bz_cli_wants_help(argc, argv)) {
        fputs(usage_claims, stdout);
        return 0;
    }
    if (argc < 2)
        return claims_usage_error("claims needs a subcommand (list, show, "
                                  "add, approve, reject, revoke)",
                                  NULL);
    if (strcmp(argv[1], "list") == 0)
        return claims_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "show") == 0)
        return claims_show(argc - 1, argv + 1);
    if (strcmp(argv[1], "add") == 0)
        return claims_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "approve") == 0)
        return claims_decide(argc - 1, argv + 1, BZ_CLAIM_APPROVE);
    if (strcmp(argv[1], "reject") == 0)
        return claims_decide(argc - 1, argv + 1, BZ_CLAIM_REJECT);
    if (strcmp(argv[1], "revoke") == 0)
        return claims_decide(argc - 1, argv + 1, BZ_CLAIM_REVOKE);
    return claims_usage_error("unknown claims subcommand", argv[1]);
}
