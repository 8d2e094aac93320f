/*
 * kyc_upload.h -- the kyc_upload collection: uploads under way, so that
 * bytes whose kyc_doc never came are found without reading any bytes.
 * Return conventions: base/model.h.
 *
 * An upload inserts {_id: the KYC id, user_id, at} first, then the bytes
 * (store/kyc_document.h), then the kyc_doc, then removes this record.  A
 * record older than the grace period names an upload that died: the sweep
 * (ops/sweep.h) removes its bytes unless its kyc_doc exists, then the
 * record.
 */
#ifndef SB_STORE_KYC_UPLOAD_H
#define SB_STORE_KYC_UPLOAD_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "store/db.h"

int	sb_kyc_upload_begin(const struct sb_conn *, const bson_oid_t *id,
	    const bson_oid_t *user_id, int64_t at, bson_error_t *);
int	sb_kyc_upload_end(const struct sb_conn *, const bson_oid_t *id,
	    bson_error_t *);
/*
 * The ids of uploads begun before before_ms, at most max, into out.  The
 * count, or SB_ERR.
 */
int64_t	sb_kyc_upload_stale(const struct sb_conn *, int64_t before_ms,
	    bson_oid_t *out, int64_t max, bson_error_t *);

#endif
