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
#include "store/envelope.h"

/* sb_name_key() of a user_name: the name a KYC is searched by. */
#define SB_NAME_KEY_SIZE	(4 * SB_NAME_MAX + 1)

/*
 * A new submission's metadata.  Its bytes are in kyc_document under the
 * same id (store/kyc_document.h); the customer's name and email are
 * copied in as they were when it was made, which is what an auditor
 * reviews, so that the queue is one query.
 */
struct sb_kyc_new {
	bson_oid_t		 id;		/* made before the bytes are stored */
	const bson_oid_t	*user_id;
	const char		*user_name;
	const char		*user_email;
	const char		*document_type;
	const char		*document_number;	/* sealed here */
	const struct sb_envelope *env;		/* its data key */
	char			 number_index[65]; /* set here: its blind index */
	const char		*encoding;	/* "base64" or "text" */
	const char		*media_type;	/* sniffed */
	int64_t			 size;		/* of the bytes */
	const char		*sha256;	/* of the bytes, hex */
	unsigned		 width, height;	/* an image's (0: none) */
	unsigned		 pages;		/* a PDF's (0: none) */
	const char		*submitted_from; /* the client's address */
	int64_t			 submitted_at;
	int64_t			 attempt;	/* earlier submissions of the user */
};

/*
 * A submission's place in the review queue (its queue_key): submitted_at
 * in UTC to the millisecond, then its id, "2026-11-27T23:07:12.123Z/<24
 * hex>".  These strings compare as (submitted_at, _id) do, so a page of
 * the queue is one range of the status_queue index: on MongoDB, and on the
 * local database (whose patched SQLite backend walks an index in order for
 * a string key; a date it cannot).  None of its characters needs escaping.
 */
#define SB_KYC_QUEUE_KEY_SIZE	64
void	sb_kyc_queue_key(int64_t submitted_at, const bson_oid_t *id,
	    char out[SB_KYC_QUEUE_KEY_SIZE]);

/*
 * Where a page of the queue starts: the item before it, and its queue_key
 * ("" for a kyc_doc of the old layout, which has none until
 * smartbank-admin migrate; those come first in the queue).
 */
struct sb_queue_cursor {
	struct sb_cursor	item;
	char			key[SB_KYC_QUEUE_KEY_SIZE];
};

/* The newest submission of a user, as the upload rules need it. */
struct sb_kyc_latest {
	int64_t		count;			/* the user's submissions */
	char		status[SB_STATUS_LEN];	/* of the newest; "" when none */
	bson_oid_t	id;			/* of the newest */
	char		reject_kind[8];		/* its RETRY or FINAL, or "" */
};

/* A customer's submissions: the newest, and what the quotas count. */
struct sb_kyc_usage {
	struct sb_kyc_latest	latest;
	int64_t			since_count;	/* made since the time asked */
	int64_t			since_oldest;	/* the oldest of them (ms), or 0 */
	int64_t			stored_bytes;	/* of every submission kept */
};


/* The user's newest submission.  SB_OK or SB_ERR. */
int	sb_kyc_latest(const struct sb_conn *, const bson_oid_t *user_id,
	    struct sb_kyc_latest *, bson_error_t *);
/*
 * The user's submissions in one read: the newest, those since since_ms,
 * and the bytes kept.  SB_OK or SB_ERR.
 */
int	sb_kyc_usage(const struct sb_conn *, const bson_oid_t *user_id,
	    int64_t since_ms, struct sb_kyc_usage *, bson_error_t *);
/*
 * Insert a SUBMITTED document (k->id), its follow-up (ops/sweep.h) marked
 * pending, whose submission_key is "<user id>:<attempt>": a second upload
 * racing the first for the same attempt fails with code 11000, on
 * FerretDB as on MongoDB.  SB_OK or SB_ERR.
 */
int	sb_kyc_insert(const struct sb_conn *, struct sb_kyc_new *,
	    bson_error_t *);

/*
 * The kyc_doc id into out (initialised here; the caller destroys it),
 * without the document_data of the old layout unless with_data.
 * SB_FOUND, SB_NOTFOUND, SB_ERR.
 */
