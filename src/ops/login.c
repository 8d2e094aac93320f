/*
 * login.c -- one login attempt, start to end.
 */
#include "config.h"
#include "ops/login.h"

#include <stdio.h>
#include <string.h>

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

/*
 * Past the limit for the account or the address: THROTTLED, audited once
 * per lockout; else OK.  Or SB_ERR.
 */
static int
throttled(const struct attempt *a, int64_t *retry_after_s, bson_error_t *e)
{
	const char		*keys[] = { a->ekey, a->akey };
	const char		*why[] = { "account", "address" };
	const int64_t		 limits[] = { a->cfg->login_max_failures,
	    a->cfg->login_max_per_addr };
	struct sb_throttle	 t;
	int			 first;

	for (size_t i = 0; i < SB_NELEM(keys); i++) {
		if (sb_throttle_count(a->conn, keys[i], a->now,
		    a->cfg->login_window_s, &t, e) == SB_ERR)
			return SB_ERR;
		if (t.failures < limits[i])
			continue;
		if ((first = sb_throttle_note_lockout(a->conn, keys[i],
		    t.oldest_ms, e)) == SB_ERR)
			return SB_ERR;
		if (first == 1 && audit_login(a, SB_AUDIT_LOGIN_THROTTLED, NULL,
		    why[i], e) == SB_ERR)
			return SB_ERR;
		*retry_after_s = t.retry_after_s;
		return SB_LOGIN_THROTTLED;
	}
	return SB_LOGIN_OK;
}

/* A failed attempt: count it for the account and the address, audit it. */
static int
failed(const struct attempt *a, const struct sb_user *u, const char *reason,
    bson_error_t *e)
{
	if (sb_throttle_fail(a->conn, a->ekey, a->now, a->cfg->login_window_s,
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

	if (sb_throttle_clear(conn, a.ekey, e) == SB_ERR ||
	    audit_login(&a, SB_AUDIT_LOGIN_SUCCEEDED, u, NULL, e) == SB_ERR)
		return SB_ERR;
	return SB_LOGIN_OK;
}
