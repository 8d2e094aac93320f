/*
 * claim.h -- auditors claiming cases for a lease, so that a team never
 * works one case twice (store/kyc_claim.h says how the database decides).
 *
 * A claim lasts SMARTBANK_CLAIM_LEASE_SECONDS and is renewed by its
 * holder's every action on the case (a claim again, a view).  A case whose
 * lease is over is free to anyone.  Taking a case is audited KYC_CLAIMED
 * (details: kyc_id, until, and previous_holder when it takes over a lease
 * that ended); a release KYC_RELEASED.  A decision on a case nobody holds
 * takes it in the same step (ops/decision.h), its entry saying so.
 */
#ifndef SB_OPS_CLAIM_H
#define SB_OPS_CLAIM_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/kyc_claim.h"

/* An auditor as a claim names them. */
struct sb_reviewer {
	const struct sb_actor	*actor;
	const char		*email;
	int64_t			 lease_ms;
};

enum sb_claim_outcome {
	SB_CLAIM_OK,		/* taken, or renewed (res->renewed) */
	SB_CLAIM_NOTFOUND,	/* no such KYC */
	SB_CLAIM_DECIDED,	/* not SUBMITTED any more */
	SB_CLAIM_HELD,		/* another auditor's live lease: res->claim */
	SB_CLAIM_NONE,		/* claim-next: nothing free */
	SB_CLAIM_NOT_HELD,	/* release: the caller does not hold it */
	SB_CLAIM_CLOSED,	/* the customer's account is closed */
};

struct sb_claim_result {
	bson_oid_t	kyc_id;
	bson_oid_t	user_id;
	struct sb_claim	claim;		/* as it is now */
	int		renewed;	/* the caller held it already */
	int		taken_over;	/* from a lease that had ended */
	bson_oid_t	previous;	/* then: its holder */
};

/* Claim the KYC kyc_id, or renew the caller's claim.  An outcome or SB_ERR. */
int	sb_claim_case(const struct sb_conn *, const struct sb_reviewer *,
	    const bson_oid_t *kyc_id, struct sb_claim_result *, bson_error_t *);
/*
 * Claim the oldest SUBMITTED case nobody holds (and, four eyes, that the
 * caller did not approve first).  Two auditors at once never get the
 * same one.  SB_CLAIM_OK, SB_CLAIM_NONE, or SB_ERR.
 */
int	sb_claim_next(const struct sb_conn *, const struct sb_reviewer *,
	    struct sb_claim_result *, bson_error_t *);
/* Release the caller's claim.  An outcome or SB_ERR. */
int	sb_claim_release(const struct sb_conn *, const struct sb_reviewer *,
	    const bson_oid_t *kyc_id, struct sb_claim_result *, bson_error_t *);

/*
 * For a decision on kyc (as read): the caller holds it from now on, taken
 * if nobody held it (not audited: the decision's entry says so, see
 * res->taken_over and res->renewed).  SB_CLAIM_OK, SB_CLAIM_HELD, or
 * SB_ERR.
 */
int	sb_claim_for_decision(const struct sb_conn *,
	    const struct sb_reviewer *, const bson_t *kyc,
	    struct sb_claim_result *, bson_error_t *);
/* The caller's own claim on kyc, if live, renewed (a view).  SB_OK/ERR. */
int	sb_claim_touch(const struct sb_conn *, const struct sb_reviewer *,
	    const bson_t *kyc, bson_error_t *);

#endif
