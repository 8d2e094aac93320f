/*
 * login_throttle.c -- reservations of attempts, and lockout markers.
 */
#include "config.h"
#include "store/login_throttle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"

/* What one read of a key's window tells. */
struct window {
	int64_t	 bucket;	/* the current one */
	int64_t	 earlier;	/* reservations of earlier buckets in the window */
	int64_t	 oldest_ms;
	int64_t	 limit;
	int64_t	 read;		/* documents in the window read */
	uint8_t	*taken;		/* the current bucket's slots below limit */
};

static int
tally(const bson_t *d, void *arg)
{
	struct window	*w = arg;
	int64_t		 at = sb_bson_date(d, "at");
	int64_t		 slot = sb_bson_int(d, "slot", -1);

	w->read++;
	if (w->oldest_ms == 0 || at < w->oldest_ms)
		w->oldest_ms = at;
	/* A document without a bucket (an earlier layout) is an earlier one. */
	if (sb_bson_int(d, "bucket", -1) != w->bucket)
		w->earlier++;
	else if (slot >= 0 && slot < w->limit)
		w->taken[slot / 8] |= (uint8_t)(1u << (slot % 8));
	return SB_NEXT;
}

static int
read_window(const struct sb_conn *conn, const char *key, int64_t since_ms,
    struct window *w, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("key", BCON_UTF8(key), "at", "{", "$gt",
	    BCON_DATE_TIME(since_ms), "}");
	/* limit documents in the window fill it: no need to read more. */
	bson_t	*opts = BCON_NEW("limit", BCON_INT64(w->limit), "projection",
	    "{", "at", BCON_INT32(1), "bucket", BCON_INT32(1), "slot",
	    BCON_INT32(1), "}");
	int64_t	 n = sb_db_find_each(conn, SB_COLL_LOGIN_FAILURE, filter, opts,
	    tally, w, e);

	bson_destroy(opts);
	bson_destroy(filter);
	return n == SB_ERR ? SB_ERR : SB_OK;
}

/* Insert the reservation of slot: SB_RESERVED, SLOT_TAKEN, or SB_ERR. */
#define SLOT_TAKEN	(SB_RESERVE_FULL + 1)
static int
take_slot(const struct sb_conn *conn, const char *key, int64_t now_ms,
    int64_t bucket, int64_t slot, struct sb_reservation *r, bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER;
	int	rc;

	snprintf(r->id, sizeof(r->id), "%s|%lld|%lld", key, (long long)bucket,
	    (long long)slot);
	BSON_APPEND_UTF8(&doc, "_id", r->id);
	BSON_APPEND_UTF8(&doc, "key", key);
	BSON_APPEND_DATE_TIME(&doc, "at", now_ms);
	BSON_APPEND_INT64(&doc, "bucket", bucket);
	BSON_APPEND_INT64(&doc, "slot", slot);
	rc = sb_db_insert(conn, SB_COLL_LOGIN_FAILURE, &doc, e);
	bson_destroy(&doc);
	if (rc == SB_OK)
		return SB_RESERVED;
	r->id[0] = '\0';
	return sb_db_error_is_duplicate(e) ? SLOT_TAKEN : SB_ERR;
}

/* Housekeeping; a failure here costs nothing but space. */
static void
forget_expired(const struct sb_conn *conn, const char *key, int64_t since_ms)
{
	bson_t		*old = BCON_NEW("key", BCON_UTF8(key), "at", "{", "$lte",
	    BCON_DATE_TIME(since_ms), "}");
	bson_error_t	 ignored;

	(void)sb_db_delete(conn, SB_COLL_LOGIN_FAILURE, old, &ignored);
	bson_destroy(old);
}

int
sb_throttle_reserve(const struct sb_conn *conn, const char *key,
    int64_t now_ms, int64_t window_s, int64_t limit,
    struct sb_reservation *r, bson_error_t *e)
{
	const int64_t	 window_ms = window_s * 1000;
	const int64_t	 since_ms = now_ms - window_ms;
	struct window	 w = { .bucket = now_ms / window_ms, .limit = limit };
	int		 rc = SB_ERR;

	memset(r, 0, sizeof(*r));
	if (strlen(key) > SB_THROTTLE_KEY_MAX || limit < 1) {
		bson_set_error(e, 0, 0, "throttle key too long or no limit");
		return SB_ERR;
	}
	if ((w.taken = calloc((size_t)(limit + 7) / 8, 1)) == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	if (read_window(conn, key, since_ms, &w, e) == SB_ERR)
		goto out;
	/*
	 * The lowest free slot that keeps the window below the limit; a
	 * slot another attempt took meanwhile sends us to the next one.  A
	 * window that holds limit documents is full: none is tried.
	 */
	for (int64_t slot = 0; w.read < limit && slot < limit - w.earlier;
	    slot++) {
		if (w.taken[slot / 8] & (1u << (slot % 8)))
			continue;
		rc = take_slot(conn, key, now_ms, w.bucket, slot, r, e);
		/* Once a bucket (its first slot): older ones left the window. */
		if (rc == SB_RESERVED && slot == 0)
			forget_expired(conn, key, since_ms);
		if (rc != SLOT_TAKEN)
			goto out;
		if (w.oldest_ms == 0)
			w.oldest_ms = now_ms;	/* the slot's taker, just now */
	}
	r->oldest_ms = w.oldest_ms != 0 ? w.oldest_ms : now_ms;
	r->retry_after_s = (r->oldest_ms + window_ms - now_ms + 999) / 1000;
	if (r->retry_after_s < 1)
		r->retry_after_s = 1;
	rc = SB_RESERVE_FULL;
out:
	free(w.taken);
	return rc;
}

int
sb_throttle_release(const struct sb_conn *conn, struct sb_reservation *r,
    bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER;
	int	rc;

	if (r->id[0] == '\0')
		return SB_OK;
	BSON_APPEND_UTF8(&filter, "_id", r->id);
	rc = sb_db_delete(conn, SB_COLL_LOGIN_FAILURE, &filter, e);
	bson_destroy(&filter);
	if (rc == SB_OK)
		r->id[0] = '\0';
	return rc;
}

int
sb_throttle_clear(const struct sb_conn *conn, const char *key, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER;
	int	rc;

	BSON_APPEND_UTF8(&filter, "key", key);
	rc = sb_db_delete(conn, SB_COLL_LOGIN_FAILURE, &filter, e);
	bson_destroy(&filter);
	return rc;
}

int
sb_throttle_note_lockout(const struct sb_conn *conn, const char *key,
    int64_t oldest_ms, bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER;
	char	id[SB_THROTTLE_ID_MAX];
	int	rc;

	/* The _id decides: only the first worker to note it may audit it. */
	snprintf(id, sizeof(id), "%s@%lld", key, (long long)oldest_ms);
	BSON_APPEND_UTF8(&doc, "_id", id);
	BSON_APPEND_DATE_TIME(&doc, "at", oldest_ms);
	if (sb_db_insert(conn, SB_COLL_LOGIN_LOCKOUT, &doc, e) == SB_OK)
		rc = 1;
	else
		rc = sb_db_error_is_duplicate(e) ? 0 : SB_ERR;
	bson_destroy(&doc);
	return rc;
}
