/*
 * decision.h -- an auditor's decision on a KYC, and carrying it out.
 *
 * The decision record (store/kyc_decision.h), whose _id is the KYC id, is
 * inserted first: the database lets exactly one decision in.  Applying it
 * -- the kyc_doc's status and review fields, the user's kyc_status (unless
 * the user has submitted again since), one user_log entry whose _id the
 * record fixed, then the record marked applied -- is idempotent in every
 * step: it is both the normal path and the repair of an interrupted one.
 */
#ifndef SB_OPS_DECISION_H
#define SB_OPS_DECISION_H

#include "ops/audit.h"
#include "ops/claim.h"
#include "store/kyc_approval.h"
#include "store/kyc_decision.h"

enum sb_decide {
	SB_DECIDE_OK,
	SB_DECIDE_NOTFOUND,	/* no such KYC */
	SB_DECIDE_ALREADY,	/* reviewed before, or another decision won */
	SB_DECIDE_CLOSED,	/* the customer's account is closed */
	SB_DECIDE_HELD,		/* another auditor's live claim */
	SB_DECIDE_FIRST,	/* four eyes: the first approval, recorded */
	SB_DECIDE_SAME_APPROVER, /* four eyes: the second would be the first */
};

/* What a refused decision ran into. */
struct sb_decide_result {
	struct sb_claim_result	claim;	/* SB_DECIDE_HELD: its holder */
	struct sb_decision	earlier; /* SB_DECIDE_ALREADY: if found */
	int			has_earlier;
	struct sb_first_approval first;	/* four eyes: the first approval */
};

/* What an auditor decided, as the request said it (NULL: not given). */
struct sb_decision_input {
	const char	*status;	/* APPROVED or REJECTED */
	const char	*notes;		/* for the customer */
	const char	*reasons;	/* reason codes, comma-separated */
	const char	*kind;		/* RETRY or FINAL */
	const char	*internal_note;	/* for the team alone */
	int		 four_eyes;	/* SMARTBANK_FOUR_EYES=on */
};

/*
 * Decide on the KYC kyc_id, by the reviewer, who holds the case or takes
 * it in the same step (ops/claim.h).  A rejection without a kind is FINAL
 * if one of its reasons is FINAL by default, else RETRY; one without
 * reasons is an unspecified RETRY.
 *
 * Four eyes (in->four_eyes): an approval with no first approval yet is
 * the first -- recorded (store/kyc_approval.h), audited KYC_FIRST_APPROVED,
 * the case released and left SUBMITTED; a second approval by another
 * auditor decides (its entry names first_approval_by); the first auditor
 * can never be the second (Fineract's maker-checker).  A rejection needs
 * one auditor.  An enum sb_decide, or SB_ERR with e set.
 */
int	sb_decide(const struct sb_conn *, const struct sb_reviewer *,
	    const bson_oid_t *kyc_id, const struct sb_decision_input *,
	    struct sb_decide_result *, bson_error_t *);

enum sb_reopen {
	SB_REOPEN_OK,
	SB_REOPEN_NOTFOUND,	/* no such KYC */
	SB_REOPEN_NOT_FINAL,	/* not a FINAL rejection (any more) */
	SB_REOPEN_SAME,		/* by the auditor who rejected it */
};

/*
 * A FINAL rejection becomes RETRY, so that the customer may submit again:
 * by another auditor than the one who rejected it (maker-checker),
 * audited KYC_REOPENED once (details: kyc_id, rejected_by).  An enum
 * sb_reopen, or SB_ERR.
 */
int	sb_reopen(const struct sb_conn *, const struct sb_actor *auditor,
	    const bson_oid_t *kyc_id, bson_error_t *);

/* Apply a recorded decision (see above).  SB_OK or SB_ERR. */
int	sb_decision_apply(const struct sb_conn *, const struct sb_decision *,
	    bson_error_t *);

/*
 * A decision recorded but not (fully) applied -- a crash, or a database
 * outage half-way -- is finished now; none, or an applied one, is left
 * alone.  SB_OK or SB_ERR.
 */
int	sb_decision_finish(const struct sb_conn *, const bson_oid_t *kyc_id,
	    bson_error_t *);

#endif
