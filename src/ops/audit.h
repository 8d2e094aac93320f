/*
 * audit.h -- who acts, and the one call every state change makes.
 *
 * An operation takes an actor and a connection, never an HTTP request, so
 * that the handlers, smartbank-admin and the sweeps run the same code.
 * Every state change ends in one user_log entry (store/user_log.h).
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

#endif
