/*
 * kyc_doc.h -- the kyc_doc collection: one document per submission, and
 * the user's kyc_status that follows the newest of them.  Return
 * conventions: base/model.h.
 */
#ifndef SB_STORE_KYC_DOC_H
#define SB_STORE_KYC_DOC_H

#include <stddef.h>
#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/model.h"
#include "store/db.h"

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

/* The newest submission of a user, as the upload rules need it. */
struct sb_kyc_latest {
	int64_t		count;			/* the user's submissions */
	char		status[SB_STATUS_LEN];	/* of the newest; "" when none */
	bson_oid_t	id;			/* of the newest */
};

/* The user's newest submission.  SB_OK or SB_ERR. */
int	sb_kyc_latest(const struct sb_conn *, const bson_oid_t *user_id,
	    struct sb_kyc_latest *, bson_error_t *);
/*
 * Insert a SUBMITTED document, its follow-up (ops/sweep.h) marked
 * pending, whose submission_key is "<user id>:<attempt>": a second upload
 * racing the first for the same attempt fails with code 11000, on
 * FerretDB as on MongoDB.  SB_OK or SB_ERR.
 */
int	sb_kyc_insert(const struct sb_conn *, struct sb_kyc_new *,
	    bson_error_t *);

/*
 * The kyc_doc id into out (initialised here; the caller destroys it),
 * without document_data unless with_data.  SB_FOUND, SB_NOTFOUND, SB_ERR.
 */
int	sb_kyc_find(const struct sb_conn *, const bson_oid_t *id,
	    int with_data, bson_t *out, bson_error_t *);

/* The queue's page cursor that id makes.  SB_FOUND, SB_NOTFOUND, SB_ERR. */
int	sb_kyc_cursor(const struct sb_conn *, const bson_oid_t *id,
	    struct sb_cursor *, bson_error_t *);
/*
 * One page of the review queue: SUBMITTED documents oldest first (by
 * submitted_at, then _id), after the cursor (or from the start), without
 * document_data, to fn.  The count seen, or SB_ERR.
 */
int64_t	sb_kyc_pending(const struct sb_conn *, const struct sb_cursor *after,
	    int64_t limit, int (*fn)(const bson_t *, void *), void *arg,
	    bson_error_t *);

/*
 * Record a decision on the document, only while it is SUBMITTED (the
 * guard is right on MongoDB; on FerretDB the decision record, inserted
 * first, is what makes the decision unique).  SB_OK or SB_ERR.
 */
int	sb_kyc_set_reviewed(const struct sb_conn *, const bson_oid_t *id,
	    const char *status, const bson_oid_t *reviewer, const char *notes,
	    int64_t at, bson_error_t *);

/*
 * Set the user's kyc_status from their newest kyc_doc (PENDING when none),
 * then read again and repeat if a decision changed it meanwhile: whoever
 * writes last has read after every change, so the two never end apart.
 * known: the newest document's status as the caller has just read or
 * written it, which saves the first read; NULL to read it.  SB_OK, SB_ERR.
 */
int	sb_kyc_sync_user(const struct sb_conn *, const bson_oid_t *user_id,
	    const char *known, bson_error_t *);

/*
 * Submissions whose follow-up is pending, at most max, into out.  The
 * count read, or SB_ERR.
 */
int64_t	sb_kyc_marked(const struct sb_conn *, struct sb_marked *out,
	    int64_t max, bson_error_t *);
/* The submission's follow-up is done. */
int	sb_kyc_clear_mark(const struct sb_conn *, const bson_oid_t *,
	    bson_error_t *);

#endif
