/*
 * kyc_decision.h -- the kyc_decision collection: one record per reviewed KYC,
 * its _id the KYC id, so that the database refuses a second decision.
 *
 * A decision is written first, then applied (kyc_doc, user, user_log),
 * then marked applied.  Without transactions, a crash between those steps
 * leaves an unapplied record that ops/decision.h finishes at any later
 * time.  Return conventions: base/model.h.
 */
#ifndef SB_STORE_DECISION_H
#define SB_STORE_DECISION_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/model.h"
#include "base/reasons.h"
#include "store/db.h"

struct sb_decision {
	bson_oid_t	kyc_id;
	bson_oid_t	user_id;
	bson_oid_t	reviewer_id;
	bson_oid_t	audit_id;	/* the _id its user_log entry gets */
	char		status[SB_STATUS_LEN];	/* APPROVED or REJECTED */
	char		notes[4 * SB_REVIEW_NOTES_MAX + 1];
	int		has_notes;
	char		reviewer_role[SB_STATUS_LEN];
	char		ip_address[64];
	int64_t		at;
	int		applied;
	/* A rejection's reason codes (comma-separated, "" for none given)
	 * and kind; the team's own note. */
	char		reasons[SB_REASONS_MAX * (SB_REASON_CODE_MAX + 1)];
	char		kind[8];
	char		internal_note[4 * SB_REVIEW_NOTES_MAX + 1];
	int		has_internal_note;
	/* Four eyes: the first approval's auditor (this is the second). */
	int		has_first;
	bson_oid_t	first_approver;
	/* The case was nobody's: the decision took it (ops/claim.h)... */
	int		claim_taken;
	/* ...from this auditor's lease that had ended. */
	int		has_previous;
	bson_oid_t	previous_holder;
};

/* Insert d (audit_id is made here); a second one for a KYC fails 11000. */
int	sb_decision_insert(const struct sb_conn *, struct sb_decision *d,
	    bson_error_t *);
/* SB_FOUND, SB_NOTFOUND, or SB_ERR. */
int	sb_decision_find(const struct sb_conn *, const bson_oid_t *kyc_id,
	    struct sb_decision *, bson_error_t *);
int	sb_decision_mark_applied(const struct sb_conn *,
	    const bson_oid_t *kyc_id, bson_error_t *);
/* Each decision not yet applied, oldest first.  Count seen, or SB_ERR. */
int64_t	sb_decision_each_unapplied(const struct sb_conn *,
	    int (*fn)(const struct sb_conn *, const struct sb_decision *,
	    void *), void *arg, bson_error_t *);

#endif
