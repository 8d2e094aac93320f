/*
 * submission.h -- a customer submits an identity document.
 *
 * First the quotas (submissions a day, bytes kept), decided before the
 * document is decoded.  The newest kyc_doc is the truth about the user's
 * KYC: a new one is allowed while it is absent or REJECTED.
 *
 * The writes, in an order that survives a crash at any point: the upload
 * is noted (store/kyc_upload.h), its bytes are stored under the KYC id
 * made beforehand (store/kyc_document.h), then the kyc_doc is inserted
 * with the submission key "<user>:<attempt>" under a unique index, so of
 * two racing uploads one wins and the loser removes its bytes.  Then the
 * note goes.  A note older than the grace period names an upload that
 * died; the sweep removes its bytes unless its kyc_doc exists.  So there
 * is never a kyc_doc without bytes, and never bytes left without one.
 *
 * The kyc_doc is inserted marked followup_pending; what follows (the
 * user's kyc_status, the KYC_SUBMITTED entry whose _id is the document's,
 * clearing the mark) is idempotent and finished by the sweep
 * (ops/sweep.h) if the request dies half-way.
 */
#ifndef SB_OPS_SUBMISSION_H
#define SB_OPS_SUBMISSION_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/kyc_doc.h"
#include "store/kyc_document.h"
#include "base/scan.h"
#include "store/user.h"

struct sb_config;

enum sb_submit {
	SB_SUBMIT_OK,		/* the id is the new KYC's */
	SB_SUBMIT_PENDING,	/* one is SUBMITTED already (or won a race) */
	SB_SUBMIT_APPROVED,	/* the user's KYC is approved */
	SB_SUBMIT_FINAL,	/* rejected FINAL: only a reopen allows more */
	SB_SUBMIT_DAILY_QUOTA,	/* too many today; retry_after_s is set */
	SB_SUBMIT_STORAGE_QUOTA, /* too many bytes kept; retry_after_s set */
	SB_SUBMIT_BAD_DOCUMENT,	/* not what it claims: invalid says why */
};

/* A submission as the customer sent it, its fields checked. */
struct sb_submission {
	const char	*document_type;
	const char	*document_number;
	const char	*data;		/* document_data as received */
	size_t		 len;
	const char	*encoding;	/* "base64" or "text" */
	/* Frees the caller's copy of data once the bytes are stored. */
	void		(*release_data)(void *);
	void		*release_arg;
	/* Set here. */
	bson_oid_t	 id;
	int64_t		 retry_after_s;
	const char	*invalid;	/* BAD_DOCUMENT: the 422's message */
	struct sb_scan	 scan;		/* what the bytes were found to be */
};

/*
 * Submit s for u, from address, within cfg's quotas; a scan is checked all
 * the way through (base/scan.h) once the quotas allow it, before anything
 * is stored.  An enum sb_submit, or SB_ERR with e set.
 */
int	sb_submit(const struct sb_conn *, const struct sb_config *,
	    const struct sb_user *u, const char *address,
	    struct sb_submission *s, bson_error_t *);

/*
 * What follows a stored submission: the user's kyc_status, KYC_SUBMITTED
 * (with the count of other customers' KYCs of the same number_index, the
 * blind index of its document number), then clear the mark.  fresh: the caller has just inserted the document
 * (so it is the newest, SUBMITTED).  SB_OK or SB_ERR.
 */
int	sb_submitted(const struct sb_conn *, const bson_oid_t *kyc_id,
	    const bson_oid_t *user_id, const char *document_type,
	    const char *number_index, const char *address, int64_t at_ms,
	    int fresh, bson_error_t *);

#endif
