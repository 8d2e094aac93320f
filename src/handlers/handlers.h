/*
 * handlers.h -- every route handler.  Each writes its answer with the
 * sb_reply_* functions and returns the status it wrote.
 */
#ifndef SB_HANDLERS_H
#define SB_HANDLERS_H

#include <stdint.h>

#include <bson/bson.h>

struct sb_req;

int	sb_handle_healthz(struct sb_req *);
int	sb_handle_register(struct sb_req *);
int	sb_handle_login(struct sb_req *);
int	sb_handle_me(struct sb_req *);
int	sb_handle_me_kyc_status(struct sb_req *);
int	sb_handle_kyc_upload(struct sb_req *);
int	sb_handle_kyc_pending(struct sb_req *);
int	sb_handle_kyc_get(struct sb_req *);
int	sb_handle_kyc_approve(struct sb_req *);
int	sb_handle_kyc_reject(struct sb_req *);
int	sb_handle_audit_logs(struct sb_req *);

/*
 * The list routes' ?limit= (1 to 200, default 50) and ?after=<id>:
 * 0, or the 422 already answered.
 */
int	sb_page_params(struct sb_req *, int64_t *limit, bson_oid_t *after,
	    int *has_after);

#endif
