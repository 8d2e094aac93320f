/*
 * db.h -- the worker's MongoDB client pool, what the worker knows of the
 * database's health and the reading of driver errors (outage or duplicate
 * key), in db.c; its indexes, in db_index.c; the generic read and write
 * helpers the store files share, in db_crud.c.  Return conventions:
 * base/model.h.
 *
 * A pool is created in each worker after fork(), never before: threads and
 * sockets do not survive fork and pools cannot be reset.
 */
#ifndef SB_DB_H
#define SB_DB_H

#include <stddef.h>

#include <mongoc/mongoc.h>

#include "store/db_watch.h"

struct sb_config;
struct sb_keyring;
struct sb_signer;
struct sb_customer_keys;

struct sb_db {
	mongoc_client_pool_t	*pool;
	mongoc_uri_t		*probe_uri;	/* see sb_db_probe() */
	mongoc_uri_t		*background_uri; /* see sb_db_background() */
	mongoc_client_t		*background;
	char			*name;		/* database name */
	/* What seals identity data at rest (the configuration's). */
	const struct sb_keyring	*keys;
	/* What signs the audit tree's checkpoints (the configuration's). */
	const struct sb_signer	*signer;

	/* Health, as this process has seen it (sb_db_note). */
	int			 state;		/* 1 up, 0 down, -1 not known yet */
	int64_t			 next_probe_us;	/* while down: when to look again */
	int			 indexes_ready;
	int64_t			 next_index_try_us;
	int			 sweep_due;	/* finish interrupted changes */

	/* What a slow command is logged with (store/db_watch.h). */
	struct sb_db_watch	 watch;
};

/*
 * A client, the database it works in, and the keys that seal what the
 * store keeps encrypted: what every store call takes.
 */
struct sb_conn {
	mongoc_client_t		*client;
	const char		*db;
	const struct sb_keyring	*keys;
	const struct sb_signer	*signer;
	/* Customers' keys a request read ahead (store/customer_key.h). */
	const struct sb_customer_keys *known;
};

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
/* Destroys any collection handle first: a client goes back whole. */
void	sb_db_push(struct sb_db *, mongoc_client_t *);
/*
 * The process's client for background work (the sweep, retention,
 * checkpoints), made on first use; the sb_db keeps it.  It connects as
 * quickly as the pool's clients, but waits up to SB_DB_BACKGROUND_WAIT_MS
 * for a reply: on FerretDB, which reads a whole collection for any filter
 * but an exact _id, the sweep's queries grow with the data, and a slow
 * answer there is work, not an outage of the database.  NULL if it cannot
 * be made (e is set).
 */
#define SB_DB_BACKGROUND_WAIT_MS	60000
mongoc_client_t *sb_db_background(struct sb_db *, bson_error_t *);
/* A collection handle; the caller destroys it before pushing the client. */
mongoc_collection_t *sb_db_coll(const struct sb_conn *, const char *name);

/*
 * The first document of coll matching filter (opts may carry "sort" and
 * "projection", nothing else), copied into out, which is initialised here
 * and always destroyed by the caller.  1 found, 0 none, -1 error.
 */
int	sb_db_find_one(const struct sb_conn *, const char *coll,
	    const bson_t *filter, const bson_t *opts, bson_t *out,
	    bson_error_t *);

/*
 * The document of coll whose _id is id (an ObjectId, or a string for the
 * collections keyed by one); as sb_db_find_one().  The filter is the _id
 * alone: the only one FerretDB answers from its index.
 */
int	sb_db_find_by_id(const struct sb_conn *, const char *coll,
	    const bson_oid_t *id, const bson_t *opts, bson_t *out,
	    bson_error_t *);
int	sb_db_find_by_str(const struct sb_conn *, const char *coll,
	    const char *id, const bson_t *opts, bson_t *out, bson_error_t *);

/* Insert doc into coll.  SB_OK, or SB_ERR (a duplicate key: 11000). */
int	sb_db_insert(const struct sb_conn *, const char *coll,
	    const bson_t *doc, bson_error_t *);

/*
 * {_id: {$in: [ids...]}} (n ObjectIds) into filter: an _id range on
 * MongoDB, pushed down to its _id index on the local database too
 * (docs/database.md).
 */
void	sb_db_append_id_in(bson_t *filter, const bson_oid_t *ids, size_t n);

/*
 * Insert the n docs into coll, each on its own (unordered): SB_OK, or
 * SB_ERR (a duplicate key among them: 11000, the others inserted).
 */
int	sb_db_insert_many(const struct sb_conn *, const char *coll,
	    const bson_t **docs, size_t n, bson_error_t *);

/* Apply update to the document of coll whose _id is id.  SB_OK or SB_ERR. */
int	sb_db_update_by_id(const struct sb_conn *, const char *coll,
	    const bson_oid_t *id, const bson_t *update, bson_error_t *);

/*
 * Apply update to the one document of coll that filter matches (a
 * conditional write: on FerretDB the filter is read, then the write made
 * by _id, so a race is decided elsewhere).  SB_OK or SB_ERR.
 */
int	sb_db_update_one(const struct sb_conn *, const char *coll,
	    const bson_t *filter, const bson_t *update, bson_error_t *);
/*
 * The same, saying whether filter matched: SB_FOUND (updated), SB_NOTFOUND
 * (a concurrent change won, or nothing to update), or SB_ERR.
 */
int	sb_db_update_if(const struct sb_conn *, const char *coll,
	    const bson_t *filter, const bson_t *update, bson_error_t *);
