/*
 * login.h -- logging in: the throttle, the password check, and the audit
 * entry of every attempt.
 *
 * Failures are counted per account and per client address in the
 * database (store/login_throttle.h), so every worker and host sees them;
 * a throttled attempt is refused before any bcrypt work.  An unknown
 * email costs the same bcrypt check as a wrong password.
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
