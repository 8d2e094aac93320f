/*
 * handlers.h -- every route handler.  Each writes its answer with the
 * sb_reply_* functions and returns the status it wrote.
 */
#ifndef SB_HANDLERS_H
#define SB_HANDLERS_H

struct sb_req;

int	sb_handle_healthz(struct sb_req *);

#endif
