/*
 * audit_tree.h -- the Merkle tree over the audit trail (RFC 6962 hashing,
 * base/merkle.h): audit_leaf holds one leaf per user_log entry, audit_node
 * the hashes of completed subtrees.  Everything is read and written by _id
 * (strings: the local database looks up string and ObjectId ids by index,
 * and scans for anything else).  Return conventions: base/model.h.
 *
 *   audit_leaf  {_id: "<seq>" (decimal), entry: the user_log _id,
 *                hash: binary(32), the leaf hash}; entry is unique, so an
 *                entry gets one leaf however often it is offered.
 *   audit_node  {_id: "<level>/<index>", hash: binary(32)}: the perfect
 *                subtree of 2^level leaves from index * 2^level, written
 *                the first time it is needed.
 *
 * The order is decided by the database: a leaf is claimed by inserting it
 * at the next sequence number, which the _id refuses to a second writer;
 * the loser tries the next.  A process guesses the next number from its
 * last claim (never above the tree's size, so the tree has no gaps) and
 * finds the size at start by O(log n) lookups.
 */
#ifndef SB_STORE_AUDIT_TREE_H
#define SB_STORE_AUDIT_TREE_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/merkle.h"
#include "store/db.h"

/* The tree's size (leaves 0..size-1 exist).  SB_OK or SB_ERR. */
int	sb_audit_tree_size(const struct sb_conn *, uint64_t *size,
	    bson_error_t *);
/*
 * The leaf of entry: claimed at the next number, or the one it already
 * has.  Its number into *seq.  SB_OK or SB_ERR.
 */
int	sb_audit_tree_append(const struct sb_conn *, const bson_oid_t *entry,
	    const uint8_t hash[SB_HASH_LEN], uint64_t *seq, bson_error_t *);
/*
 * The leaves from seq from on, at most max (at most 100), as long as they
 * follow each other: their entries into entry[].  The count (0: none
 * yet), or SB_ERR.  One query, by _id.
 */
int64_t	sb_audit_tree_leaves(const struct sb_conn *, uint64_t from,
	    size_t max, bson_oid_t *entry, bson_error_t *);
/* How many leaves are stored (more than the size: a hole).  Or SB_ERR. */
int64_t	sb_audit_tree_count(const struct sb_conn *, bson_error_t *);
/* Leaf seq: its entry and hash.  SB_FOUND, SB_NOTFOUND, SB_ERR. */
int	sb_audit_tree_leaf(const struct sb_conn *, uint64_t seq,
	    bson_oid_t *entry, uint8_t hash[SB_HASH_LEN], bson_error_t *);
/*
 * The hash of the perfect subtree (level, index), from audit_node, or
 * computed from below and stored.  SB_OK, or SB_ERR (also when a leaf of
 * it is missing: e->code 404).
 */
int	sb_audit_tree_node(const struct sb_conn *, unsigned level,
	    uint64_t index, uint8_t out[SB_HASH_LEN], bson_error_t *);

/*
 * sb_audit_tree_node() as a base/merkle.h callback: arg is a struct
 * sb_tree_reader, whose e keeps the first failure.
 */
struct sb_tree_reader {
	const struct sb_conn	*conn;
	bson_error_t		*e;
};
int	sb_audit_tree_get(void *arg, unsigned level, uint64_t index,
	    uint8_t out[SB_HASH_LEN]);

#endif
