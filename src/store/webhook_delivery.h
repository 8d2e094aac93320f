/*
 * webhook_delivery.h -- the webhook_delivery collection: one document per
 * event and endpoint (unique {endpoint, seq}), made before its first
 * attempt, so that what is owed survives kills, restarts and outages.
 *
 *   {_id, endpoint, seq (the audit entry's), event, msg_id (webhook-id:
 *    the same on every attempt), body (the JSON delivered, small),
 *    status: pending | delivered | failed, attempts, next_at, created_at,
 *    last_at, last_status, last_error, delivered_at}
 *
 * Return conventions: base/model.h.
 */
#ifndef SB_STORE_WEBHOOK_DELIVERY_H
#define SB_STORE_WEBHOOK_DELIVERY_H

#include <stddef.h>
#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/model.h"
#include "store/db.h"

#define SB_DELIVERY_PENDING	"pending"
#define SB_DELIVERY_DELIVERED	"delivered"
#define SB_DELIVERY_FAILED	"failed"

struct sb_delivery {
	bson_oid_t	 id;
	bson_oid_t	 endpoint;
	int64_t		 seq;
	char		 event[32];
	char		 msg_id[40];
	char		*body;		/* malloc'd: sb_delivery_clear() */
	size_t		 len;
	char		 status[16];
	int64_t		 attempts;
	int64_t		 next_at, created_at, last_at, delivered_at;
	int64_t		 last_status;	/* 0: none */
	char		 last_error[256];
};

#define SB_DELIVERY_BATCH	100	/* inserted at once, at most */
/*
 * Insert the n deliveries d (one write), keeping any there already (a
 * retry after a crash).  SB_OK or SB_ERR.
 */
int	sb_delivery_insert(const struct sb_conn *, const struct sb_delivery *d,
	    size_t n, bson_error_t *);
/*
 * The endpoint's pending deliveries, lowest seq first, at most max, into
 * out (bodies and all: sb_delivery_clear() each).  Iteration.
 */
int64_t	sb_delivery_pending(const struct sb_conn *, const bson_oid_t *endpoint,
	    struct sb_delivery *out, size_t max, bson_error_t *);
/*
 * Write d's outcome (status, attempts, times, last_*), if no other writer
 * has since (attempts still was).  SB_FOUND, SB_NOTFOUND, or SB_ERR.
 */
int	sb_delivery_record(const struct sb_conn *, const struct sb_delivery *d,
	    int64_t was, bson_error_t *);
/* The delivery id (body and all).  A lookup. */
int	sb_delivery_get(const struct sb_conn *, const bson_oid_t *id,
	    struct sb_delivery *d, bson_error_t *);
/* Where a page of deliveries starts: the (created_at, _id) of one. */
int	sb_delivery_cursor(const struct sb_conn *, const bson_oid_t *id,
	    struct sb_cursor *, bson_error_t *);

/* What a list of deliveries is filtered by (NULL: any). */
struct sb_delivery_filter {
	const bson_oid_t	*endpoint;
	const char		*status;
	const char		*event;
};
/*
 * A page of deliveries, newest first, after the cursor (NULL: from the
 * start), at most limit, each to fn (its body not read).  Iteration.
 */
int64_t	sb_delivery_page(const struct sb_conn *,
	    const struct sb_delivery_filter *, const struct sb_cursor *after,
	    int64_t limit, int (*fn)(const struct sb_delivery *, void *),
	    void *arg, bson_error_t *);
/*
 * Make a delivery whose status was from pending again, due now, its
 * attempts counted afresh.  SB_FOUND, SB_NOTFOUND (not in that status
 * any more), or SB_ERR.
 */
int	sb_delivery_resend(const struct sb_conn *, const bson_oid_t *id,
	    const char *from, bson_error_t *);
/* What a read of a delivery allocated (its body). */
void	sb_delivery_clear(struct sb_delivery *);

#endif
