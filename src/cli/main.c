/* main.c - the bzpeer command: one binary, a subcommand per task. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_claims.h"
#include "cli/cmd_digest.h"
#include "cli/cmd_mail.h"
#include "cli/cmd_resolve.h"
#include "cli/cmd_user.h"
#include "core/config.h"
#include "core/ids.h"
#include "export/export.h"
#include "core/log.h"
#include "http/server.h"
#include "identity/pass.h"
#include "import/import.h"
#include "profile/doubts_scan.h"
#include "store/migrate.h"
#include "store/store.h"

#define EXIT_DONE 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2

static const char usage_main[] =
    "usage: bzpeer <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve     serve the pages and the API over HTTP\n"
    "  import    read publication metadata files into the database\n"
    "  export    write works out as JSON Lines, CSV, BibTeX or RIS\n"
    "  merge     merge one researcher record into another\n"
    "  split     move some works of a researcher record to a new record\n"
    "  audit     list the audit log, or a record's entries in it\n"
    "  claims    list, add and decide claims of researcher records\n"
    "  doubts    list records that look like two people in one\n"
    "  resolve   merge name-only records that are one person\n"
    "  migrate   copy a database into another (SQLite, PostgreSQL)\n"
    "  digest    mail the weekly digests of followed researchers' works\n"
    "  mail      send a test message with the mail settings\n"
    "  user      add an account, or give one a role\n"
    "  version   print the version\n"
    "\n"
    "`bzpeer <command> --help` describes each command.\n";

static const char usage_serve[] =
    "usage: bzpeer serve [--port N] [--db URL] [--config FILE]\n"
    "\n"
    "Serves the site and /api/v1 until SIGINT or SIGTERM.\n"
    "  --port N       listen on port N of the configured host (default 8080)\n"
    "  --db URL       the database: a SQLite path, sqlite:PATH or\n"
    "                 postgresql://... (default var/bzpeer.db)\n"
    "  --config FILE  read FILE instead of ./bzpeer.conf\n";

static const char usage_import[] =
    "usage: bzpeer import [--db URL] [--json] [--quiet] [--strict] "
    "[--no-resolve] [--config FILE] FILE... | -\n"
    "\n"
    "Reads OpenAlex, arXiv, Crossref, Semantic Scholar, DBLP, ORCID and\n"
    "BibTeX files (the format is told from the content), plain or .gz,\n"
    "and folders; `-` reads standard input. Bad records are skipped and\n"
    "reported as FILE:LINE: reason. Then name-only records that are one\n"
    "person are merged (bzpeer resolve).\n"
    "  --db URL       the database (default var/bzpeer.db)\n"
    "  --json         print the import report as JSON\n"
    "  --quiet        print nothing but errors\n"
    "  --strict       stop at the first error and keep nothing of the run\n"
    "  --no-resolve   leave name-only records as they are\n"
    "  --config FILE  read FILE instead of ./bzpeer.conf\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static const char usage_export[] =
    "usage: bzpeer export [--db URL] [--format jsonl|csv|bibtex|ris] "
    "[--researcher ID] [--output FILE] [--config FILE]\n"
    "\n"
    "Writes every work, or one researcher's, to standard output or FILE.\n"
    "  --format F       jsonl (default), csv, bibtex or ris\n"
    "  --researcher ID  only this researcher's works (R12, orcid:...)\n"
    "  --output FILE    write to FILE instead of standard output\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static const char usage_merge[] =
    "usage: bzpeer merge [--db URL] [--reason TEXT] [--config FILE] R1 R2\n"
    "\n"
    "Moves R2's authorships, ids, names, affiliations and follows to R1, in\n"
    "one transaction. R1 survives; R2 (and every record merged into R2)\n"
    "keeps answering with a redirect to R1. Both are written to the audit\n"
    "log. R1 and R2 are R ids or external ids (orcid:..., openalex:A...).\n"
    "  --reason TEXT  why, for the audit log\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static const char usage_split[] =
    "usage: bzpeer split [--db URL] [--reason TEXT] [--config FILE] R "
    "--works W...\n"
    "\n"
    "Moves R's authorships on the works W... to a new record with R's name\n"
    "and no author ids (name-only, L0: the ids stay with R, since nothing\n"
    "says which part they belong to), writes why to the audit log and\n"
    "prints the new record's id. Every W must be one of R's works, and at\n"
    "least one of R's works must stay.\n"
    "  --reason TEXT  why, for the audit log\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static const char usage_audit[] =
    "usage: bzpeer audit [--db URL] [--config FILE] [R]\n"
    "\n"
    "Prints the audit log, oldest first, one entry a line: time (UTC),\n"
    "actor, action, subject, detail and reason, separated by tabs; with R,\n"
    "only the entries about R.\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static const char usage_doubts[] =
    "usage: bzpeer doubts [--db URL] [--config FILE] [R...]\n"
    "\n"
    "Lists the researcher records (all, or those given) that look like two\n"
    "people in one: their works fall into two groups with no co-author in\n"
    "common, every work of one group is older than every work of the\n"
    "other, and the groups share no topic. Each group holds at least two\n"
    "works; a record with a work of unknown year, or a group without\n"
    "topics, is not flagged. For each, prints the two groups, why, and\n"
    "the split command that would separate them.\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static const char usage_migrate[] =
    "usage: bzpeer migrate --from URL --to URL [--quiet]\n"
    "\n"
    "Copies every table of the database --from names into the empty one\n"
    "--to names (SQLite to PostgreSQL, or back), in one transaction, then\n"
    "reads both back and compares each table's rows and checksum; when any\n"
    "differs nothing is kept. Writers to the source wait until it ends.\n"
    "  --from URL  the database to copy: a SQLite path, sqlite:PATH or\n"
    "              postgresql://...\n"
    "  --to URL    the database to fill: a new SQLite file is created, a\n"
    "              PostgreSQL database must exist; either must be empty\n"
    "  --quiet     print nothing but errors\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static const char usage_version[] = "usage: bzpeer version\n";

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "bzpeer: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return EXIT_USAGE;
}

/* Reads --config before the rest, so that flags win over the file. */
static const char *find_config_flag(int argc, char **argv)
{
    int i;

    for (i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--config") == 0)
            return argv[i + 1];
    return NULL;
}

static int load_config(struct bz_config *cfg, int argc, char **argv)
{
    struct bz_error err = {0};

    if (bz_config_load(cfg, find_config_flag(argc, argv), &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int finish_config(struct bz_config *cfg)
{
    struct bz_error err = {0};

    if (bz_config_finish(cfg, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return -1;
    }
    if (strcmp(cfg->log_level, "debug") == 0)
        bz_log_set_level(BZ_LOG_DEBUG);
    else if (strcmp(cfg->log_level, "warn") == 0)
        bz_log_set_level(BZ_LOG_WARN);
    else if (strcmp(cfg->log_level, "error") == 0)
        bz_log_set_level(BZ_LOG_ERROR);
    return 0;
}

static int cmd_serve(int argc, char **argv)
{
    struct bz_config cfg;
    struct bz_error err = {0};
    int i;

    if (bz_cli_wants_help(argc, argv)) {
        fputs(usage_serve, stdout);
        return EXIT_DONE;
    }
    if (load_config(&cfg, argc, argv) < 0)
        return EXIT_FAILED;
    for (i = 1; i < argc; i += 2) { /* each option takes a value */
        const char *flag = argv[i];

        if (i + 1 >= argc || (strcmp(flag, "--port") && strcmp(flag, "--db") &&
                              strcmp(flag, "--config")))
            return usage_error(usage_serve, "unknown or incomplete option '%s'",
                               flag);
        if (strcmp(flag, "--port") == 0) {
            char *end;
            long port;

            errno = 0;
            port = strtol(argv[i + 1], &end, 10);
            if (errno || *end || end == argv[i + 1] || port < 0 ||
                port > 65535)
                return usage_error(usage_serve, "bad port '%s'", argv[i + 1]);
            {
                char listen[300];
                const char *host = bz_config_get(&cfg, "listen");
                const char *colon = host ? strrchr(host, ':') : NULL;

                if (colon)
                    snprintf(listen, sizeof(listen), "%.*s:%ld",
                             (int)(colon - host), host, port);
                else
                    snprintf(listen, sizeof(listen), "127.0.0.1:%ld", port);
                bz_config_set(&cfg, "listen", listen, NULL);
            }
        } else if (strcmp(flag, "--db") == 0) {
            bz_config_set(&cfg, "db", argv[i + 1], NULL);
        }
    }
    if (finish_config(&cfg) < 0)
        return EXIT_FAILED;
    if (bz_server_run(&cfg, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

/* The name resolution pass after an import that is done: what it merges
 * joins the report; a failure of it leaves the import as it is. */
static void import_resolve(struct bz_store *store,
                           struct bz_import_report *report)
{
    struct bz_identity_pass_report pass = {0};
    struct bz_error err = {0};

    if (bz_identity_pass(store, &pass, &err) != BZ_OK)
        fprintf(stderr, "bzpeer: warning: name resolution stopped: %s; "
                        "run 'bzpeer resolve' to finish it\n",
                err.message);
    report->tally.merged_researchers += pass.merged;
}

static int cmd_import(int argc, char **argv)
{
    struct bz_import_options options = {0};
    struct bz_import_report report;
    struct bz_config cfg;
    struct bz_error err = {0};
    struct bz_store *store = NULL;
    const char **files;
    size_t file_count = 0;
    int json = 0, resolve = 1, i, code;
    enum bz_status rc;

    if (bz_cli_wants_help(argc, argv)) {
        fputs(usage_import, stdout);
        return EXIT_DONE;
    }
    if (load_config(&cfg, argc, argv) < 0)
        return EXIT_FAILED;
    files = calloc((size_t)argc, sizeof(*files));
    if (files == NULL)
        return EXIT_FAILED;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            options.quiet = 1;
        } else if (strcmp(a, "--strict") == 0) {
            options.strict = 1;
        } else if (strcmp(a, "--no-resolve") == 0) {
            resolve = 0;
        } else if ((strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0) &&
                   i + 1 < argc) {
            if (strcmp(a, "--db") == 0)
                bz_config_set(&cfg, "db", argv[i + 1], NULL);
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            free(files);
            return usage_error(usage_import, "unknown option '%s'", a);
        } else {
            files[file_count++] = a;
        }
    }
    if (file_count == 0) {
        free(files);
        return usage_error(usage_import, "%s", "no file to import");
    }
    if (finish_config(&cfg) < 0 || bz_store_open(cfg.db, &store, &err)) {
        if (err.message[0])
            fprintf(stderr, "bzpeer: %s\n", err.message);
        free(files);
        return EXIT_FAILED;
    }

    options.progress = !options.quiet && !json && isatty(STDERR_FILENO);
    rc = bz_import_files(store, files, file_count, &options, &report, &err);
    code = rc == BZ_OK ? EXIT_DONE : EXIT_FAILED;
    if (rc == BZ_OK && resolve)
        import_resolve(store, &report);
    if (json)
        bz_import_report_write_json(&report, stdout);
    else if (!options.quiet)
        bz_import_report_write_text(&report, stdout);
    if (rc != BZ_OK)
        fprintf(stderr, "bzpeer: %s\n", err.message);
    bz_import_report_release(&report);
    bz_store_close(store);
    free(files);
    return code;
}

/* The researcher an export names: an R id, or an external id looked up. */
static int export_researcher(struct bz_store *store, const char *text,
                             int64_t *id)
{
    struct bz_arena arena;
    struct bz_id_ref ref;
    struct bz_error err = {0};
    enum bz_status rc;

    bz_arena_init(&arena, 0);
    rc = bz_id_parse(&arena, text, 'R', &ref, &err);
    if (rc == BZ_OK && ref.scheme)
        rc = store->ops->researcher_find(store, ref.scheme, ref.value, id,
                                         &err);
    else if (rc == BZ_OK)
        *id = ref.number;
    if (rc == BZ_OK) { /* it must exist: an empty export would mislead */
        struct bz_researcher r;

        rc = store->ops->researcher_get(store, &arena, *id, &r, &err);
    }
    bz_arena_release(&arena);
    if (rc != BZ_OK)
        fprintf(stderr, "bzpeer: %s\n", err.message);
    return rc == BZ_OK ? 0 : -1;
}

static int cmd_export(int argc, char **argv)
{
    enum bz_export_format format = BZ_EXPORT_JSONL;
    const char *researcher = NULL, *output = NULL;
    struct bz_store *store = NULL;
    struct bz_config cfg;
    struct bz_error err = {0};
    int64_t researcher_id = 0;
    FILE *out = stdout;
    int i, code = EXIT_FAILED;

    if (bz_cli_wants_help(argc, argv)) {
        fputs(usage_export, stdout);
        return EXIT_DONE;
    }
    if (load_config(&cfg, argc, argv) < 0)
        return EXIT_FAILED;
    for (i = 1; i < argc; i += 2) { /* each option takes a value */
        const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;

        if (value == NULL)
            return usage_error(usage_export, "incomplete option '%s'", flag);
        if (strcmp(flag, "--format") == 0) {
            if (bz_export_format_parse(value, &format) < 0)
                return usage_error(usage_export, "unknown format '%s'",
                                   value);
        } else if (strcmp(flag, "--researcher") == 0) {
            researcher = value;
        } else if (strcmp(flag, "--output") == 0) {
            output = value;
        } else if (strcmp(flag, "--db") == 0) {
            bz_config_set(&cfg, "db", value, NULL);
        } else if (strcmp(flag, "--config") != 0) {
            return usage_error(usage_export, "unknown option '%s'", flag);
        }
    }
    if (finish_config(&cfg) < 0)
        return EXIT_FAILED;
    if (bz_store_open(cfg.db, &store, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return EXIT_FAILED;
    }
    if (researcher && export_researcher(store, researcher, &researcher_id) < 0)
        goto close_store;
    if (output && (out = fopen(output, "w")) == NULL) {
        fprintf(stderr, "bzpeer: cannot write '%s': %s\n", output,
                strerror(errno));
        goto close_store;
    }
    if (bz_export_store(store, researcher_id, format, out, &err) != BZ_OK)
        fprintf(stderr, "bzpeer: %s\n", err.message);
    else
        code = EXIT_DONE;
    if (output && fclose(out) != 0) {
        fprintf(stderr, "bzpeer: cannot write '%s': %s\n", output,
                strerror(errno));
        code = EXIT_FAILED;
    }

close_store:
    bz_store_close(store);
    return code;
}

/* --- merge, split, audit ------------------------------------------------ */

/* The options merge, split and audit share: --db, --config, --reason
 * (when reason is not NULL); the other arguments are left in args, in
 * order. -1 with a usage message printed on a bad option. */
static int record_options(int argc, char **argv, const char *usage,
                          struct bz_config *cfg, const char **reason,
                          const char **args, int *arg_count)
{
    int i;

    *arg_count = 0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int takes_value = strcmp(a, "--db") == 0 ||
                          strcmp(a, "--config") == 0 ||
                          (reason && strcmp(a, "--reason") == 0);

        if (takes_value && i + 1 >= argc) {
            usage_error(usage, "option '%s' needs a value", a);
            return -1;
        }
        if (takes_value) {
            if (strcmp(a, "--db") == 0)
                bz_config_set(cfg, "db", argv[i + 1], NULL);
            else if (strcmp(a, "--reason") == 0)
                *reason = argv[i + 1];
            i++;
        } else if (a[0] == '-' && a[1] == '-' && strcmp(a, "--works")) {
            usage_error(usage, "unknown option '%s'", a);
            return -1;
        } else {
            args[(*arg_count)++] = a;
        }
    }
    return 0;
}

/* The number of the record text names (an R or W id, or an external id
 * looked up); -1 with the message printed when it names none. */
static int record_id(struct bz_store *store, const char *text, char kind,
                     int64_t *id)
{
    struct bz_arena arena;
    struct bz_id_ref ref;
    struct bz_error err = {0};
    enum bz_status rc;

    bz_arena_init(&arena, 0);
    rc = bz_id_parse(&arena, text, kind, &ref, &err);
    if (rc == BZ_OK && ref.scheme && kind == 'R')
        rc = store->ops->researcher_find(store, ref.scheme, ref.value, id,
                                         &err);
    else if (rc == BZ_OK && ref.scheme)
        rc = store->ops->work_find(store, ref.scheme, ref.value, id, &err);
    else if (rc == BZ_OK)
        *id = ref.number;
    if (rc != BZ_OK)
        fprintf(stderr, "bzpeer: %s\n", err.message[0] ? err.message
                                                      : "bad id");
    bz_arena_release(&arena);
    return rc == BZ_OK ? 0 : -1;
}

static int record_open(struct bz_config *cfg, struct bz_store **store)
{
    struct bz_error err = {0};

    if (finish_config(cfg) < 0)
        return -1;
    if (bz_store_open(cfg->db, store, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return -1;
    }
    return 0;
}

/* Runs a change and its audit entries in one transaction. */
static int record_audited(struct bz_store *store, enum bz_status rc,
                          const struct bz_audit_entry *entries, size_t count,
                          struct bz_error *err)
{
    size_t i;

    for (i = 0; rc == BZ_OK && i < count; i++)
        rc = store->ops->audit_append(store, &entries[i], err);
    if (rc == BZ_OK)
        rc = store->ops->commit(store, err);
    if (rc != BZ_OK) {
        store->ops->rollback(store, NULL);
        fprintf(stderr, "bzpeer: %s\n", err->message);
        return -1;
    }
    return 0;
}

/* The start every record command shares: --help, the config, and its
 * options and arguments. Returns -1 when the command is to go on, with
 * *args (the caller frees it) and *arg_count set; otherwise the exit
 * code to return at once. */
static int record_command_start(int argc, char **argv, const char *usage,
                                struct bz_config *cfg, const char **reason,
                                const char ***args, int *arg_count)
{
    if (bz_cli_wants_help(argc, argv)) {
        fputs(usage, stdout);
        return EXIT_DONE;
    }
    if (load_config(cfg, argc, argv) < 0)
        return EXIT_FAILED;
    if ((*args = calloc((size_t)argc, sizeof(**args))) == NULL)
        return EXIT_FAILED;
    if (record_options(argc, argv, usage, cfg, reason, *args, arg_count) <
        0) {
        free(*args);
        return EXIT_USAGE;
    }
    return -1;
}

static int cmd_merge(int argc, char **argv)
{
    const char *reason = NULL, **args;
    struct bz_store *store = NULL;
    struct bz_researcher gone;
    struct bz_arena arena;
    struct bz_config cfg;
    struct bz_error err = {0};
    int64_t into, from;
    int arg_count, code = EXIT_FAILED;
    char survivor[32], merged[32], *detail;
    enum bz_status rc;

    if ((code = record_command_start(argc, argv, usage_merge, &cfg, &reason,
                                     &args, &arg_count)) >= 0)
        return code;
    code = EXIT_FAILED;
    if (arg_count != 2) {
        free(args);
        return usage_error(usage_merge, "%s",
                           "merge takes two researcher ids: R1 R2");
    }
    bz_arena_init(&arena, 0);
    if (record_open(&cfg, &store) < 0 ||
        record_id(store, args[0], 'R', &into) < 0 ||
        record_id(store, args[1], 'R', &from) < 0)
        goto done;
    rc = store->ops->researcher_get(store, &arena, from, &gone, &err);
    if (rc == BZ_OK)
        rc = store->ops->begin(store, &err);
    if (rc != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        goto done;
    }
    rc = store->ops->researcher_merge(store, into, from, &err);
    snprintf(survivor, sizeof(survivor), "R%lld", (long long)into);
    snprintf(merged, sizeof(merged), "R%lld", (long long)from);
    detail = bz_arena_printf(&arena,
                             "{\"survivor\": \"%s\", \"merged\": \"%s\", "
                             "\"works\": %d}",
                             survivor, merged, gone.work_count);
    {
        struct bz_audit_entry entries[] = {
            {.actor = "cli", .action = "merge", .subject = survivor,
             .detail = detail, .reason = reason},
            {.actor = "cli", .action = "merged_into", .subject = merged,
             .detail = detail, .reason = reason},
        };

        if (record_audited(store, rc, entries, 2, &err) < 0)
            goto done;
    }
    printf("merged %s into %s\n", merged, survivor);
    code = EXIT_DONE;

done:
    bz_arena_release(&arena);
    bz_store_close(store);
    free(args);
    return code;
}

/* The split's audit detail: {"from", "to", "works": [...]}. */
static char *split_detail(struct bz_arena *arena, int64_t from, int64_t to,
                          const int64_t *works, size_t count)
{
    char *text = bz_arena_printf(arena, "{\"from\": \"R%lld\", \"to\": "
                                        "\"R%lld\", \"works\": [",
                                 (long long)from, (long long)to);
    size_t i;

    for (i = 0; text && i < count; i++)
        text = bz_arena_printf(arena, "%s%s\"W%lld\"", text, i ? ", " : "",
                               (long long)works[i]);
    return text ? bz_arena_printf(arena, "%s]}", text) : NULL;
}

static int cmd_split(int argc, char **argv)
{
    const char *reason = NULL, **args;
    struct bz_store *store = NULL;
    struct bz_arena arena;
    struct bz_config cfg;
    struct bz_error err = {0};
    int64_t id, new_id = 0, *works = NULL;
    size_t work_count = 0;
    int arg_count, i, at = -1, code = EXIT_FAILED;
    char from_text[32], to_text[32], *detail;
    enum bz_status rc;

    if (bz_cli_wants_help(argc, argv)) {
        fputs(usage_split, stdout);
        return EXIT_DONE;
    }
    if (load_config(&cfg, argc, argv) < 0)
        return EXIT_FAILED;
    args = calloc((size_t)argc, sizeof(*args));
    works = calloc((size_t)argc, sizeof(*works));
    if (args == NULL || works == NULL) {
        free(args);
        free(works);
        return EXIT_FAILED;
    }
    if (record_options(argc, argv, usage_split, &cfg, &reason, args,
                       &arg_count) < 0) {
        free(args);
        free(works);
        return EXIT_USAGE;
    }
    for (i = 0; i < arg_count; i++)
        if (strcmp(args[i], "--works") == 0 && at < 0)
            at = i;
    if (at != 1 || arg_count < 3) {
        free(args);
        free(works);
        return usage_error(usage_split, "%s",
                           "split takes a researcher id, then --works and "
                           "one or more work ids");
    }
    bz_arena_init(&arena, 0);
    if (record_open(&cfg, &store) < 0 ||
        record_id(store, args[0], 'R', &id) < 0)
        goto done;
    for (i = 2; i < arg_count; i++)
        if (record_id(store, args[i], 'W', &works[work_count++]) < 0)
            goto done;
    if ((rc = store->ops->begin(store, &err)) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        goto done;
    }
    rc = store->ops->researcher_split(store, id, works, work_count, &new_id,
                                      &err);
    snprintf(from_text, sizeof(from_text), "R%lld", (long long)id);
    snprintf(to_text, sizeof(to_text), "R%lld", (long long)new_id);
    detail = split_detail(&arena, id, new_id, works, work_count);
    {
        struct bz_audit_entry entries[] = {
            {.actor = "cli", .action = "split", .subject = from_text,
             .detail = detail, .reason = reason},
            {.actor = "cli", .action = "split_from", .subject = to_text,
             .detail = detail, .reason = reason},
        };

        if (record_audited(store, rc, entries, 2, &err) < 0)
            goto done;
    }
    printf("%s\n", to_text);
    code = EXIT_DONE;

done:
    bz_arena_release(&arena);
    bz_store_close(store);
    free(args);
    free(works);
    return code;
}

static int cmd_audit(int argc, char **argv)
{
    const char **args;
    struct bz_store *store = NULL;
    struct bz_audit_entry *entries;
    struct bz_arena arena;
    struct bz_config cfg;
    struct bz_error err = {0};
    char subject[32];
    size_t count, i;
    int64_t id;
    int arg_count, code = EXIT_FAILED;

    if ((code = record_command_start(argc, argv, usage_audit, &cfg, NULL, &args,
                                     &arg_count)) >= 0)
        return code;
    code = EXIT_FAILED;
    if (arg_count > 1) {
        free(args);
        return usage_error(usage_audit, "%s", "audit takes at most one id");
    }
    bz_arena_init(&arena, 0);
    if (record_open(&cfg, &store) < 0 ||
        (arg_count == 1 && record_id(store, args[0], 'R', &id) < 0))
        goto done;
    if (arg_count == 1)
        snprintf(subject, sizeof(subject), "R%lld", (long long)id);
    if (store->ops->audit_list(store, &arena, arg_count ? subject : NULL,
                               &entries, &count, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        goto done;
    }
    for (i = 0; i < count; i++)
        printf("%s\t%s\t%s\t%s\t%s\t%s\n", entries[i].at, entries[i].actor,
               entries[i].action, entries[i].subject,
               entries[i].detail ? entries[i].detail : "",
               entries[i].reason ? entries[i].reason : "");
    code = EXIT_DONE;

done:
    bz_arena_release(&arena);
    bz_store_close(store);
    free(args);
    return code;
}

/* --- doubts ------------------------------------------------------------- */

static void doubts_print(const struct bz_doubts_found *f)
{
    const struct bz_researcher *r = &f->researcher;
    const struct bz_doubt_work *works = f->works;
    const struct bz_work *details = f->details;
    const struct bz_doubt *d = &f->doubt;
    size_t count = f->work_count;
    size_t i;
    int g;

    printf("R%lld %s: two people in one record?\n", (long long)r->id,
           r->display_name);
    printf("  why: no co-author in common between the groups; years "
           "%d-%d vs %d-%d; no topic in common\n",
           d->first_year[0], d->last_year[0], d->first_year[1],
           d->last_year[1]);
    for (g = 0; g < 2; g++) {
        printf("  group %d (%zu works, %d-%d):\n", g + 1, d->works[g],
               d->first_year[g], d->last_year[g]);
        for (i = 0; i < count; i++)
            if (works[i].group == g)
                printf("    W%lld %d %s\n", (long long)works[i].id,
                       works[i].year, details[i].title);
    }
    printf("  split: bzpeer split R%lld --works", (long long)r->id);
    for (i = 0; i < count; i++)
        if (works[i].group == 1)
            printf(" W%lld", (long long)works[i].id);
    printf("\n");
}

/* Checks one record; 1 when flagged (and printed), 0 when not, -1 on
 * failure (the message printed). */
static int doubts_one(struct bz_store *store, struct bz_arena *arena,
                      const struct bz_researcher *r)
{
    struct bz_doubts_found found;
    struct bz_error err = {0};
    int flagged;

    if (bz_doubts_check_record(store, arena, r, &flagged, &found, &err) !=
        BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return -1;
    }
    if (flagged)
        doubts_print(&found);
    return flagged;
}

static int cmd_doubts(int argc, char **argv)
{
    const char **args;
    struct bz_store *store = NULL;
    struct bz_arena list_arena, arena;
    struct bz_config cfg;
    struct bz_error err = {0};
    long flagged = 0;
    int arg_count, i, code = EXIT_FAILED, rc = 0;

    if ((code = record_command_start(argc, argv, usage_doubts, &cfg, NULL,
                                     &args, &arg_count)) >= 0)
        return code;
    code = EXIT_FAILED;
    bz_arena_init(&list_arena, 0);
    bz_arena_init(&arena, 0);
    if (record_open(&cfg, &store) < 0)
        goto done;
    for (i = 0; rc >= 0 && i < arg_count; i++) {
        struct bz_researcher r;
        int64_t id;

        if (record_id(store, args[i], 'R', &id) < 0)
            goto done;
        if (store->ops->researcher_get(store, &arena, id, &r, &err)) {
            fprintf(stderr, "bzpeer: %s\n", err.message);
            goto done;
        }
        if ((rc = doubts_one(store, &arena, &r)) > 0)
            flagged++;
        bz_arena_reset(&arena);
    }
    if (arg_count == 0) {
        int64_t after = 0;
        int more = 1;

        while (rc >= 0 && more) {
            struct bz_researcher *list;
            size_t n, k;

            if (store->ops->researcher_list(store, &list_arena, NULL, 0, after,
                                            200, &list, &n, &more, &err)) {
                fprintf(stderr, "bzpeer: %s\n", err.message);
                goto done;
            }
            for (k = 0; rc >= 0 && k < n; k++) {
                if ((rc = doubts_one(store, &arena, &list[k])) > 0)
                    flagged++;
                bz_arena_reset(&arena);
            }
            after = n ? list[n - 1].id : after;
            more = more && n > 0;
            bz_arena_reset(&list_arena);
        }
    }
    if (rc < 0)
        goto done;
    if (flagged == 0)
        printf("no record looks like two people in one\n");
    code = EXIT_DONE;

done:
    bz_arena_release(&arena);
    bz_arena_release(&list_arena);
    bz_store_close(store);
    free(args);
    return code;
}

/* --- migrate ------------------------------------------------------------ */

static int cmd_migrate(int argc, char **argv)
{
    const char *from = NULL, *to = NULL;
    struct bz_error err = {0};
    int i, quiet = 0;

    if (bz_cli_wants_help(argc, argv)) {
        fputs(usage_migrate, stdout);
        return EXIT_DONE;
    }
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int is_from = strcmp(a, "--from") == 0, is_to = strcmp(a, "--to") == 0;

        if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if ((is_from || is_to) && i + 1 >= argc) {
            return usage_error(usage_migrate, "option '%s' needs a value", a);
        } else if (is_from || is_to) {
            *(is_from ? &from : &to) = argv[++i];
        } else {
            return usage_error(usage_migrate, a[0] == '-'
                                                  ? "unknown option '%s'"
                                                  : "unexpected argument '%s'",
                               a);
        }
    }
    if (from == NULL || to == NULL)
        return usage_error(usage_migrate, "%s",
                           "migrate needs --from URL and --to URL");
    if (strcmp(from, to) == 0)
        return usage_error(usage_migrate, "%s",
                           "--from and --to name the same database");
    if (bz_migrate(from, to, quiet ? NULL : stdout, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error(usage_main, "%s", "no command given");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_main, stdout);
        return EXIT_DONE;
    }
    if (strcmp(argv[1], "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    if (strcmp(argv[1], "import") == 0)
        return cmd_import(argc - 1, argv + 1);
    if (strcmp(argv[1], "export") == 0)
        return cmd_export(argc - 1, argv + 1);
    if (strcmp(argv[1], "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(argv[1], "split") == 0)
        return cmd_split(argc - 1, argv + 1);
    if (strcmp(argv[1], "audit") == 0)
        return cmd_audit(argc - 1, argv + 1);
    if (strcmp(argv[1], "claims") == 0)
        return bz_cmd_claims(argc - 1, argv + 1);
    if (strcmp(argv[1], "doubts") == 0)
        return cmd_doubts(argc - 1, argv + 1);
    if (strcmp(argv[1], "migrate") == 0)
        return cmd_migrate(argc - 1, argv + 1);
    if (strcmp(argv[1], "resolve") == 0)
        return bz_cmd_resolve(argc - 1, argv + 1);
    if (strcmp(argv[1], "digest") == 0)
        return bz_cmd_digest(argc - 1, argv + 1);
    if (strcmp(argv[1], "mail") == 0)
        return bz_cmd_mail(argc - 1, argv + 1);
    if (strcmp(argv[1], "user") == 0)
        return bz_cmd_user(argc - 1, argv + 1);
    if (strcmp(argv[1], "version") == 0) {
        if (bz_cli_wants_help(argc - 1, argv + 1)) {
            fputs(usage_version, stdout);
            return EXIT_DONE;
        }
        printf("bzpeer %s\n", BZ_VERSION);
        return EXIT_DONE;
    }
    return usage_error(usage_main, "unknown command '%s'", argv[1]);
}
