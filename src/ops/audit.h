/*
 * audit.h -- who acts, and the one call every state change makes.
 *
 * An operation takes an actor and a connection, never an HTTP request, so
 * that the handlers, smartbank-admin and the sweeps run the same code.
 * Every state change ends in one user_log entry (store/user_log.h), and
 * each entry in one leaf of the audit Merkle tree (store/audit_tree.h):
 * the entry first (leaf pending), then its leaf claimed at the next
 * number, then its seq noted.  An entry whose writer died between is given
 * its leaf by the sweep, once (the leaf's entry is unique).
 */
#ifndef SB_OPS_AUDIT_H
#define SB_OPS_AUDIT_H

#include <mongoc/mongoc.h>

#include "store/db.h"
#include "store/user_log.h"

struct sb_actor {
	const bson_oid_t	*id;		/* the acting user, or NULL */
	const char		*role;		/* a role, "admin" or "anonymous" */
	const char		*address;	/* the client's, or "local" */
};

/* One string of an entry's details; a NULL value is left out. */
struct sb_detail {
	const char	*key;
	const char	*value;
};

/* Details of an entry from n pairs; out is initialised here. */
void	sb_audit_details(bson_t *out, const struct sb_detail *, size_t n);
/* The same from a list written in place: SB_DETAILS(&b, {"k", v}, ...). */
#define SB_DETAILS(out, ...)						\
	sb_audit_details((out), (const struct sb_detail[]){ __VA_ARGS__ },	\
	    sizeof((const struct sb_detail[]){ __VA_ARGS__ }) /		\
	    sizeof(struct sb_detail))

/* One entry: action by actor, about user (or NULL).  SB_OK or SB_ERR. */
int	sb_audit(const struct sb_conn *, const struct sb_actor *,
	    const char *action, const bson_oid_t *user_id,
	    const bson_t *details, bson_error_t *);

/*
 * An entry whose _id is fixed by the change it records (a follow-up or a
 * decision), so that writing it twice is refused rather than doubled:
 * one already there is success.  SB_OK or SB_ERR.
 */
int	sb_audit_once(const struct sb_conn *, const struct sb_audit *,
	    bson_error_t *);

/* The leaf of an entry just written, claimed and noted.  SB_OK/SB_ERR. */
int	sb_audit_leaf(const struct sb_conn *, const struct sb_logged *,
	    bson_error_t *);
/*
 * Leaves for entries without one, in _id order, at most max: those whose
 * leaf is pending (the sweep), or those written before the tree
 * (!pending: smartbank-admin migrate).  How many, or SB_ERR.
 */
int64_t	sb_audit_add_leaves(const struct sb_conn *, int pending, int64_t max,
	    bson_error_t *);

#endif
