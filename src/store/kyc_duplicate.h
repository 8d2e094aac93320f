/*
 * kyc_duplicate.h -- documents whose number another customer has used too.
 * Return conventions: base/model.h.
 *
 * A number is compared by its blind index (number_index, keyed per
 * document type), never in the clear.  Each kyc_doc also stores whether
 * its number is a duplicate (duplicate: true or false), so that the queue
 * can be filtered by it with one index range (status_duplicate_queue,
 * store/kyc_queue.h):
 *
 *   - a new KYC is stored with false; once stored, its follow-up
 *     (ops/submission.c) counts the other customers' KYCs with its number
 *     and, if there are any, sets true on every KYC with it.  Two
 *     customers submitting one number at once: the second count sees the
 *     first KYC, whichever finishes first;
 *   - a purge (ops/retention.c) takes the number away: before it, the
 *     KYCs left with the number go back to false if they belong to one
 *     customer only;
 *   - smartbank-admin migrate gives the flag to KYCs stored without one.
 *
 * The counts shown beside a case (duplicate_count) are read when asked.
 */
#ifndef SB_STORE_KYC_DUPLICATE_H
#define SB_STORE_KYC_DUPLICATE_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "store/db.h"

/*
 * KYCs of other users than user_id with this number_index.  How many (0
 * for an empty index), or SB_ERR.
 */
int64_t	sb_kyc_count_duplicates(const struct sb_conn *, const char *index,
	    const bson_oid_t *user_id, bson_error_t *);
/*
 * The same KYCs ({_id, user_id, status, user_name, user_email}), oldest
 * first, to fn.  The count seen, or SB_ERR.
 */
int64_t	sb_kyc_duplicates(const struct sb_conn *, const char *index,
	    const bson_oid_t *user_id, int (*fn)(const bson_t *, void *),
	    void *arg, bson_error_t *);
/*
 * Every KYC whose number_index is in the array indexes ({_id,
 * number_index, user_id}), to fn: a page's duplicates in one query.  The
 * count seen, or SB_ERR.
 */
int64_t	sb_kyc_same_numbers(const struct sb_conn *, const bson_t *indexes,
	    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *);

/* Set duplicate: true on every KYC with this number_index.  SB_OK/SB_ERR. */
int	sb_kyc_mark_duplicates(const struct sb_conn *, const char *index,
	    bson_error_t *);
/*
 * The number of the KYC leaving is about to go: the others with it go back
 * to duplicate: false unless they belong to two customers or more.
 * SB_OK or SB_ERR.
 */
int	sb_kyc_recount_duplicates(const struct sb_conn *, const char *index,
	    const bson_oid_t *leaving, bson_error_t *);
/* Set a KYC's duplicate flag to dup.  SB_OK or SB_ERR. */
int	sb_kyc_set_duplicate(const struct sb_conn *, const bson_oid_t *id,
	    int dup, bson_error_t *);

#endif