int	sb_kyc_find(const struct sb_conn *, const bson_oid_t *id,
	    int with_data, bson_t *out, bson_error_t *);
/*
 * The document number of a kyc_doc as found, opened (or as stored, in the
 * clear, before migrate), into out.  SB_FOUND; SB_NOTFOUND when it has
 * none (shredded with the scan); SB_ERR when it does not open
 * (SB_SEALED_ERROR_DOMAIN, logged with the KYC id).
 */
int	sb_kyc_number(const struct sb_conn *, const bson_t *kyc, char *out,
	    size_t cap, bson_error_t *);
/* Is the KYC id there?  SB_FOUND, SB_NOTFOUND, SB_ERR. */
int	sb_kyc_exists(const struct sb_conn *, const bson_oid_t *id,
	    bson_error_t *);

/*
 * The page cursor that a KYC id makes, for the queue (owner NULL) or for
 * a user's own history (owner: that user; another user's id is then
 * SB_NOTFOUND, as if it were not there).  SB_FOUND, SB_NOTFOUND, SB_ERR.
 */
int	sb_kyc_cursor(const struct sb_conn *, const bson_oid_t *id,
	    const bson_oid_t *owner, struct sb_cursor *, bson_error_t *);
/* The queue's cursor that a KYC id makes.  SB_FOUND, SB_NOTFOUND, SB_ERR. */
int	sb_kyc_queue_cursor(const struct sb_conn *, const bson_oid_t *id,
	    struct sb_queue_cursor *, bson_error_t *);
/* The review queue's page, counts and searches: store/kyc_queue.h. */

/*
 * One page of a user's submissions, newest first (by submitted_at, then
 * _id), after the cursor (or from the newest), with what the customer may
 * see of them and never the bytes, to fn.  The count seen, or SB_ERR.
 */
int64_t	sb_kyc_of_user(const struct sb_conn *, const bson_oid_t *user_id,
	    const struct sb_cursor *after, int64_t limit,
	    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *);

/*
 * Record the decision on the document, by _id alone.  The caller holds the
 * KYC's one decision record (store/kyc_decision.h: inserted first, unique
 * per KYC), so no other decision can be written here; writing it again
 * after a crash writes the same.  (A filter on the status as well would
 * make FerretDB read every kyc_doc: it serves nothing but an exact _id
 * from its index.)  SB_OK or SB_ERR.
 */
/*
 * A decision as the kyc_doc records it: reviewed_by, reviewed_at,
 * review_notes (for the customer), and for a rejection reject_reasons (an
 * array of codes, base/reasons.h) and reject_kind; internal_note is for
 * the team and never shown to the customer.
 */
struct sb_kyc_review {
	const char		*status;
	const bson_oid_t	*reviewer;
	const char		*notes;		/* or NULL */
	const char		*reasons;	/* codes, comma-separated, or NULL */
	const char		*kind;		/* RETRY or FINAL, or NULL */
	const char		*internal_note;	/* or NULL */
	int64_t			 at;
};
int	sb_kyc_set_reviewed(const struct sb_conn *, const bson_oid_t *id,
	    const struct sb_kyc_review *, bson_error_t *);
/*
 * A FINAL rejection becomes RETRY, by reopener at (recorded as reopened_by
 * and reopened_at).  By _id alone (store/db.h).  SB_OK or SB_ERR.
 */
int	sb_kyc_reopen(const struct sb_conn *, const bson_oid_t *id,
	    const bson_oid_t *reopener, int64_t at, bson_error_t *);

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
 * The customer's name on their submissions still in review (SUBMITTED):
 * what the auditor compares with the document and searches by.  Decided
 * ones keep the name they were decided under.  SB_OK or SB_ERR.
 */
int	sb_kyc_rename_in_review(const struct sb_conn *,
	    const bson_oid_t *user_id, const char *name, bson_error_t *);

/*
 * Every submission of an erased customer names them as the user record now
 * does (name and email, store/user.h), and its follow-up mark goes.
 * SB_OK or SB_ERR.
 */
int	sb_kyc_pseudonymise_user(const struct sb_conn *,
	    const bson_oid_t *user_id, const char *name, const char *email,
	    bson_error_t *);

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
