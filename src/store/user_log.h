/*
 * user_log.h -- the user_log collection: the audit trail.
 *
 * Each state change writes exactly one entry: who it concerned, who did it
 * and in what role, when, from which client address (as nginx saw it),
 * and ids or review notes in details -- never a password, a token or
 * document data.  Writing goes through ops/audit.h; reading is here.
 *
 * Every entry is also a leaf of the audit Merkle tree (store/audit_tree.h):
 * it is written with leaf_pending: true, and gets seq (its leaf's number)
 * in place of the flag once its leaf is claimed.  Its leaf hash is
 * SHA-256(0x00 || its canonical bytes): the BSON document of its fields
 * _id, user_id, actor_id, action, actor_role, timestamp, ip_address and
 * details, in that order, as stored (seq and leaf_pending left out).
 */
#ifndef SB_STORE_USER_LOG_H
#define SB_STORE_USER_LOG_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/merkle.h"
#include "store/db.h"

struct sb_audit {
	const bson_oid_t	*id;		/* the entry's _id, or NULL for new */
	const char		*action;	/* SB_AUDIT_* (base/model.h) */
	const bson_oid_t	*user_id;	/* whom it concerns, or NULL */
	const bson_oid_t	*actor_id;	/* who did it, or NULL */
	const char		*actor_role;	/* a role, "admin" or "anonymous" */
	const char		*ip_address;	/* the client's, or "local" */
	const bson_t		*details;	/* or NULL for {} */
	int64_t			 at_ms;		/* 0: now */
};

/* An entry as written: its _id and its leaf hash. */
struct sb_logged {
	bson_oid_t	id;
	uint8_t		hash[SB_HASH_LEN];
};

/*
 * Write one entry, leaf pending, into out.  SB_OK, or SB_ERR (11000 when
 * id is taken).
 */
int	sb_user_log_insert(const struct sb_conn *, const struct sb_audit *,
	    struct sb_logged *out, bson_error_t *);
/*
 * The leaf hash of a stored entry, from its canonical bytes.  SB_OK, or
 * SB_ERR when a field is missing.
 */
int	sb_user_log_leaf_hash(const bson_t *entry, uint8_t out[SB_HASH_LEN]);
/* The entry's leaf is seq: set it, and drop the pending flag.  SB_OK/ERR. */
int	sb_user_log_set_seq(const struct sb_conn *, const bson_oid_t *id,
	    uint64_t seq, bson_error_t *);
/*
 * Entries whose leaf is pending (pending) or that have no leaf and no flag
 * (written before the tree: !pending), in _id order, at most max, whole,
 * to fn.  The count, or SB_ERR.
 */
int64_t	sb_user_log_without_leaf(const struct sb_conn *, int pending,
	    int64_t max, int (*fn)(const bson_t *, void *), void *arg,
	    bson_error_t *);
/* The entry id, whole, into out (destroyed by the caller).  As find. */
int	sb_user_log_find(const struct sb_conn *, const bson_oid_t *id,
	    bson_t *out, bson_error_t *);
/* How many entries there are, and how many await their leaf.  SB_OK/ERR. */
/*
 * The entries whose _ids are ids (n of them, one query), whole, to fn in
 * the database's order.  The count, or SB_ERR.
 */
int64_t	sb_user_log_by_ids(const struct sb_conn *, const bson_oid_t *ids,
	    size_t n, int (*fn)(const bson_t *, void *), void *arg,
	    bson_error_t *);
int	sb_user_log_counts(const struct sb_conn *, int64_t *all,
	    int64_t *pending, bson_error_t *);

/* What a page of the log shows: every field optional. */
struct sb_log_filter {
	const bson_oid_t	*user_id;
	const bson_oid_t	*actor_id;
	const char		*action;
	int64_t			 from_ms, to_ms;	/* 0: open */
	int			 has_from, has_to;
};

/* The page cursor that entry id makes.  SB_FOUND, SB_NOTFOUND, SB_ERR. */
int	sb_user_log_cursor(const struct sb_conn *, const bson_oid_t *id,
	    struct sb_cursor *, bson_error_t *);

/*
 * One page of the log, newest first (timestamp, then _id), below after
 * (or from the top), at most limit entries, to fn.  Count seen, or SB_ERR.
 */
int64_t	sb_user_log_page(const struct sb_conn *, const struct sb_log_filter *,
	    const struct sb_cursor *after, int64_t limit,
	    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *);

#endif
