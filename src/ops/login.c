/*
 * login.c -- one login attempt, start to end.
 */
#include "config.h"
#include "ops/login.h"

#include <stdio.h>
#include <string.h>

#include "base/addr.h"
#include "base/conf.h"
#include "base/model.h"
#include "base/password.h"
#include "base/util.h"
#include "store/login_throttle.h"

struct attempt {
	const struct sb_conn	*conn;
	const struct sb_config	*cfg;
	const char		*address;
	const char		*email;
	char			 pkey[SB_EMAIL_MAX + 80];	/* the pair */
	char			 ekey[SB_EMAIL_MAX + 8];	/* the account */
	char			 akey[80];			/* the address */
	int64_t			 now;
};

/* Audit a login event about the email (and the user, when known). */
static int
audit_login(const struct attempt *a, const char *action,
    const struct sb_user *u, const char *reason, bson_error_t *e)
{
	const struct sb_actor who = {
		.id = u != NULL ? &u->id : NULL,
		.role = u != NULL ? u->role : SB_ACTOR_ANONYMOUS,
		.address = a->address,
	};
	bson_t	details;
	int	rc;

	SB_DETAILS(&details, { "email", a->email }, { "reason", reason });
	rc = sb_audit(a->conn, &who, action, who.id, &details, e);
	bson_destroy(&details);
	return rc;
}

/* A throttled attempt: audited once per lockout (or delay), then 429. */
static int
refuse(const struct attempt *a, const char *key, int64_t named_by,
    const char *reason, int64_t retry_s, int64_t *retry_after_s,
    bson_error_t *e)
{
	int first = sb_throttle_note_lockout(a->conn, key, named_by, e);

	if (first == SB_ERR)
		return SB_ERR;
	if (first == 1 && audit_login(a, SB_AUDIT_LOGIN_THROTTLED, NULL,
	    reason, e) == SB_ERR)
		return SB_ERR;
	*retry_after_s = retry_s < 1 ? 1 : retry_s;
	return SB_LOGIN_THROTTLED;
}

/*
 * The three limits (see login.h): THROTTLED with retry_after_s, or OK.
 * Or SB_ERR.
 */
static int
throttled(const struct attempt *a, int64_t *retry_after_s, bson_error_t *e)
{
	const struct sb_config	*cfg = a->cfg;
	struct sb_throttle	 t;
	int64_t			 wait_ms, shift;

	/* One account from this address. */
	if (sb_throttle_count(a->conn, a->pkey, a->now, cfg->login_window_s,
	    &t, e) == SB_ERR)
		return SB_ERR;
	if (t.failures >= cfg->login_max_failures)
		return refuse(a, a->pkey, t.oldest_ms, "account", t.retry_after_s,
		    retry_after_s, e);
	/* Every account from this address, unless it is trusted. */
	if (!sb_addr_in_list(a->address, cfg->login_trusted)) {
		if (sb_throttle_count(a->conn, a->akey, a->now,
		    cfg->login_window_s, &t, e) == SB_ERR)
			return SB_ERR;
		if (t.failures >= cfg->login_max_per_addr)
			return refuse(a, a->akey, t.oldest_ms, "address",
			    t.retry_after_s, retry_after_s, e);
	}
	/* This account from everywhere: a delay that doubles, not a lock. */
	if (sb_throttle_count(a->conn, a->ekey, a->now, cfg->login_window_s,
	    &t, e) == SB_ERR)
		return SB_ERR;
	if (t.failures >= cfg->login_slowdown) {
		shift = t.failures - cfg->login_slowdown;
		wait_ms = (shift >= 20 ? cfg->login_max_delay_s :
		    (1LL << shift) < cfg->login_max_delay_s ? (1LL << shift) :
		    cfg->login_max_delay_s) * 1000;
		if (a->now < t.newest_ms + wait_ms)
			return refuse(a, a->ekey, t.newest_ms, "account_slowdown",
			    (t.newest_ms + wait_ms - a->now + 999) / 1000,
			    retry_after_s, e);
	}
	return SB_LOGIN_OK;
}

/* A failed attempt: count it for each limit, audit it. */
static int
failed(const struct attempt *a, const struct sb_user *u, const char *reason,
    bson_error_t *e)
{
	if (sb_throttle_fail(a->conn, a->pkey, a->now, a->cfg->login_window_s,
	    e) == SB_ERR ||
	    sb_throttle_fail(a->conn, a->ekey, a->now, a->cfg->login_window_s,
	    e) == SB_ERR ||
	    sb_throttle_fail(a->conn, a->akey, a->now, a->cfg->login_window_s,
	    e) == SB_ERR ||
	    audit_login(a, SB_AUDIT_LOGIN_FAILED, u, reason, e) == SB_ERR)
		return SB_ERR;
	return SB_LOGIN_REFUSED;
}

int
sb_login(const struct sb_conn *conn, const struct sb_config *cfg,
    const char *address, const char *email, const char *password,
    struct sb_user *u, int64_t *retry_after_s, bson_error_t *e)
{
	struct attempt	a = { .conn = conn, .cfg = cfg, .address = address,
	    .email = email, .now = sb_now_ms() };
	int		outcome, found;

	snprintf(a.pkey, sizeof(a.pkey), "pair:%s|%s", email, address);
	snprintf(a.ekey, sizeof(a.ekey), "email:%s", email);
	snprintf(a.akey, sizeof(a.akey), "addr:%s", address);
	if ((outcome = throttled(&a, retry_after_s, e)) != SB_LOGIN_OK)
		return outcome;

	if ((found = sb_user_by_email(conn, email, u, e)) == SB_ERR)
		return SB_ERR;
	if (found == SB_NOTFOUND) {
		sb_password_burn(password, (int)cfg->bcrypt_cost);
		return failed(&a, NULL, "unknown_email", e);
	}
	/*
	 * bcrypt reads only 72 bytes: a longer password never matches, but
	 * it costs the same check as any other.
	 */
	if (!sb_password_verify(password, u->password_hash) ||
	    strlen(password) > SB_PASSWORD_MAX)
		return failed(&a, u, "wrong_password", e);
	if (u->disabled)
		return failed(&a, u, "disabled", e);

	/* The owner is in: the account's counts start again. */
	if (sb_throttle_clear(conn, a.pkey, e) == SB_ERR ||
	    sb_throttle_clear(conn, a.ekey, e) == SB_ERR ||
	    audit_login(&a, SB_AUDIT_LOGIN_SUCCEEDED, u, NULL, e) == SB_ERR)
		return SB_ERR;
	return SB_LOGIN_OK;
}
