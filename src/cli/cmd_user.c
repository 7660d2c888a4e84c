/* cmd_user.c - `bzpeer user add` and `bzpeer user role`. */
#include "cli/cmd_user.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "account/account.h"
#include "cli/cli.h"
#include "auth/password.h"
#include "core/config.h"
#include "core/log.h"

static const char usage_user[] =
    "usage: bzpeer user add [--role ROLE] [--password-stdin] [--db URL]\n"
    "                       [--config FILE] EMAIL\n"
    "       bzpeer user role [--db URL] [--config FILE] EMAIL ROLE\n"
    "\n"
    "add makes an account for EMAIL, its address taken as confirmed, with\n"
    "the password read from standard input (--password-stdin: its first\n"
    "line) or asked for on the terminal. role gives an account the role\n"
    "ROLE and ends its sessions, so that it logs in again with the new\n"
    "role. Both are written to the audit log.\n"
    "  --role ROLE       user (the default), moderator or admin\n"
    "  --password-stdin  read the password from standard input\n"
    "  --db URL          the database (default var/bzpeer.db)\n"
    "  --config FILE     read FILE instead of ./bzpeer.conf\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

#define USER_PASSWORD_MAX (BZ_PASSWORD_MAX_BYTES + 2)

struct user_args {
    const char *config, *db, *role;
    int password_stdin;
    const char *words[2];
    int word_count;
};

static int user_usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "bzpeer: %s%s%s%s\n%s", what, arg ? " '" : "",
            arg ? arg : "", arg ? "'" : "", usage_user);
    return 2;
}

/* Reads the options and up to two words after the subcommand; -1 when
 * they parse, else the exit status. */
static int user_parse(int argc, char **argv, int takes_password,
                      struct user_args *a)
{
    memset(a, 0, sizeof(*a));
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int takes_value = strcmp(arg, "--db") == 0 ||
                          strcmp(arg, "--config") == 0 ||
                          (takes_password && strcmp(arg, "--role") == 0);

        if (takes_value) {
            if (i + 1 >= argc)
                return user_usage_error("missing value for", arg);
            if (strcmp(arg, "--db") == 0)
                a->db = argv[++i];
            else if (strcmp(arg, "--config") == 0)
                a->config = argv[++i];
            else
                a->role = argv[++i];
        } else if (takes_password && strcmp(arg, "--password-stdin") == 0) {
            a->password_stdin = 1;
        } else if (arg[0] == '-') {
            return user_usage_error("unknown option", arg);
        } else if (a->word_count < 2) {
            a->words[a->word_count++] = arg;
        } else {
            return user_usage_error("unexpected argument", arg);
        }
    }
    return -1;
}

/* The password: standard input's first line, or typed on the terminal
 * with echo off. -1 with a message when there is none. */
static int user_read_password(int from_stdin, char *out, size_t size)
{
    struct termios before, quiet;
    int terminal = !from_stdin && isatty(STDIN_FILENO);
    size_t n;

    if (!from_stdin && !terminal) {
        fprintf(stderr, "bzpeer: no terminal to ask for the password: "
                        "give it on standard input with "
                        "--password-stdin\n");
        return -1;
    }
    if (terminal) {
        fputs("password: ", stderr);
        tcgetattr(STDIN_FILENO, &before);
        quiet = before;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    if (fgets(out, (int)size, stdin) == NULL)
        out[0] = '\0';
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
        fputc('\n', stderr);
    }
    n = strcspn(out, "\r\n");
    if (out[n] == '\0' && n + 1 >= size) {
        fprintf(stderr, "bzpeer: the password is longer than %d bytes\n",
                BZ_PASSWORD_MAX_BYTES);
        return -1;
    }
    out[n] = '\0';
    return 0;
}

