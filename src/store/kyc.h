/*
 * kyc.h -- the kyc_doc collection.
 */
#ifndef SB_STORE_KYC_H
#define SB_STORE_KYC_H

#include <stddef.h>
#include <stdint.h>

#include <mongoc/mongoc.h>

#include "db.h"

struct sb_kyc_new {
	const bson_oid_t	*user_id;
	const char		*document_type;
	const char		*document_number;
	const char		*document_data;	/* as received */
	const char		*encoding;	/* "base64" or "text" */
	const char		*submitted_from; /* the client's address */
	/*
	 * Called, if set, once document_data is copied into the new document
	 * and before it is sent, so that the caller can free its copy: the
	 * peak memory of a large upload is then two copies, not three.
	 */
	void			(*release_data)(void *);
	void			*release_arg;
	int64_t			 submitted_at;
	int64_t			 attempt;	/* earlier submissions of the user */
	bson_oid_t		 id;		/* set by sb_kyc_insert */
};

/*
 * The user's submissions so far, and the status and id of the newest
 * (status "" when none; latest may be NULL).  0, or -1 on error.
 */
int	sb_kyc_latest(const struct sb_conn *, const bson_oid_t *user_id,
	    int64_t *count, char status[16], bson_oid_t *latest,
	    bson_error_t *);
/*
 * Insert a SUBMITTED document, its follow-up (followup.h) marked pending,
 * whose submission_key is
 * "<user id>:<attempt>": a second upload racing the first for the same
 * attempt fails with code 11000, on FerretDB as on MongoDB.
 */
int	sb_kyc_insert(const struct sb_conn *, struct sb_kyc_new *,
	    bson_error_t *);

/*
 * The kyc_doc id into out (initialised here; the caller destroys it),
 * without document_data unless with_data.  1 found, 0 not, -1 error.
 */
int	sb_kyc_find(const struct sb_conn *, const bson_oid_t *id,
	    int with_data, bson_t *out, bson_error_t *);

/*
 * One page of the review queue: SUBMITTED documents oldest first (by
 * submitted_at, then _id), starting after the document after (or from
 * the start), without document_data.  fn sees each one.
 * 1 done, 0 when after names no document, -1 error.
 */
int	sb_kyc_pending(const struct sb_conn *, const bson_oid_t *after,
	    int64_t limit, int (*fn)(const bson_t *, void *), void *arg,
	    bson_error_t *);

/*
 * Record a decision on the document, only while it is SUBMITTED (the
 * guard is right on MongoDB; on FerretDB the decision record, inserted
 * first, is what makes the decision unique).
 */
int	sb_kyc_set_reviewed(const struct sb_conn *, const bson_oid_t *id,
	    const char *status, const bson_oid_t *reviewer, const char *notes,
	    int64_t at, bson_error_t *);

#endif
