/*
 * handlers.h -- every route handler, one file per resource (docs/HACKING
 * lists them).  Each writes its answer with the sb_reply_* functions and
 * returns the status it wrote; the front line has already checked the
 * route's role, body and fields.
 */
#ifndef SB_HANDLERS_H
#define SB_HANDLERS_H

struct sb_req;

int	sb_handle_healthz(struct sb_req *);
int	sb_handle_register(struct sb_req *);
int	sb_handle_login(struct sb_req *);
int	sb_handle_logout(struct sb_req *);
int	sb_handle_me(struct sb_req *);
int	sb_handle_me_kyc_status(struct sb_req *);
int	sb_handle_me_kyc(struct sb_req *);
int	sb_handle_me_update(struct sb_req *);
int	sb_handle_me_export(struct sb_req *);
int	sb_handle_me_erasure(struct sb_req *);
int	sb_handle_erasures(struct sb_req *);
int	sb_handle_me_consents(struct sb_req *);
int	sb_handle_me_consents_set(struct sb_req *);
int	sb_handle_privacy_notice(struct sb_req *);
int	sb_handle_kyc_upload(struct sb_req *);
int	sb_handle_kyc_pending(struct sb_req *);
int	sb_handle_kyc_pending_summary(struct sb_req *);
int	sb_handle_kyc_search(struct sb_req *);
int	sb_handle_kyc_get(struct sb_req *);
int	sb_handle_kyc_document(struct sb_req *);
int	sb_handle_kyc_approve(struct sb_req *);
int	sb_handle_kyc_reject(struct sb_req *);
int	sb_handle_kyc_claim(struct sb_req *);
int	sb_handle_kyc_claim_next(struct sb_req *);
int	sb_handle_kyc_release(struct sb_req *);
int	sb_handle_kyc_reject_reasons(struct sb_req *);
int	sb_handle_kyc_reopen(struct sb_req *);
int	sb_handle_audit_logs(struct sb_req *);
int	sb_handle_audit_checkpoint(struct sb_req *);
int	sb_handle_audit_inclusion(struct sb_req *);
int	sb_handle_audit_consistency(struct sb_req *);
int	sb_handle_webhook_deliveries(struct sb_req *);
int	sb_handle_webhook_resend(struct sb_req *);

#endif
