/*
 * review.h -- what the review handlers (kyc_review.c, kyc_claim.c,
 * kyc_rejection.c, kyc_document.c) share.
 */
#ifndef SB_HANDLERS_REVIEW_H
#define SB_HANDLERS_REVIEW_H

#include "ops/claim.h"

struct sb_req;

/* The caller as a reviewer (ops/claim.h); actor is filled in and kept. */
struct sb_reviewer	sb_req_reviewer(const struct sb_req *,
			    struct sb_actor *actor);
/*
 * 409 {"detail": "KYC is being reviewed by EMAIL until TIME",
 * "claimed_by", "claimed_until"}: another auditor holds the case.
 */
int			sb_reply_held(struct sb_req *, const struct sb_claim *);

#endif
