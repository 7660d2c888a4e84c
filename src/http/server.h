/* server.h - `bzpeer serve`: libevent's evhttp, one event loop per core.
 *
 * The listening socket is opened once and shared by every loop; each loop
 * runs in its own thread with its own store handle and response cache.
 * SIGINT and SIGTERM stop the loops after the requests in hand are done.
 */
#ifndef BZ_SERVER_H
#define BZ_SERVER_H

#include "core/config.h"
#include "core/error.h"

/* Serves until SIGINT or SIGTERM. Returns BZ_OK after a clean stop, or an
 * error when the address cannot be bound or the store cannot be opened. */
enum bz_status bz_server_run(const struct bz_config *config,
                             struct bz_error *err);

#endif
