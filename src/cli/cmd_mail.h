/* cmd_mail.h - `bzpeer mail test EMAIL`: an administrator's check that
 * the mail settings work. */
#ifndef BZ_CMD_MAIL_H
#define BZ_CMD_MAIL_H

/* Runs `bzpeer mail ARGS` (argv[0] is "mail"). Returns the exit status:
 * 0 sent (or written to mail.dir), 1 failed with the reason on stderr,
 * 2 a wrong command line. */
int bz_cmd_mail(int argc, char **argv);

#endif
