/* cmd_digest.h - `bzpeer digest`: the weekly digests of followed
 * researchers' new works, queued and sent now (follow/digest.h), as each
 * server's outbox thread also does on its own. */
#ifndef BZ_CMD_DIGEST_H
#define BZ_CMD_DIGEST_H

int bz_cmd_digest(int argc, char **argv);

#endif
