/*
 * erasure.h -- a customer asks to be forgotten (POST /users/me/erasure),
 * within the RBI's retention rules.  Return conventions: base/model.h.
 *
 * The customer confirms with their password.  Whatever follows, they are
 * closed at once: no login, every token void.  A customer whose KYC was
 * never approved is erased now (ops/retention.h, sb_erase: scans and keys
 * destroyed, the record pseudonymised, the audit entries kept: they name
 * the user by id).  An approved customer's records are what the RBI's KYC
 * Master Direction makes the bank keep, SMARTBANK_RETENTION_CLOSED_DAYS
 * after the relationship ends: their erasure is due then, and the
 * retention sweep (sb_purge) does it.  Either way ERASURE_REQUESTED is
 * written, and CUSTOMER_ERASED when it is done.
 */
#ifndef SB_OPS_ERASURE_H
#define SB_OPS_ERASURE_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/user.h"

struct sb_config;

enum sb_erasure {
	SB_ERASURE_DONE,	/* erased now */
	SB_ERASURE_SCHEDULED,	/* closed now, erased at erase_after */
	SB_ERASURE_REFUSED,	/* the password is wrong */
	SB_ERASURE_THROTTLED,	/* too many wrong passwords: retry_after_s */
};

struct sb_erasure_result {
	int64_t	at;		/* when it was asked (and the closure) */
	int64_t	erase_after;	/* SCHEDULED: when (0: never, records kept) */
	int64_t	retry_after_s;	/* THROTTLED */
};

/* At most this many wrong passwords in SB_ERASURE_WINDOW_S. */
#define SB_ERASURE_TRIES	5
#define SB_ERASURE_WINDOW_S	900

/*
 * u asks to be erased, confirming with password.  An enum sb_erasure, or
 * SB_ERR.
 */
int	sb_erasure_request(const struct sb_conn *, const struct sb_config *,
	    const struct sb_actor *, const struct sb_user *u,
	    const char *password, struct sb_erasure_result *, bson_error_t *);

#endif
