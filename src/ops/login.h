/*
 * login.h -- logging in: the throttle, the password check, the device
 * credential, and the audit entry of every attempt.
 *
 * Attempts are reserved in the database before any bcrypt work
 * (store/login_throttle.h): every worker and host counts them, and no
 * burst passes a limit.  The limits follow OWASP's device cookies, so that
 * nobody can turn them against an account's owner:
 *   - a client with the account's device credential (base/device.h) has
 *     its own limit, SMARTBANK_LOGIN_MAX_FAILURES_PER_DEVICE, and nothing
 *     else: failures elsewhere, on the account or from its address, never
 *     refuse it;
 *   - any other client: one account from one address,
 *     SMARTBANK_LOGIN_MAX_FAILURES (an attacker locks out only himself);
 *     every account from one address, SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR
 *     per SMARTBANK_ADDR_WINDOW_SECONDS, sized for a carrier's shared
 *     address, except from SMARTBANK_LOGIN_TRUSTED_ADDRS; and one account
 *     from everywhere, SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT, which
 *     locks the account for strangers only -- an address the account
 *     logged in from (store/login_known.h) is not a stranger.
 * Failures count within SMARTBANK_LOGIN_WINDOW_SECONDS.  An unknown email
 * costs the same bcrypt check as a wrong password; a hash made at a lower
 * cost than today's is made again at the first login.
 */
#ifndef SB_OPS_LOGIN_H
#define SB_OPS_LOGIN_H

#include <stdint.h>

#include "base/device.h"
#include "ops/audit.h"
#include "store/user.h"

struct sb_config;

enum sb_login {
	SB_LOGIN_OK,		/* user and device are set */
	SB_LOGIN_REFUSED,	/* unknown email, wrong password, disabled */
	SB_LOGIN_THROTTLED,	/* retry_after_s and limit are set */
};

/* Which limit refused an attempt: what the answer tells the client. */
enum sb_login_limit {
	SB_LIMIT_PAIR,		/* this account from this address */
	SB_LIMIT_ADDRESS,	/* this address, every account */
	SB_LIMIT_ACCOUNT,	/* this account, for unknown clients */
	SB_LIMIT_DEVICE,	/* this device */
};

struct sb_login_attempt {
	const char	*address;
	const char	*email;		/* normalised */
	const char	*password;
	const char	*device;	/* a device credential, or NULL */
};

struct sb_login_result {
	struct sb_user		user;
	char			device[SB_DEVICE_MAX];	/* OK: a fresh one */
	int64_t			retry_after_s;
	enum sb_login_limit	limit;
};

/* One login attempt.  An enum sb_login, or SB_ERR with e set. */
int	sb_login(const struct sb_conn *, const struct sb_config *,
	    const struct sb_login_attempt *, struct sb_login_result *,
	    bson_error_t *);

/*
 * Logging out: every token user u holds stops working now (the user's
 * tokens_from), audited LOGGED_OUT.  SB_OK or SB_ERR.
 */
int	sb_logout(const struct sb_conn *, const struct sb_actor *,
	    const struct sb_user *u, bson_error_t *);

#endif
