/* main.c - the bzpeer command: one binary, a subcommand per task. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/ids.h"
#include "export/export.h"
#include "core/log.h"
#include "http/server.h"
#include "import/import.h"
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
    "  version   print the version\n"
    "\n"
    "`bzpeer <command> --help` describes each command.\n";

static const char usage_serve[] =
    "usage: bzpeer serve [--port N] [--db URL] [--config FILE]\n"
    "\n"
    "Serves the site and /api/v1 until SIGINT or SIGTERM.\n"
    "  --port N       listen on port N of the configured host (default 8080)\n"
    "  --db URL       the database: a SQLite path or sqlite:PATH\n"
    "                 (default var/bzpeer.db)\n"
    "  --config FILE  read FILE instead of ./bzpeer.conf\n";

static const char usage_import[] =
    "usage: bzpeer import [--db URL] [--json] [--quiet] [--strict] "
    "[--config FILE] FILE... | -\n"
    "\n"
    "Reads OpenAlex works (JSON Lines, or an API response), plain or .gz;\n"
    "`-` reads standard input. Bad records are skipped and reported as\n"
    "FILE:LINE: reason.\n"
    "  --db URL       the database (default var/bzpeer.db)\n"
    "  --json         print the import report as JSON\n"
    "  --quiet        print nothing but errors\n"
    "  --strict       stop at the first error and keep nothing of the run\n"
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

static const char usage_version[] = "usage: bzpeer version\n";

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "bzpeer: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return EXIT_USAGE;
}

static int wants_help(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
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

    if (wants_help(argc, argv)) {
        fputs(usage_serve, stdout);
        return EXIT_DONE;
    }
    if (load_config(&cfg, argc, argv) < 0)
        return EXIT_FAILED;
    for (i = 1; i < argc; i++) {
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
        i++;
    }
    if (finish_config(&cfg) < 0)
        return EXIT_FAILED;
    if (bz_server_run(&cfg, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return EXIT_FAILED;
    }
    return EXIT_DONE;
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
    int json = 0, i, code;
    enum bz_status rc;

    if (wants_help(argc, argv)) {
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

    if (wants_help(argc, argv)) {
        fputs(usage_export, stdout);
        return EXIT_DONE;
    }
    if (load_config(&cfg, argc, argv) < 0)
        return EXIT_FAILED;
    for (i = 1; i < argc; i++) {
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
        i++;
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
    if (strcmp(argv[1], "version") == 0) {
        if (wants_help(argc - 1, argv + 1)) {
            fputs(usage_version, stdout);
            return EXIT_DONE;
        }
        printf("bzpeer %s\n", BZ_VERSION);
        return EXIT_DONE;
    }
    return usage_error(usage_main, "unknown command '%s'", argv[1]);
}
