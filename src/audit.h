/*
 * audit.h -- the one call every state change makes.
 *
 * Each state change writes exactly one user_log entry: who it concerned,
 * who did it and in what role, when, from which client address (as nginx
 * saw it), and ids or review notes in details -- never a password, a token
 * or document data.
 */
#ifndef SB_AUDIT_H
#define SB_AUDIT_H

#include <mongoc/mongoc.h>

struct sb_req;

#define SB_AUDIT_USER_REGISTERED	"USER_REGISTERED"
#define SB_AUDIT_LOGIN_SUCCEEDED	"LOGIN_SUCCEEDED"
#define SB_AUDIT_LOGIN_FAILED		"LOGIN_FAILED"
#define SB_AUDIT_LOGIN_THROTTLED	"LOGIN_THROTTLED"
#define SB_AUDIT_KYC_SUBMITTED		"KYC_SUBMITTED"
#define SB_AUDIT_KYC_VIEWED		"KYC_VIEWED"
#define SB_AUDIT_KYC_APPROVED		"KYC_APPROVED"
#define SB_AUDIT_KYC_REJECTED		"KYC_REJECTED"
#define SB_AUDIT_AUDITOR_CREATED	"AUDITOR_CREATED"
#define SB_AUDIT_USER_DISABLED		"USER_DISABLED"

struct sb_audit {
	const bson_oid_t	*id;		/* the entry's _id, or NULL for new */
	const char		*action;
	const bson_oid_t	*user_id;	/* whom it concerns, or NULL */
	const bson_oid_t	*actor_id;	/* who did it, or NULL */
	const char		*actor_role;	/* "customer", "auditor", "admin", "anonymous" */
	const char		*ip_address;	/* NULL: taken from the request */
	const bson_t		*details;	/* or NULL for {} */
	int64_t			 at_ms;		/* 0: now */
};

struct sb_conn;

/*
 * Write one entry.  Returns 0, or -1 with e set; the caller answers
 * 503/500 via sb_reply_db_error().
 */
int	sb_audit_write(const struct sb_conn *, const struct sb_audit *,
	    bson_error_t *e);
/* The same for a request: its client, database and client address. */
int	sb_audit(struct sb_req *, const struct sb_audit *, bson_error_t *e);

#endif