/* Apply update to every document of coll that filter matches.  SB_OK/SB_ERR. */
int	sb_db_update_many(const struct sb_conn *, const char *coll,
	    const bson_t *filter, const bson_t *update, bson_error_t *);
/*
 * Apply update to the document of coll whose _id is the string id,
 * inserting it when there is none.  SB_OK or SB_ERR.
 */
int	sb_db_upsert_by_str(const struct sb_conn *, const char *coll,
	    const char *id, const bson_t *update, bson_error_t *);

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
 * Each document the aggregation pipeline of coll answers, to fn as
 * sb_db_find_each().  The count seen, or SB_ERR.
 */
int64_t	sb_db_aggregate_each(const struct sb_conn *, const char *coll,
	    const bson_t *pipeline, int (*fn)(const bson_t *, void *),
	    void *arg, bson_error_t *);

/* Where a page of a list starts: the (time, _id) of the item before it. */
struct sb_cursor {
	bson_oid_t	id;
	int64_t		at;
};

/*
 * Keyset paging: add to filter the condition that (field, _id) comes
 * after c in the list's order, ascending (dir > 0) or descending (dir < 0).
 */
void	sb_db_append_after(bson_t *filter, const char *field,
	    const struct sb_cursor *c, int dir);
/*
 * One page of a list kept in (field, _id) order, ascending (dir > 0) or
 * descending (dir < 0): the documents of coll matching filter that come
 * after the cursor (NULL: from the start), at most limit, with projection
 * (NULL: whole), to fn as sb_db_find_each().  The sort and the cursor's
 * condition are made here together, so they always agree.  filter gets
 * the cursor's condition added.  The count seen, or SB_ERR.
 */
int64_t	sb_db_page(const struct sb_conn *, const char *coll, bson_t *filter,
	    const char *field, int dir, const struct sb_cursor *after,
	    int64_t limit, const bson_t *projection,
	    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *);

/* Remove field from the document of coll whose _id is id.  SB_OK or SB_ERR. */
int	sb_db_unset_by_id(const struct sb_conn *, const char *coll,
	    const bson_oid_t *id, const char *field, bson_error_t *);

/*
 * A registration or a submission whose follow-up writes are pending
 * (ops/sweep.h), as the sweep needs it.
 */
struct sb_marked {
	bson_oid_t	id;
	bson_oid_t	user_id;
	char		text[255];	/* the email, or the document type */
	char		ip[64];		/* the client's address */
	/* A KYC's number_index, or a registration's consents given
	 * (store/user.h, SB_CONSENTS_TEXT bytes at most). */
	char		key[201];
	int64_t		at;
};

/*
 * The documents of coll whose follow-up is pending (their mark set), at
 * most max, each read by read into out.  The count, or SB_ERR.
 */
int64_t	sb_db_marked(const struct sb_conn *, const char *coll,
	    void (*read)(const bson_t *, struct sb_marked *),
	    struct sb_marked *out, int64_t max, bson_error_t *);

/* Delete the document of coll whose _id is id, if any.  SB_OK or SB_ERR. */
int	sb_db_delete_by_id(const struct sb_conn *, const char *coll,
	    const bson_oid_t *id, bson_error_t *);

/*
 * The ObjectId _ids of the first max documents of coll matching filter, in
 * the order of sort (NULL: any), into out.  The count, or SB_ERR.
 */
int64_t	sb_db_ids(const struct sb_conn *, const char *coll,
	    const bson_t *filter, const bson_t *sort, bson_oid_t *out,
	    int64_t max, bson_error_t *);

/* Delete every document of coll matching filter.  SB_OK or SB_ERR. */
int	sb_db_delete(const struct sb_conn *, const char *coll,
	    const bson_t *filter, bson_error_t *);

/*
 * Health.  Whether to use the database for this request: once a request
 * failed for want of the database, the next one probes it; while probes
 * fail, only a probe every SB_PROBE_INTERVAL_MS looks, and the other
 * requests are answered 503 at once instead of each waiting out the
 * driver's timeouts (behind them, a queue of requests would miss the
 * two-second promise).  1 usable, 0 not (e set).
 */
#define SB_PROBE_INTERVAL_MS	250
int	sb_db_usable(struct sb_db *, bson_error_t *);
/*
 * Record whether the database answered; logs outages once, not per retry.
 * Coming up (at start or after an outage) makes a sweep due (sweep_due):
 * changes interrupted meanwhile are finished (ops/sweep.h).
 */
void	sb_db_note(struct sb_db *, int up, const bson_error_t *);
/*
 * Make sure the indexes exist, retried every two seconds while they
 * cannot be made.  SB_ERR with e set only when the database is away;
 * any other failure is logged and the caller goes on.
 */
int	sb_db_prepare(struct sb_db *, bson_error_t *);

/* Create every index the service relies on; idempotent. */
int	sb_db_ensure_indexes(const struct sb_db *, mongoc_client_t *,
	    bson_error_t *);
int	sb_db_ping(mongoc_client_t *, bson_error_t *);
/*
 * Drop the indexes an earlier release made that nothing reads any more
 * (smartbank-admin migrate); one already gone is fine.  SB_OK or SB_ERR.
 */
int	sb_db_drop_obsolete_indexes(const struct sb_conn *, bson_error_t *);

/* The server could not be reached or did not answer in time. */
int	sb_db_error_is_outage(const bson_error_t *);
/* An insert broke a unique index (code 11000). */
int	sb_db_error_is_duplicate(const bson_error_t *);

#endif
