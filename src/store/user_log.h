/*
 * user_log.h -- the user_log collection: the audit trail.
 *
 * Each state change writes exactly one entry: who it concerned, who did it
 * and in what role, when, from which client address (as nginx saw it),
 * and ids or review notes in details -- never a password, a token or
 * document data.  Writing goes through ops/audit.h; reading is here.
 */
#ifndef SB_STORE_USER_LOG_H
#define SB_STORE_USER_LOG_H

#include <stdint.h>

#include <mongoc/mongoc.h>

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

/* Write one entry.  SB_OK, or SB_ERR (11000 when id is taken). */
int	sb_user_log_insert(const struct sb_conn *, const struct sb_audit *,
	    bson_error_t *);

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
