/* site.h - what every request of one server shares, made at start: the
 * instance's secret (signing links and CSRF tokens) and the outbox's
 * sender (woken when a request queues mail). */
#ifndef BZ_SITE_H
#define BZ_SITE_H

#include "auth/secret.h"

struct bz_outbox;

struct bz_site {
    struct bz_secret secret;
    struct bz_outbox *outbox; /* NULL: nobody to wake (a test) */
};

#endif
