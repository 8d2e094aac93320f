/*
 * kyc_queue.h -- the review queue's reads of kyc_doc: a page that filters,
 * the queue's counts, and the auditors' searches.  Return conventions:
 * base/model.h.
 *
 * Each read is one range of an index on MongoDB (store/db.c names them):
 *
 *   no filter, submitted_from/to   status_queue {status, queue_key, ...}:
 *                                  the dates bound queue_key, whose text
 *                                  starts with the submission time
 *   document_type                  status_type_queue {status, document_type,
 *                                  queue_key}
 *   duplicate=true|false           status_duplicate_queue {status,
 *                                  duplicate, queue_key}
 *   holder=me                      status_holder_queue {status, claim.by,
 *                                  queue_key}
 *   holder=none                    status_queue, the lease checked on each
 *                                  item of the range (a lease is a time, no
 *                                  index orders "free now")
 *   search by email                email_time {user_email, submitted_at}
 *   search by name prefix          name_key {user_name_key}: the range of
 *                                  keys that start with the prefix
 *   search by document number      number_index {number_index}: its blind
 *                                  index under each document type
 *
 * and on the local database the equalities and the queue_key range are
 * what our FerretDB patches take to SQLite's indexes (docs/database.md).
 */
#ifndef SB_KYC_QUEUE_H
#define SB_KYC_QUEUE_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "store/db.h"
#include "store/kyc_doc.h"

enum sb_holder {
	SB_HOLDER_ANY = 0,
	SB_HOLDER_ME,		/* the caller holds a live lease */
	SB_HOLDER_NONE		/* nobody does */
};

/* Whether a case's number is another customer's too (kyc_duplicate.h). */
enum sb_duplicate {
	SB_DUPLICATE_ANY = 0,
	SB_DUPLICATE_ONLY,	/* only cases whose number is */
	SB_DUPLICATE_NOT	/* only cases whose number is not */
};

/* What narrows the queue; zeroed, nothing does. */
struct sb_queue_filter {
	const char		*document_type;	/* NULL: every type */
	enum sb_duplicate	 duplicate;
	int64_t			 from_ms;	/* submitted at or after */
	int64_t			 to_ms;		/* submitted at or before */
	int			 has_from, has_to;
	enum sb_holder		 holder;
	const bson_oid_t	*me;		/* the caller, for SB_HOLDER_ME */
	int64_t			 now;		/* when leases are judged */
};

/*
 * Add to filter what puts a case in the queue: SUBMITTED, of a customer
 * whose account is not closed (sb_kyc_leave_queue()).  Claim-next's
 * candidates too.
 */
void	sb_kyc_append_queued(bson_t *filter);
/*
 * The customer user_id's account was closed at (ms): their SUBMITTED KYCs
 * leave the queue (customer_closed_at), no longer reviewed nor handed out
 * by claim-next; they keep their status, and their scans wait for the
 * retention rule.  Idempotent.  SB_OK or SB_ERR.
 */
int	sb_kyc_leave_queue(const struct sb_conn *, const bson_oid_t *user_id,
	    int64_t at, bson_error_t *);

/*
 * Add to filter that nobody's lease on the case is live: released (no
 * claim.until) or run out by now (ms).  Under $and, so that the filter's
 * own $or stays free.  Claim-next's candidates too (store/kyc_claim.h).
 */
void	sb_kyc_append_nobody_holds(bson_t *filter, int64_t now);

/*
 * One page of the review queue: SUBMITTED documents that pass the filter,
 * oldest first (by queue_key; those of the old layout, without one, first,
 * by submitted_at and _id, and only when no date bounds the page), after
 * the cursor (or from the start), without any bytes, to fn.  The count
 * seen, or SB_ERR.
 */
int64_t	sb_kyc_pending(const struct sb_conn *, const struct sb_queue_filter *,
	    const struct sb_queue_cursor *after, int64_t limit,
	    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *);

#define SB_QUEUE_TYPES_MAX	8

struct sb_queue_summary {
	int64_t	count;		/* SUBMITTED documents that pass the filter */
	int64_t	oldest_at;	/* the oldest one's submission (ms); 0: none */
	/* count of each type, in sb_document_type()'s order */
	int64_t	by_type[SB_QUEUE_TYPES_MAX];
};

/* The counts of the queue that passes the filter.  SB_OK or SB_ERR. */
int	sb_kyc_queue_summary(const struct sb_conn *,
	    const struct sb_queue_filter *, struct sb_queue_summary *,
	    bson_error_t *);

enum sb_search {
	SB_SEARCH_EMAIL,	/* exact, as stored (lower case) */
	SB_SEARCH_NAME,		/* a prefix of sb_name_key() */
	SB_SEARCH_NUMBER	/* exact, by its blind index */
};

/*
 * KYCs in any status whose customer has this email (newest first), whose
 * name starts with this prefix (by name), or with this document number
 * (newest first), at most limit, without any bytes, to fn.  The count
 * seen, or SB_ERR.
 */
int64_t	sb_kyc_search(const struct sb_conn *, enum sb_search,
	    const char *value, int64_t limit,
	    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *);

#endif
