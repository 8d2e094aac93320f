/*
 * decision.c -- KYC decisions: deciding, applying, finishing.
 */
#include "config.h"
#include "ops/decision.h"

#include <stdio.h>
#include <string.h>

#include "base/model.h"
#include "base/reasons.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/kyc_doc.h"
#include "store/user.h"

/* Reviewed before, or another decision was first: it is carried out, and
 * named in res. */
static int
already(const struct sb_conn *conn, const bson_oid_t *kyc_id,
    struct sb_decide_result *res, bson_error_t *e)
{
	int found;

	if (sb_decision_finish(conn, kyc_id, e) == SB_ERR)
		return SB_ERR;
	if ((found = sb_decision_find(conn, kyc_id, &res->earlier, e)) ==
	    SB_ERR)
		return SB_ERR;
	res->has_earlier = found == SB_FOUND;
	return SB_DECIDE_ALREADY;
}

/*
 * The id of an entry a KYC has at most one of, made from the KYC id (two
 * writers at once write one entry): three bytes of its random part
 * flipped by mask, one mask per action.
 */
#define FIRST_APPROVED_MASK	0x5a
#define REOPENED_MASK		0x3c

static void
entry_id(const bson_oid_t *kyc, uint8_t mask, bson_oid_t *out)
{
	bson_oid_copy(kyc, out);
	for (int i = 5; i < 8; i++)
		out->bytes[i] ^= mask;
}

/*
 * The first approval a is on the kyc_doc and audited (once: a crash in
 * between is mended by whoever sees the approval next).
 */
static int
note_first(const struct sb_conn *conn, const bson_oid_t *kyc_id,
    const bson_oid_t *user_id, const struct sb_first_approval *a,
    const char *notes, bson_error_t *e)
{
	bson_t	details;
	char	hex[SB_ID_HEX_LEN + 1];
	int	rc;

	if (sb_first_approval_note(conn, kyc_id, a, e) == SB_ERR)
		return SB_ERR;
	bson_oid_to_string(kyc_id, hex);
	SB_DETAILS(&details, { "kyc_id", hex }, { "review_notes", notes },
	    { "approvals", "1 of 2" });
	rc = sb_audit_once(conn, &(const struct sb_audit){ .id = &a->entry,
	    .action = SB_AUDIT_KYC_FIRST_APPROVED, .user_id = user_id,
	    .actor_id = &a->by, .actor_role = a->role,
	    .ip_address = a->ip_address, .details = &details, .at_ms = a->at },
	    e);
	bson_destroy(&details);
	return rc;
}

/*
 * Four eyes, for an approval: SB_DECIDE_FIRST (the caller's is the first:
 * recorded, the case released), SB_DECIDE_SAME_APPROVER, SB_DECIDE_OK
 * (the caller's is the second: d names the first), or SB_ERR.
 */
static int
four_eyes(const struct sb_conn *conn, const struct sb_reviewer *r,
    const bson_oid_t *kyc_id, struct sb_decision *d,
    struct sb_decide_result *res, const char *notes, bson_error_t *e)
{
	struct sb_first_approval	*a = &res->first;
	int				 rc;

	memset(a, 0, sizeof(*a));
	bson_oid_copy(r->actor->id, &a->by);
	snprintf(a->by_email, sizeof(a->by_email), "%s", r->email);
	snprintf(a->role, sizeof(a->role), "%s", r->actor->role);
	snprintf(a->ip_address, sizeof(a->ip_address), "%s", r->actor->address);
	entry_id(kyc_id, FIRST_APPROVED_MASK, &a->entry);
	a->at = sb_now_ms();
	if ((rc = sb_first_approval_take(conn, kyc_id, a, e)) == SB_ERR)
		return SB_ERR;
	if (rc == SB_FOUND) {
		/* Another auditor completes it: the case goes back to the
		 * queue (the entry says the claim was released). */
		if (note_first(conn, kyc_id, &d->user_id, a, notes, e) ==
		    SB_ERR || sb_claim_clear(conn, kyc_id,
		    res->claim.claim.gen, e) == SB_ERR)
			return SB_ERR;
		return SB_DECIDE_FIRST;
	}
	if (bson_oid_equal(&a->by, r->actor->id))	/* nor holds it */
		return sb_claim_clear(conn, kyc_id, res->claim.claim.gen, e) ==
		    SB_ERR ? SB_ERR : SB_DECIDE_SAME_APPROVER;
	/* Mend a first approval whose note or entry a crash left out. */
	if (note_first(conn, kyc_id, &d->user_id, a, NULL, e) == SB_ERR)
		return SB_ERR;
	d->has_first = 1;
	bson_oid_copy(&a->by, &d->first_approver);
	return SB_DECIDE_OK;
}

