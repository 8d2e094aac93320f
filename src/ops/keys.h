/*
 * keys.h -- key rotation (smartbank-admin rotate-keys): every customer's
 * key (store/customer_key.h), and every data key still wrapped by a KEK
 * directly (until migrate), re-wrapped by the newest key-encryption key of
 * the key file; the data itself is not re-encrypted.
 *
 * One document at a time, in _id order, each write over the wrapped key
 * it read: a run killed half-way leaves every key wrapped by either KEK,
 * both still in the file, and the next run finishes the rest.  Afterwards
 * the old keys can leave the key file.
 */
#ifndef SB_OPS_KEYS_H
#define SB_OPS_KEYS_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/db.h"

struct sb_rotate_counts {
	int64_t	customers;	/* customers' keys now wrapped by the newest */
	int64_t	rewrapped;	/* version 1 data keys now wrapped by it */
	int64_t	failed;		/* keys that did not unwrap (logged) */
	int64_t	webhooks;	/* webhook endpoints whose secrets it re-sealed */
};

/*
 * Rotate every key; audited KEYS_ROTATED (by who, with operator_name,
 * the counts in details customers, rewrapped and webhooks) when any was
 * re-wrapped.  SB_OK (see n->failed) or SB_ERR.
 */
int	sb_rotate_keys(const struct sb_conn *, const struct sb_actor *who,
	    const char *operator_name, struct sb_rotate_counts *n,
	    bson_error_t *);

#endif