static int user_audit(struct bz_store *store, int64_t id, const char *action,
                      const char *detail)
{
    struct bz_audit_entry entry = {0};
    struct bz_error err = {0};
    char subject[32];

    snprintf(subject, sizeof(subject), "A%lld", (long long)id);
    entry.actor = "cli";
    entry.action = action;
    entry.subject = subject;
    entry.detail = detail;
    if (store->ops->audit_append(store, &entry, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return 1;
    }
    return 0;
}

static int user_add(int argc, char **argv)
{
    struct user_args a;
    struct bz_config cfg;
    struct bz_store *store;
    struct bz_account_ctx ctx = {0};
    struct bz_error err = {0};
    char password[USER_PASSWORD_MAX], detail[64];
    int64_t id;
    int code = user_parse(argc, argv, 1, &a);

    if (code >= 0)
        return code;
    if (a.word_count != 1)
        return user_usage_error("user add takes one address", NULL);
    if (a.role == NULL)
        a.role = "user";
    if (strcmp(a.role, "user") && strcmp(a.role, "moderator") &&
        strcmp(a.role, "admin"))
        return user_usage_error("no role (user, moderator or admin)",
                                a.role);
    if (user_read_password(a.password_stdin, password, sizeof(password)) < 0)
        return 1;
    if ((code = bz_cli_store_open(a.config, a.db, &cfg, &store)) != 0)
        return code;
    ctx.store = store;
    ctx.cfg = &cfg;
    ctx.now = (int64_t)time(NULL);
    code = 1;
    /* the account and its audit entry, or neither */
    if (store->ops->begin(store, &err) != BZ_OK ||
        bz_account_add(&ctx, a.words[0], password, a.role, &id, &err) !=
            BZ_OK) {
        store->ops->rollback(store, NULL);
        fprintf(stderr, "bzpeer: user add: %s\n", err.message);
        goto done;
    }
    snprintf(detail, sizeof(detail), "{\"role\": \"%s\"}", a.role);
    if (user_audit(store, id, "account_add", detail) != 0 ||
        store->ops->commit(store, &err) != BZ_OK) {
        store->ops->rollback(store, NULL);
        if (err.message[0])
            fprintf(stderr, "bzpeer: user add: %s\n", err.message);
        goto done;
    }
    printf("added A%lld (%s)\n", (long long)id, a.role);
    code = 0;
done:
    memset(password, 0, sizeof(password));
    bz_store_close(store);
    return code;
}

static int user_role(int argc, char **argv)
{
    struct user_args a;
    struct bz_config cfg;
    struct bz_store *store;
    struct bz_account account;
    struct bz_arena arena;
    struct bz_error err = {0};
    char email[BZ_ACCOUNT_EMAIL_MAX + 1], detail[64];
    int code = user_parse(argc, argv, 0, &a);

    if (code >= 0)
        return code;
    if (a.word_count != 2)
        return user_usage_error("user role takes an address and a role",
                                NULL);
    if (strcmp(a.words[1], "user") && strcmp(a.words[1], "moderator") &&
        strcmp(a.words[1], "admin"))
        return user_usage_error("no role (user, moderator or admin)",
                                a.words[1]);
    if (bz_account_email(a.words[0], email, &err) != BZ_OK)
        return user_usage_error(err.message, NULL);
    if ((code = bz_cli_store_open(a.config, a.db, &cfg, &store)) != 0)
        return code;
    bz_arena_init(&arena, 0);
    code = 1;
    if (store->ops->account_find(store, &arena, email, &account, &err) !=
            BZ_OK ||
        store->ops->begin(store, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: user role: %s\n",
                err.status == BZ_NOT_FOUND ? "no account has that address"
                                           : err.message);
        goto done;
    }
    snprintf(detail, sizeof(detail), "{\"from\": \"%s\", \"to\": \"%s\"}",
             account.role, a.words[1]);
    /* a new role is a new privilege: every session starts over */
    if (store->ops->account_set_role(store, account.id, a.words[1], &err) !=
            BZ_OK ||
        store->ops->session_delete(store, NULL, account.id, &err) != BZ_OK ||
        user_audit(store, account.id, "role", detail) != 0 ||
        store->ops->commit(store, &err) != BZ_OK) {
        store->ops->rollback(store, NULL);
        if (err.message[0])
            fprintf(stderr, "bzpeer: user role: %s\n", err.message);
        goto done;
    }
    printf("A%lld is %s\n", (long long)account.id, a.words[1]);
    code = 0;
done:
    bz_arena_release(&arena);
    bz_store_close(store);
    return code;
}

int bz_cmd_user(int argc, char **argv)
{
    if (bz_cli_wants_help(argc, argv)) {
        fputs(usage_user, stdout);
        return 0;
    }
    if (argc < 2)
        return user_usage_error("user needs a subcommand (add, role)", NULL);
    if (strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "role") == 0)
        return user_role(argc - 1, argv + 1);
    return user_usage_error("unknown user subcommand", argv[1]);
}
