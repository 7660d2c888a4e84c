/* page_collab.h - the pages of direct collaboration (page_invite.c,
 * page_conversation.c) and the parts they share. None is cached; every
 * POST is CSRF-checked. The rules are collaboration.h's. */
#ifndef BZ_PAGE_COLLAB_H
#define BZ_PAGE_COLLAB_H

#include <stddef.h>
#include <stdint.h>

#include "collaboration/collaboration.h"
#include "core/buf.h"
#include "http/request.h"
#include "http/viewer.h"

/* "/researchers/{id}/invite" (GET: the form, or why the record cannot be
 * invited; POST: subject, message, topic). */
enum bz_status bz_page_invite(struct bz_request *req, struct bz_response *resp,
                              const char *id, struct bz_error *err);

/* "/invitations": the viewer's, received and sent, and whom they block. */
enum bz_status bz_page_invitations(struct bz_request *req,
                                   struct bz_response *resp,
                                   struct bz_error *err);

/* POST "/invitations/{id}/accept", ".../decline", ".../withdraw",
 * ".../block", ".../report" (reason) and "/invitations/unblock"
 * (account); rest is what follows "/invitations/". */
enum bz_status bz_page_invitation_post(struct bz_request *req,
                                       struct bz_response *resp,
                                       const char *rest, struct bz_error *err);

/* "/conversations": the viewer's, with their unread counts. */
enum bz_status bz_page_conversations(struct bz_request *req,
                                     struct bz_response *resp,
                                     struct bz_error *err);

/* "/conversations/{id}" (GET: the messages, oldest first, which the
 * viewer has then read; POST: body, a new message); rest is the id. */
enum bz_status bz_page_conversation(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *rest, struct bz_error *err);

/* The reported conversations' section of /moderate (nothing for a viewer
 * who is not a moderator). */
void bz_page_reports_section(struct bz_request *req, struct bz_buf *out,
                             const struct bz_viewer *v);

/* A line for /account: invitations waiting, unread messages. */
void bz_page_collab_summary(struct bz_request *req, struct bz_buf *out,
                            const struct bz_viewer *v);

/* --- shared by the two files --- */

void bz_page_collab_ctx(const struct bz_request *req,
                        struct bz_collab_ctx *ctx);

/* Wakes the mail sender (something was queued). */
void bz_page_collab_kick(const struct bz_request *req);

/* The positive decimal number of the len bytes at text, or 0. */
int64_t bz_page_collab_number(const char *text, size_t len);

/* The forms that block the other party of invitation id and report it. */
void bz_page_collab_block_form(struct bz_buf *out, const struct bz_viewer *v,
                               int64_t id);
void bz_page_collab_report_form(struct bz_buf *out, const struct bz_viewer *v,
                                int64_t id);

#endif
