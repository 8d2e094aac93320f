/*
 * keys.h -- key rotation (smartbank-admin rotate-keys): every data key
 * re-wrapped by the newest key-encryption key of the key file, the data
 * itself not re-encrypted.
 *
 * One kyc_doc at a time, in _id order, read and written by _id: a run
 * killed half-way leaves every record wrapped by either key, both still in
 * the file, and the next run finishes the rest.  Afterwards the old keys
 * can leave the key file.
 */
#ifndef SB_OPS_KEYS_H
#define SB_OPS_KEYS_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/db.h"

struct sb_rotate_counts {
	int64_t	rewrapped;	/* data keys now wrapped by the newest KEK */
	int64_t	failed;		/* data keys that did not unwrap (logged) */
};

/*
 * Rotate every data key; audited KEYS_ROTATED (by who, with
 * operator_name) when any was re-wrapped.  SB_OK (see n->failed) or SB_ERR.
 */
int	sb_rotate_keys(const struct sb_conn *, const struct sb_actor *who,
	    const char *operator_name, struct sb_rotate_counts *n,
	    bson_error_t *);

#endif
