/* mail.h - plain-text mail: through SMTP, or into .eml files when no
 * mail server is configured.
 *
 * With mail.host set, bz_mail_send() hands the message to that server
 * through libcurl. mail.tls says how the connection is protected:
 *   starttls  (default) plain connection, then STARTTLS before anything
 *             else; a server that does not offer it is refused, so the
 *             message and the password never travel in clear
 *   tls       TLS from the first byte (smtps://, usually port 465)
 *   none      no TLS at all: only for a relay on the same machine or a
 *             loopback test; mail.user is refused with it unless mail.host
 *             is a loopback address
 * mail.port defaults to 587 (starttls), 465 (tls) or 25 (none). The
 * server's certificate is always verified, against the system's CAs or
 * mail.ca_file. mail.user and mail.password log in when set. A send gives
 * up after BZ_MAIL_TIMEOUT seconds without progress.
 *
 * Without mail.host (the embedded set-up, `make run`), each message is
 * written to mail.dir (default var/mail, made with mode 0700 when missing)
 * as ID.eml, and an info line "mail to ADDRESS: file:///ABSOLUTE/PATH"
 * is logged, so that a developer can open the link a message carries.
 *
 * Messages are UTF-8 text/plain, quoted-printable, with CRLF line ends.
 * From is mail.from ("Name <addr>" or "addr"), by default
 * "bzpeer <noreply@HOST>" with HOST the host of base_url; Message-ID is
 * <ID@HOST>. Links in a body should be made from base_url by the caller.
 *
 * bz_mail_send() blocks for as long as the server takes (at most the
 * timeouts above): an event loop should not call it inline.
 */
#ifndef BZ_MAIL_H
#define BZ_MAIL_H

#include <time.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/error.h"

#define BZ_MAIL_ADDRESS_MAX 254       /* bytes of one address */
#define BZ_MAIL_SUBJECT_MAX 998       /* bytes of the subject, UTF-8 */
#define BZ_MAIL_TEXT_MAX (1L << 20)   /* bytes of the body, UTF-8 */
#define BZ_MAIL_TIMEOUT 10            /* seconds to connect, or of a stall */
#define BZ_MAIL_SEND_TIMEOUT 60       /* seconds for a whole SMTP send */

/* One message. The strings stay the caller's. */
struct bz_mail {
    const char *to;      /* one address, local@domain */
    const char *subject; /* UTF-8, one line (no CR or LF) */
    const char *text;    /* UTF-8 body; lines end in LF or CRLF */
    unsigned long long request_id; /* for the log line; 0: none */
};

/* What makes one message unique: when it was made and an id that names
 * both its Message-ID and its .eml file. */
struct bz_mail_stamp {
    time_t date;
    char id[48]; /* [A-Za-z0-9.-], e.g. 20261203T145633Z-1f2e3d4c5b6a7988 */
};

/* Sends mail as the configuration says (see above). cfg must have been
 * through bz_config_finish(). Fails with BZ_INVALID for a bad address, a
 * subject or From with a line break (header injection), text that is not
 * UTF-8 or a bad mail.* setting; BZ_TOO_LARGE past the caps; BZ_IO when
 * the server or the file system fails ("mail: send to 'a@b' through
 * 'host:587' failed: reason"). The password never appears in a message. */
enum bz_status bz_mail_send(const struct bz_config *cfg,
                            const struct bz_mail *mail, struct bz_error *err);

/* Checks the mail.* keys of cfg (after bz_config_finish()), so that a
 * server can refuse a bad setting when it starts, not at its first mail. */
enum bz_status bz_mail_check_config(const struct bz_config *cfg,
                                    struct bz_error *err);

/* BZ_OK when address is one plain addr-spec: a dot-atom local part of at
 * most 64 bytes, exactly one '@', a domain of letters, digits, '-' and
 * dots; at most BZ_MAIL_ADDRESS_MAX bytes, ASCII. Quoted local parts and
 * domain literals are refused. Else BZ_INVALID with the reason. */
enum bz_status bz_mail_check_address(const char *address,
                                     struct bz_error *err);

/* Fills stamp with the current time and a random id. BZ_IO when the
 * system has no random bytes to give. */
enum bz_status bz_mail_stamp_make(struct bz_mail_stamp *stamp,
                                  struct bz_error *err);

/* Appends the whole message (headers, blank line, body; CRLF line ends,
 * ending in CRLF) to out, which should be empty; the caller releases out.
 * Checks everything bz_mail_send() checks about the message. On failure
 * out holds nothing useful. */
enum bz_status bz_mail_format(const struct bz_config *cfg,
                              const struct bz_mail *mail,
                              const struct bz_mail_stamp *stamp,
                              struct bz_buf *out, struct bz_error *err);

#endif