/* The kind of a rejection with these reasons, none given. */
static const char *
default_kind(const char *reasons)
{
	char	codes[SB_REASONS_MAX * (SB_REASON_CODE_MAX + 1)], *p, *next;

	snprintf(codes, sizeof(codes), "%s", reasons != NULL ? reasons : "");
	for (p = codes; *p != '\0'; p = next) {
		const struct sb_reason *why;

		next = p + strcspn(p, ",");
		if (*next == ',')
			*next++ = '\0';
		if ((why = sb_reason_find(p)) != NULL &&
		    strcmp(why->kind, SB_KIND_FINAL) == 0)
			return SB_KIND_FINAL;
	}
	return SB_KIND_RETRY;
}

int
sb_decide(const struct sb_conn *conn, const struct sb_reviewer *r,
    const bson_oid_t *kyc_id, const struct sb_decision_input *in,
    struct sb_decide_result *res, bson_error_t *e)
{
	const char		*status = in->status, *notes = in->notes;
	const struct sb_actor	*auditor = r->actor;
	struct sb_decision	 d;
	struct sb_user		 u;
	bson_t			 doc;
	char			 current[SB_STATUS_LEN];
	int			 found;

	memset(&d, 0, sizeof(d));
	memset(res, 0, sizeof(*res));
	found = sb_kyc_find(conn, kyc_id, 0, &doc, e);
	sb_bson_str(&doc, "status", current, sizeof(current));
	sb_bson_oid(&doc, "user_id", &d.user_id);
	if (found != SB_FOUND) {
		bson_destroy(&doc);
		return found == SB_NOTFOUND ? SB_DECIDE_NOTFOUND : SB_ERR;
	}
	if (strcmp(current, SB_KYC_SUBMITTED) != 0) {
		bson_destroy(&doc);
		return already(conn, kyc_id, res, e);
	}
	/* A closed relationship is not reviewed: its scans await purging. */
	if ((found = sb_user_by_id(conn, &d.user_id, &u, e)) == SB_ERR ||
	    (found == SB_FOUND && u.closed_at != 0)) {
		bson_destroy(&doc);
		return found == SB_ERR ? SB_ERR : SB_DECIDE_CLOSED;
	}
	/* Four eyes: the first approver is told before taking the case. */
	if (in->four_eyes && strcmp(status, SB_KYC_APPROVED) == 0 &&
	    sb_first_approval_of(&doc, &res->first) &&
	    bson_oid_equal(&res->first.by, auditor->id)) {
		bson_destroy(&doc);
		return SB_DECIDE_SAME_APPROVER;
	}
	/* The reviewer holds the case, or takes it now. */
	found = sb_claim_for_decision(conn, r, &doc, &res->claim, e);
	bson_destroy(&doc);
	if (found != SB_CLAIM_OK)
		return found == SB_CLAIM_HELD ? SB_DECIDE_HELD : SB_ERR;
	d.claim_taken = !res->claim.renewed;
	if ((d.has_previous = res->claim.taken_over))
		bson_oid_copy(&res->claim.previous, &d.previous_holder);
	if (in->four_eyes && strcmp(status, SB_KYC_APPROVED) == 0 &&
	    (found = four_eyes(conn, r, kyc_id, &d, res, notes, e)) !=
	    SB_DECIDE_OK)
		return found;

	bson_oid_copy(kyc_id, &d.kyc_id);
	snprintf(d.status, sizeof(d.status), "%s", status);
	bson_oid_copy(auditor->id, &d.reviewer_id);
	snprintf(d.reviewer_role, sizeof(d.reviewer_role), "%s", auditor->role);
	snprintf(d.ip_address, sizeof(d.ip_address), "%s", auditor->address);
	if (notes != NULL) {
		snprintf(d.notes, sizeof(d.notes), "%s", notes);
		d.has_notes = 1;
	}
	if (strcmp(status, SB_KYC_REJECTED) == 0) {
		snprintf(d.reasons, sizeof(d.reasons), "%s",
		    in->reasons != NULL ? in->reasons : "");
		snprintf(d.kind, sizeof(d.kind), "%s", in->kind != NULL ?
		    in->kind : default_kind(in->reasons));
	}
	if (in->internal_note != NULL) {
		snprintf(d.internal_note, sizeof(d.internal_note), "%s",
		    in->internal_note);
		d.has_internal_note = 1;
	}
	d.at = sb_now_ms();
	if (sb_decision_insert(conn, &d, e) == SB_ERR) {
		if (!sb_db_error_is_duplicate(e))
			return SB_ERR;
		/* Another decision was first; make sure it is carried out. */
		return already(conn, kyc_id, res, e);
	}
	/* Recorded: if applying fails now, a later request finishes it. */
	return sb_decision_apply(conn, &d, e) == SB_ERR ? SB_ERR :
	    SB_DECIDE_OK;
}

