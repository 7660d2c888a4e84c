/* cmd_user.h - `bzpeer user add` and `bzpeer user role`: accounts made
 * and given roles by an administrator. */
#ifndef BZ_CMD_USER_H
#define BZ_CMD_USER_H

/* Runs `bzpeer user ARGS` (argv[0] is "user"). Returns the exit status:
 * 0 done, 1 failed with the reason on stderr, 2 a wrong command line. */
int bz_cmd_user(int argc, char **argv);

#endif
