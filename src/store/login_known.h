/*
 * login_known.h -- the addresses an account logged in from: a client at
 * one of them is not a stranger to the account, so the lock that a
 * distributed attack puts on the account for strangers does not keep the
 * owner out at home (ops/login.h).  One document per user and address,
 * _id "<user id>|<address>", with the time of the last login from it.
 */
#ifndef SB_STORE_LOGIN_KNOWN_H
#define SB_STORE_LOGIN_KNOWN_H

#include <stdint.h>

#include "store/db.h"

/* The user uid_hex logged in from addr at now (ms).  SB_OK or SB_ERR. */
int	sb_known_address_seen(const struct sb_conn *, const char *uid_hex,
	    const char *addr, int64_t now_ms, bson_error_t *);
/*
 * Did uid_hex log in from addr after since (ms)?  SB_FOUND, SB_NOTFOUND,
 * or SB_ERR.
 */
int	sb_known_address(const struct sb_conn *, const char *uid_hex,
	    const char *addr, int64_t since_ms, bson_error_t *);

/* Forget every address uid_hex logged in from (an erasure).  SB_OK/ERR. */
int	sb_known_addresses_forget(const struct sb_conn *, const char *uid_hex,
	    bson_error_t *);

#endif
