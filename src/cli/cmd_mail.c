/* cmd_mail.c - `bzpeer mail test`: sends one short message with the
 * configured mail settings. */
#include "cli/cmd_mail.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/config.h"
#include "core/log.h"
#include "mail/mail.h"

static const char usage_mail[] =
    "usage: bzpeer mail test [--config FILE] EMAIL\n"
    "\n"
    "Sends a short test message to EMAIL with the mail settings of the\n"
    "configuration: through mail.host when it is set (mail.port, mail.tls\n"
    "= starttls, tls or none, mail.user, mail.password, mail.ca_file,\n"
    "mail.from), else into mail.dir (default var/mail) as an .eml file,\n"
    "whose file:// link is logged.\n"
    "  --config FILE  read FILE instead of ./bzpeer.conf\n"
    "\n"
    "exit status: 0 done, 1 failed, 2 usage\n";

static int mail_usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "bzpeer: %s%s%s%s\n%s", what, arg ? " '" : "",
            arg ? arg : "", arg ? "'" : "", usage_mail);
    return 2;
}

static void mail_apply_log_level(const struct bz_config *cfg)
{
    if (strcmp(cfg->log_level, "debug") == 0)
        bz_log_set_level(BZ_LOG_DEBUG);
    else if (strcmp(cfg->log_level, "warn") == 0)
        bz_log_set_level(BZ_LOG_WARN);
    else if (strcmp(cfg->log_level, "error") == 0)
        bz_log_set_level(BZ_LOG_ERROR);
}

/* The test message: where it comes from, and how it travelled. */
static void mail_test_text(const struct bz_config *cfg, char *out,
                           size_t size)
{
    const char *host = bz_config_get(cfg, "mail.host");

    snprintf(out, size,
             "This is a test message from bzpeer at %s.\n"
             "\n"
             "It was sent by `bzpeer mail test` %s%s%s.\n"
             "If you are reading it, the mail settings work.\n",
             cfg->base_url, host && *host ? "through the server '" : "",
             host && *host ? host : "without a mail server (mail.dir)",
             host && *host ? "'" : "");
}

static int mail_test(int argc, char **argv)
{
    const char *config = NULL, *to = NULL, *host, *dir;
    struct bz_error err = {0};
    struct bz_config cfg;
    struct bz_mail mail = {.subject = "bzpeer mail test"};
    char text[2048];
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            config = argv[++i];
        else if (argv[i][0] == '-')
            return mail_usage_error("unknown or incomplete option", argv[i]);
        else if (to)
            return mail_usage_error("unexpected argument", argv[i]);
        else
            to = argv[i];
    }
    if (to == NULL)
        return mail_usage_error("mail test needs an address", NULL);
    if (bz_mail_check_address(to, &err) != BZ_OK)
        return mail_usage_error(err.message, NULL);
    if (bz_config_load(&cfg, config, &err) != BZ_OK ||
        bz_config_finish(&cfg, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return 1;
    }
    mail_apply_log_level(&cfg);
    mail_test_text(&cfg, text, sizeof(text));
    mail.to = to;
    mail.text = text;
    if (bz_mail_send(&cfg, &mail, &err) != BZ_OK) {
        fprintf(stderr, "bzpeer: %s\n", err.message);
        return 1;
    }
    host = bz_config_get(&cfg, "mail.host");
    dir = bz_config_get(&cfg, "mail.dir");
    if (host && *host)
        printf("mail test: sent to '%s'\n", to);
    else
        printf("mail test: no mail.host: the message to '%s' is in '%s' "
               "(its link is in the log)\n",
               to, dir && *dir ? dir : "var/mail");
    return 0;
}

int bz_cmd_mail(int argc, char **argv)
{
    if (bz_cli_wants_help(argc, argv)) {
        fputs(usage_mail, stdout);
        return 0;
    }
    if (argc < 2)
        return mail_usage_error("mail needs a subcommand (test)", NULL);
    if (strcmp(argv[1], "test") == 0)
        return mail_test(argc - 1, argv + 1);
    return mail_usage_error("unknown mail subcommand", argv[1]);
}
