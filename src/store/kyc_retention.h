/*
 * kyc_retention.h -- the kyc_docs whose scans the retention rules purge
 * (ops/retention.h), and the shredding of one.  Return conventions:
 * base/model.h.
 */
#ifndef SB_STORE_KYC_RETENTION_H
#define SB_STORE_KYC_RETENTION_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "store/db.h"

/*
 * Retention (ops/retention.h).  Ids of kyc_docs whose scan is kept, at
 * most max, into out: REJECTED ones reviewed before cutoff (ms), or (with
 * user_id) every one of that user.  The count, or SB_ERR.
 */
int64_t	sb_kyc_rejected_before(const struct sb_conn *, int64_t cutoff,
	    bson_oid_t *out, int64_t max, bson_error_t *);
int64_t	sb_kyc_kept_of_user(const struct sb_conn *, const bson_oid_t *user_id,
	    bson_oid_t *out, int64_t max, bson_error_t *);
/*
 * Shred a KYC's identity data: its data key and its sealed number go, and
 * so do what could find or confirm them without a key -- the number's
 * blind index (a purged number is no longer a duplicate, nor found by its
 * index) and the scan's SHA-256 (which confirms a guessed small scan);
 * document_purged_at (at) and purge_rule are set, and purge_entry (the id
 * its DOCUMENT_PURGED entry will have) marks the purge as not finished,
 * and its duplicate flag goes false, all in one update by _id.  SB_OK or
 * SB_ERR.
 */
int	sb_kyc_shred(const struct sb_conn *, const bson_oid_t *id,
	    const char *rule, int64_t at, const bson_oid_t *entry,
	    bson_error_t *);
/* A purge not finished: what finishing it needs. */
struct sb_purge {
	bson_oid_t	id;		/* the KYC */
	bson_oid_t	user_id;
	bson_oid_t	entry;		/* its audit entry's id */
	char		rule[32];
	int64_t		at;
};
/* Purges not finished, at most max, into out.  The count, or SB_ERR. */
int64_t	sb_kyc_purges_pending(const struct sb_conn *, struct sb_purge *out,
	    int64_t max, bson_error_t *);
/* The purge of the KYC is finished.  SB_OK or SB_ERR. */
int	sb_kyc_purge_done(const struct sb_conn *, const bson_oid_t *,
	    bson_error_t *);

#endif
