/* cmd_resolve.h - `bzpeer resolve`: the name resolution pass on demand
 * (identity/pass.h), which `bzpeer import` also runs after each import. */
#ifndef BZ_CMD_RESOLVE_H
#define BZ_CMD_RESOLVE_H

int bz_cmd_resolve(int argc, char **argv);

#endif
