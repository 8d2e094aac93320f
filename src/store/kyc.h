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
	int64_t			 submitted_at;
	int64_t			 attempt;	/* earlier submissions of the user */
	bson_oid_t		 id;		/* set by sb_kyc_insert */
};

/*
 * The user's submissions so far and the status of the newest
 * ("" when none).  0, or -1 on error.
 */
int	sb_kyc_latest(const struct sb_conn *, const bson_oid_t *user_id,
	    int64_t *count, char status[16], bson_error_t *);
/*
 * Insert a SUBMITTED document whose submission_key is
 * "<user id>:<attempt>": a second upload racing the first for the same
 * attempt fails with code 11000, on FerretDB as on MongoDB.
 */
int	sb_kyc_insert(const struct sb_conn *, struct sb_kyc_new *,
	    bson_error_t *);

#endif
