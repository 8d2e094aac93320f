/*
 * login.h -- logging in: the throttle, the password check, and the audit
 * entry of every attempt.
 *
 * Failures are counted in the database (store/login_throttle.h), so every
 * worker and host sees them, and a throttled attempt is refused before any
 * bcrypt work.  The model cannot be turned against an account's owner:
 *   - one account from one address: SMARTBANK_LOGIN_MAX_FAILURES locks
 *     that pair for the window (an attacker locks out only himself);
 *   - one address, every account: SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR
 *     (password spraying), except from SMARTBANK_LOGIN_TRUSTED_ADDRS;
 *   - one account, every address: past SMARTBANK_LOGIN_ACCOUNT_SLOWDOWN
 *     failures an attempt must wait a delay that doubles with each further
 *     failure, up to SMARTBANK_LOGIN_MAX_DELAY_SECONDS -- never a lock, so
 *     a distributed attack slows the owner down but cannot keep them out.
 * An unknown email costs the same bcrypt check as a wrong password.
 */
#ifndef SB_OPS_LOGIN_H
#define SB_OPS_LOGIN_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/user.h"

struct sb_config;

enum sb_login {
	SB_LOGIN_OK,		/* *u is the user */
	SB_LOGIN_REFUSED,	/* unknown email, wrong password, disabled */
	SB_LOGIN_THROTTLED,	/* *retry_after_s is set */
};

/*
 * Log in with email (already normalised) and password from address.
 * An enum sb_login, or SB_ERR with e set.
 */
int	sb_login(const struct sb_conn *, const struct sb_config *,
	    const char *address, const char *email, const char *password,
	    struct sb_user *u, int64_t *retry_after_s, bson_error_t *);

#endif
