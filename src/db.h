/*
 * db.h -- the worker's MongoDB client pool, its indexes, and the reading
 * of driver errors (outage or duplicate key).
 *
 * A pool is created in each worker after fork(), never before: threads and
 * sockets do not survive fork and pools cannot be reset.
 */
#ifndef SB_DB_H
#define SB_DB_H

#include <stddef.h>

#include <mongoc/mongoc.h>

struct sb_config;

struct sb_db {
	mongoc_client_pool_t	*pool;
	mongoc_uri_t		*probe_uri;	/* see sb_db_probe() */
	char			*name;		/* database name */
};

/* A client and the database it works in: what every store call takes. */
struct sb_conn {
	mongoc_client_t	*client;
	const char	*db;
};

#define SB_COLL_USER	"user"
#define SB_COLL_KYC	"kyc_doc"
#define SB_COLL_LOG	"user_log"
#define SB_COLL_DECISION	"kyc_decision"
#define SB_COLL_LOGIN_FAILURE	"login_failure"
#define SB_COLL_LOGIN_LOCKOUT	"login_lockout"

int	sb_db_open(struct sb_db *, const struct sb_config *, char *err,
	    size_t errsz);
void	sb_db_close(struct sb_db *);
/*
 * Is the database back?  A ping on a new single-threaded client, which
 * tries the server once (serverSelectionTryOnce), so that an outage costs
 * one refused connection or at most a 500 ms connect timeout, not a pooled
 * client's server-selection wait.  New each time: a client that failed
 * would skip the server for its five-second cooldown.
 */
int	sb_db_probe(struct sb_db *, bson_error_t *);
mongoc_client_t *sb_db_pop(struct sb_db *);
void	sb_db_push(struct sb_db *, mongoc_client_t *);
/* A collection handle; the caller destroys it before pushing the client. */
mongoc_collection_t *sb_db_coll(const struct sb_conn *, const char *name);

/*
 * The first document of coll matching filter (opts may sort or project),
 * copied into out, which is initialised here and always destroyed by the
 * caller.  1 found, 0 none, -1 error.
 */
int	sb_db_find_one(const struct sb_conn *, const char *coll,
	    const bson_t *filter, const bson_t *opts, bson_t *out,
	    bson_error_t *);

/* Apply update to the document of coll whose _id is id.  0, or -1. */
int	sb_db_update_by_id(const struct sb_conn *, const char *coll,
	    const bson_oid_t *id, const bson_t *update, bson_error_t *);

/* How many documents of coll match filter, or -1. */
int64_t	sb_db_count(const struct sb_conn *, const char *coll,
	    const bson_t *filter, bson_error_t *);

/*
 * Each document of coll matching filter (opts may sort, limit, project),
 * in order, to fn, which returns 0 to go on or -1 to stop.  The count of
 * documents seen, or -1 on a database error.
 */
int64_t	sb_db_find_each(const struct sb_conn *, const char *coll,
	    const bson_t *filter, const bson_t *opts,
	    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *);

/*
 * Keyset paging: add to filter the condition that (field, _id) comes
 * after (at, id) in the list's order, ascending (after > 0) or descending
 * (after < 0).
 */
void	sb_db_append_after(bson_t *filter, const char *field, int64_t at,
	    const bson_oid_t *id, int after);

/* Create every index the service relies on; idempotent. */
int	sb_db_ensure_indexes(const struct sb_db *, mongoc_client_t *,
	    bson_error_t *);
int	sb_db_ping(mongoc_client_t *, bson_error_t *);

/* The server could not be reached or did not answer in time. */
int	sb_db_error_is_outage(const bson_error_t *);
/* An insert broke a unique index (code 11000). */
int	sb_db_error_is_duplicate(const bson_error_t *);

#endif
