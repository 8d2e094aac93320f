/*
 * kyc_claim.h -- who is reviewing a case: the claim field of a kyc_doc,
 * and the kyc_claim collection that decides between auditors.
 *
 * A kyc_doc's claim is {gen, by, by_email, until}: the claim's generation
 * (1, 2, ...), the auditor who holds it, their email, and when the lease
 * ends; after a release only gen is left.  Taking a case is taking its
 * next generation: an insert into kyc_claim of {_id: "<KYC id>:<gen>"},
 * which the database lets in once, on FerretDB as on MongoDB (a
 * conditional update is not atomic on FerretDB: store/db.h).  The one who
 * took generation gen then writes the claim onto the kyc_doc.  A renewal
 * moves only claim.until, so that it never writes over a newer holder.
 * Return conventions: base/model.h.
 */
#ifndef SB_STORE_KYC_CLAIM_H
#define SB_STORE_KYC_CLAIM_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/model.h"
#include "store/db.h"

struct sb_claim {
	int64_t		gen;		/* 0: never claimed */
	int		held;		/* by someone (the lease may be over) */
	bson_oid_t	by;
	char		by_email[SB_EMAIL_MAX + 1];
	int64_t		until;		/* ms */
};

/* The claim of a kyc_doc as read. */
void	sb_claim_of(const bson_t *kyc, struct sb_claim *);
/* Is it held by someone else than who, at now? */
int	sb_claim_held_by_other(const struct sb_claim *, const bson_oid_t *who,
	    int64_t now);

/*
 * Take generation gen of the KYC's claim for by, at.  SB_FOUND (taken);
 * SB_NOTFOUND when another took it first; SB_ERR.
 */
int	sb_claim_take(const struct sb_conn *, const bson_oid_t *kyc,
	    int64_t gen, const bson_oid_t *by, int64_t at, bson_error_t *);
/* Write c (whose generation the caller took) onto the kyc_doc. */
int	sb_claim_write(const struct sb_conn *, const bson_oid_t *kyc,
	    const struct sb_claim *c, bson_error_t *);
/* The lease of generation gen, held by by, now ends at until. */
int	sb_claim_extend(const struct sb_conn *, const bson_oid_t *kyc,
	    int64_t gen, const bson_oid_t *by, int64_t until, bson_error_t *);
/* Generation gen is released: only gen is left. */
int	sb_claim_clear(const struct sb_conn *, const bson_oid_t *kyc,
	    int64_t gen, bson_error_t *);

/*
 * Ids of SUBMITTED kyc_docs in queue order that nobody holds at now (no
 * claim, a released one, or a lease that ended), and whose first approval
 * (four eyes) is not by not_by (NULL: anyone's), at most max, into out.
 * A range of the status_queue index, filtered as it is walked.  The
 * count, or SB_ERR.
 */
int64_t	sb_claim_candidates(const struct sb_conn *, int64_t now,
	    const bson_oid_t *not_by, bson_oid_t *out, int64_t max,
	    bson_error_t *);

#endif