int
sb_decision_apply(const struct sb_conn *conn, const struct sb_decision *d,
    bson_error_t *e)
{
	bson_t	details;
	char	kyc_hex[SB_ID_HEX_LEN + 1], prev[SB_ID_HEX_LEN + 1];
	char	first[SB_ID_HEX_LEN + 1];
	int	rc;

	if (sb_kyc_set_reviewed(conn, &d->kyc_id, &(const struct sb_kyc_review){
	    .status = d->status, .reviewer = &d->reviewer_id,
	    .notes = d->has_notes ? d->notes : NULL,
	    .reasons = d->kind[0] != '\0' ? d->reasons : NULL,
	    .kind = d->kind[0] != '\0' ? d->kind : NULL,
	    .internal_note = d->has_internal_note ? d->internal_note : NULL,
	    .at = d->at }, e) == SB_ERR)
		return SB_ERR;
	/* The user follows only their newest submission. */
	if (sb_kyc_sync_user(conn, &d->user_id, NULL, e) == SB_ERR)
		return SB_ERR;

	bson_oid_to_string(&d->kyc_id, kyc_hex);
	bson_oid_to_string(&d->previous_holder, prev);
	bson_oid_to_string(&d->first_approver, first);
	/* claim: "taken" when the decision took a case nobody held (one
	 * step, one entry), with the holder of a lease that had ended. */
	SB_DETAILS(&details, { "kyc_id", kyc_hex }, { "decision", d->status },
	    { "review_notes", d->has_notes ? d->notes : NULL },
	    { "reasons", d->kind[0] == '\0' ? NULL : d->reasons[0] != '\0' ?
	    d->reasons : "unspecified" },
	    { "kind", d->kind[0] != '\0' ? d->kind : NULL },
	    { "first_approval_by", d->has_first ? first : NULL },
	    { "claim", d->claim_taken ? "taken" : NULL },
	    { "previous_holder", d->has_previous ? prev : NULL });
	rc = sb_audit_once(conn, &(const struct sb_audit){ .id = &d->audit_id,
	    .action = strcmp(d->status, SB_KYC_APPROVED) == 0 ?
	    SB_AUDIT_KYC_APPROVED : SB_AUDIT_KYC_REJECTED,
	    .user_id = &d->user_id, .actor_id = &d->reviewer_id,
	    .actor_role = d->reviewer_role, .ip_address = d->ip_address,
	    .details = &details, .at_ms = d->at }, e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	return sb_decision_mark_applied(conn, &d->kyc_id, e);
}

int
sb_decision_finish(const struct sb_conn *conn, const bson_oid_t *kyc_id,
    bson_error_t *e)
{
	struct sb_decision	d;
	int			found = sb_decision_find(conn, kyc_id, &d, e);

	if (found == SB_ERR)
		return SB_ERR;
	if (found == SB_FOUND && !d.applied)
		return sb_decision_apply(conn, &d, e);
	return SB_OK;
}

int
sb_reopen(const struct sb_conn *conn, const struct sb_actor *auditor,
    const bson_oid_t *kyc_id, bson_error_t *e)
{
	bson_oid_t	rejected_by, user_id, entry;
	bson_t		kyc, details;
	char		status[SB_STATUS_LEN], kind[8];
	char		kyc_hex[SB_ID_HEX_LEN + 1], by_hex[SB_ID_HEX_LEN + 1];
	int64_t		now = sb_now_ms();
	int		found, rc;

	found = sb_kyc_find(conn, kyc_id, 0, &kyc, e);
	sb_bson_str(&kyc, "status", status, sizeof(status));
	sb_bson_str(&kyc, "reject_kind", kind, sizeof(kind));
	memset(&rejected_by, 0, sizeof(rejected_by));
	sb_bson_oid(&kyc, "reviewed_by", &rejected_by);
	sb_bson_oid(&kyc, "user_id", &user_id);
	bson_destroy(&kyc);
	if (found != SB_FOUND)
		return found == SB_NOTFOUND ? SB_REOPEN_NOTFOUND : SB_ERR;
	if (strcmp(status, SB_KYC_REJECTED) != 0 ||
	    strcmp(kind, SB_KIND_FINAL) != 0)
		return SB_REOPEN_NOT_FINAL;
	if (bson_oid_equal(&rejected_by, auditor->id))
		return SB_REOPEN_SAME;
	if (sb_kyc_reopen(conn, kyc_id, auditor->id, now, e) == SB_ERR)
		return SB_ERR;
	bson_oid_to_string(kyc_id, kyc_hex);
	bson_oid_to_string(&rejected_by, by_hex);
	entry_id(kyc_id, REOPENED_MASK, &entry);
	SB_DETAILS(&details, { "kyc_id", kyc_hex }, { "rejected_by", by_hex });
	rc = sb_audit_once(conn, &(const struct sb_audit){ .id = &entry,
	    .action = SB_AUDIT_KYC_REOPENED, .user_id = &user_id,
	    .actor_id = auditor->id, .actor_role = auditor->role,
	    .ip_address = auditor->address, .details = &details,
	    .at_ms = now }, e);
	bson_destroy(&details);
	return rc == SB_ERR ? SB_ERR : SB_REOPEN_OK;
}
