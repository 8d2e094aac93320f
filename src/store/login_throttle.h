/*
 * login_throttle.h -- attempts counted in the database, so that every
 * worker and every host sees the same count, and reserved before the work
 * they would pay for (bcrypt).
 *
 * A reservation is one inserted document whose _id names its slot:
 * "<key>|<bucket>|<slot>", bucket the number of the window-long period it
 * falls in, slot 0, 1, ... An insert that a unique _id refuses is the one
 * atomic step on FerretDB and MongoDB alike (an $inc is not atomic on
 * FerretDB), so two attempts racing for one slot cannot both have it, and
 * no burst passes the limit: a slot is taken only while the reservations
 * of the window so far (earlier buckets' still inside it, plus the slot's
 * number) stay below the limit.
 *
 * An attempt that fails keeps its reservation: it is the failure's record.
 * One that succeeds, or that another limit refuses, releases it.  A key is
 * "pair:<email>|<address>", "email:<email>", "addr:<address>",
 * "device:<nonce>" or "register:<address>" (ops/login.c, ops/account.c).
 */
#ifndef SB_STORE_THROTTLE_H
#define SB_STORE_THROTTLE_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "store/db.h"

#define SB_THROTTLE_KEY_MAX	400	/* bytes of a key */
#define SB_THROTTLE_ID_MAX	(SB_THROTTLE_KEY_MAX + 48)

/* Outcomes of sb_throttle_reserve(). */
enum sb_reserve {
	SB_RESERVED,		/* r->id names the reservation */
	SB_RESERVE_FULL,	/* the limit is reached: r->retry_after_s */
};

struct sb_reservation {
	char	id[SB_THROTTLE_ID_MAX];	/* "" when none is held */
	int64_t	oldest_ms;	/* FULL: the oldest in the window (names the lockout) */
	int64_t	retry_after_s;	/* FULL: when the oldest leaves the window */
};

/*
 * Reserve one of limit attempts of key in the window_s seconds ending at
 * now_ms.  An enum sb_reserve, or SB_ERR with e set.
 */
int	sb_throttle_reserve(const struct sb_conn *, const char *key,
	    int64_t now_ms, int64_t window_s, int64_t limit,
	    struct sb_reservation *, bson_error_t *);
/* Give a held reservation back (r->id emptied).  SB_OK or SB_ERR. */
int	sb_throttle_release(const struct sb_conn *, struct sb_reservation *,
	    bson_error_t *);
/* Forget every reservation of key (the owner got in).  SB_OK or SB_ERR. */
int	sb_throttle_clear(const struct sb_conn *, const char *key,
	    bson_error_t *);
/*
 * Note the lockout of key that began with the attempt at oldest_ms:
 * 1 the first time (audit it), 0 when already noted, SB_ERR on error.
 */
int	sb_throttle_note_lockout(const struct sb_conn *, const char *key,
	    int64_t oldest_ms, bson_error_t *);

#endif
