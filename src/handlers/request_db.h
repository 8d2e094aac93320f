/*
 * request_db.h -- a request's database: a client from the worker's pool,
 * taken on first use and given back when the request ends, and database
 * errors answered.  The http layer never sees the store; this is where a
 * request meets it, and where its caller becomes an actor.
 */
#ifndef SB_REQUEST_DB_H
#define SB_REQUEST_DB_H

#include <mongoc/mongoc.h>

#include "ops/audit.h"
#include "store/db.h"

struct sb_req;

/* The authenticated caller as the actor of an audit entry (pointers into
 * req). */
struct sb_actor	 sb_req_actor(const struct sb_req *);
/* The client and database name, as the store functions take them. */
struct sb_conn	 sb_req_conn(struct sb_req *);
/*
 * 429 with Retry-After (seconds) and a detail of what, then when to try
 * again in minutes: "...; try again in 14 minutes".
 */
int	sb_reply_too_many(struct sb_req *, const char *what,
	    int64_t retry_after_s);
/* 503 when the database is unreachable, 500 otherwise; logs the cause. */
int	sb_reply_db_error(struct sb_req *, const bson_error_t *);

#endif
