/*
 * handlers.h -- every route handler.  Each writes its answer with the
 * sb_reply_* functions and returns the status it wrote.
 */
#ifndef SB_HANDLERS_H
#define SB_HANDLERS_H

struct sb_req;

int	sb_handle_healthz(struct sb_req *);
int	sb_handle_register(struct sb_req *);
int	sb_handle_login(struct sb_req *);
int	sb_handle_me(struct sb_req *);
int	sb_handle_me_kyc_status(struct sb_req *);
int	sb_handle_kyc_upload(struct sb_req *);

#endif
