/*
 * login_throttle.h -- failed logins, counted in the database so that every
 * worker and every host sees the same count.
 *
 * Each failure is one inserted document {key, at}: inserts are atomic on
 * FerretDB and MongoDB alike, where an $inc on a counter is not atomic on
 * FerretDB.  A key is "pair:<email>|<client address>" (one account from
 * one address), "email:<email>" (one account from everywhere) or
 * "addr:<client address>" (every account from one address).
 */
#ifndef SB_STORE_THROTTLE_H
#define SB_STORE_THROTTLE_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "store/db.h"

struct sb_throttle {
	int64_t	failures;	/* inside the window */
	int64_t	oldest_ms;	/* the oldest of them: names the lockout */
	int64_t	newest_ms;	/* the newest of them */
	int64_t	retry_after_s;	/* when the oldest leaves the window */
};

/*
 * The failures of key in the window ending at now, in one read.  SB_OK or
 * SB_ERR.
 */
int	sb_throttle_count(const struct sb_conn *, const char *key,
	    int64_t now_ms, int64_t window_s, struct sb_throttle *,
	    bson_error_t *);
/* Record one failure (and drop this key's failures older than window). */
int	sb_throttle_fail(const struct sb_conn *, const char *key,
	    int64_t now_ms, int64_t window_s, bson_error_t *);
/* Forget the failures of key (after a successful login). */
int	sb_throttle_clear(const struct sb_conn *, const char *key,
	    bson_error_t *);
/*
 * Note the lockout of key that began with the failure at oldest_ms:
 * 1 the first time (audit it), 0 when already noted, -1 on error.
 */
int	sb_throttle_note_lockout(const struct sb_conn *, const char *key,
	    int64_t oldest_ms, bson_error_t *);

#endif
