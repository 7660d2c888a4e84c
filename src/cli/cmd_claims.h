/* cmd_claims.h - `bzpeer claims`: moderators' work on claims of
 * researcher records from the command line (list, add, approve, reject,
 * revoke), with the rules of claim/claim.h. */
#ifndef BZ_CMD_CLAIMS_H
#define BZ_CMD_CLAIMS_H

/* Runs `bzpeer claims ARGS` (argv[0] is "claims"). Returns the exit
 * status: 0 done, 1 failed with the reason on stderr, 2 a wrong command
 * line. */
int bz_cmd_claims(int argc, char **argv);

#endif
