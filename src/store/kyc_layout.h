/*
 * kyc_layout.h -- what smartbank-admin migrate and rotate-keys write on
 * kyc_docs: the records of earlier layouts found and completed, and data
 * keys moved under newer keys.  Return conventions: base/model.h.
 */
#ifndef SB_STORE_KYC_LAYOUT_H
#define SB_STORE_KYC_LAYOUT_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "store/db.h"
#include "store/envelope.h"
#include "store/kyc_doc.h"

/*
 * The old layout, before smartbank-admin migrate: kyc_docs that hold
 * their document_data inline, lack the customer's name and email, their
 * queue_key, their user_name_key or their duplicate flag, have no data
 * key (written before encryption; not a shredded one), or are half-way
 * sealed.
 * Their ids, at most max, into out; the count or SB_ERR.
 */
int64_t	sb_kyc_old_layout(const struct sb_conn *, bson_oid_t *out,
	    int64_t max, bson_error_t *);
/*
 * Give a kyc_doc its user_name_key: the name it is searched by
 * (sb_name_key() of user_name; store/kyc_queue.h).  SB_OK or SB_ERR.
 */
int	sb_kyc_set_name_key(const struct sb_conn *, const bson_oid_t *id,
	    const char *user_name, bson_error_t *);
/* Give a kyc_doc its queue_key (sb_kyc_queue_key()).  SB_OK or SB_ERR. */
int	sb_kyc_set_queue_key(const struct sb_conn *, const bson_oid_t *id,
	    int64_t submitted_at, bson_error_t *);
/*
 * Seal a kyc_doc written in the clear: its data key (env, wrapped), and
 * its number (when not NULL) sealed with its blind index, in one update
 * that also marks it "sealing" until sb_kyc_set_layout() -- its bytes
 * are sealed in between, under the key that is stored first.  SB_OK or
 * SB_ERR.
 */
int	sb_kyc_set_envelope(const struct sb_conn *, const bson_oid_t *id,
	    const struct sb_envelope *env, const char *type,
	    const char *number, bson_error_t *);
/*
 * Ids of kyc_docs whose data key is wrapped by a KEK other than kek_id,
 * after the id after (NULL: from the first) in _id order, at most max,
 * into out.  The count, or SB_ERR.
 */
int64_t	sb_kyc_wrapped_elsewhere(const struct sb_conn *, const char *kek_id,
	    const bson_oid_t *after, bson_oid_t *out, int64_t max,
	    bson_error_t *);
/*
 * Store env's data key (opened from a version 1 record) in its kyc_doc,
 * wrapped by the newest KEK, or (to_customer) under its record key
 * (store/customer_key.h), the data itself not touched; only over the key
 * it was opened from.  SB_OK or SB_ERR.
 */
int	sb_kyc_rewrap(const struct sb_conn *, const struct sb_envelope *env,
	    int to_customer,
	    bson_error_t *);
/*
 * Move a kyc_doc to the new layout: set the bytes' metadata (when
 * media_type is not NULL) and the customer's name and email, drop
 * document_data, and the "sealing" mark.  Idempotent.  SB_OK or SB_ERR.
 */
int	sb_kyc_set_layout(const struct sb_conn *, const bson_oid_t *id,
	    const char *encoding, const char *media_type, int64_t size,
	    const char *sha256, const char *user_name, const char *user_email,
	    bson_error_t *);

#endif
