/*
 * audit_verify.h -- checking the audit trail against its Merkle tree
 * (smartbank-admin verify-audit): every leaf's entry is there, unmodified,
 * and knows its number; no entry is outside the tree but the ones whose
 * leaf is pending; the root recomputed from the entries alone; and every
 * stored checkpoint signed by our key, of the root the entries give at its
 * size, and consistent with the one before it.
 */
#ifndef SB_OPS_AUDIT_VERIFY_H
#define SB_OPS_AUDIT_VERIFY_H

#include <stdint.h>

#include "base/merkle.h"
#include "store/db.h"

struct sb_audit_check {
	uint64_t	size;			/* leaves */
	uint8_t		root[SB_HASH_LEN];	/* recomputed; size > 0 */
	int64_t		entries;		/* in user_log */
	int64_t		pending;		/* of them, awaiting a leaf */
	int64_t		pending_in_tree;	/* ...or its number only */
	int64_t		checkpoints;		/* checked */
	uint64_t	checkpoint;		/* the latest's size */
	int64_t		bad_seq;		/* the first problem's, or -1 */
	char		problem[256];		/* "" when none */
};

/* Check it all.  SB_OK (see problem), or SB_ERR (the database). */
int	sb_audit_verify(const struct sb_conn *, struct sb_audit_check *,
	    bson_error_t *);

#endif
