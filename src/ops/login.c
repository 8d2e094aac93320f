/*
 * login.c -- one login attempt, start to end; and logging out.
 */
#include "config.h"
#include "ops/login.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/addr.h"
#include "base/conf.h"
#include "base/model.h"
#include "base/password.h"
#include "base/util.h"
#include "store/login_known.h"
#include "store/login_throttle.h"

/* An attempt holds at most one reservation of each limit it is under. */
#define HELD_MAX	3

struct attempt {
	const struct sb_conn		*conn;
	const struct sb_config		*cfg;
	const struct sb_login_attempt	*in;
	const struct sb_user		*user;	/* the account, or NULL */
	char	pkey[SB_EMAIL_MAX + 80];	/* the pair */
	char	ekey[SB_EMAIL_MAX + 8];		/* the account */
	char	akey[80];			/* the address */
	char	dkey[SB_DEVICE_NONCE_LEN + 8];	/* the device, when trusted */
	int64_t	now;
	struct sb_reservation	held[HELD_MAX];
	unsigned		nheld;
};

/* The audit entry's reason for each limit. */
static const char *const limit_reason[] = {
	[SB_LIMIT_PAIR] = "account",
	[SB_LIMIT_ADDRESS] = "address",
	[SB_LIMIT_ACCOUNT] = "unknown_clients",
	[SB_LIMIT_DEVICE] = "device",
};

/*
 * Audit a login event about the user, by id; about the email only when it
 * names no user (the audit trail outlives an erasure: it holds no
 * customer's email, ops/erasure.h).
 */
static int
audit_login(const struct attempt *a, const char *action,
    const struct sb_user *u, const char *reason, const char *client,
    bson_error_t *e)
{
	const struct sb_actor who = {
		.id = u != NULL ? &u->id : NULL,
		.role = u != NULL ? u->role : SB_ACTOR_ANONYMOUS,
		.address = a->in->address,
	};
	bson_t	details;
	int	rc;

	SB_DETAILS(&details, { "email", u == NULL ? a->in->email : NULL },
	    { "reason", reason }, { "client", client });
	rc = sb_audit(a->conn, &who, action, who.id, &details, e);
	bson_destroy(&details);
	return rc;
}

/*
 * Give back the reservations this attempt holds, but those of the key
 * kept (NULL: none), whose documents the caller deletes whole.
 */
static int
release_held(struct attempt *a, const char *kept, bson_error_t *e)
{
	size_t len = kept != NULL ? strlen(kept) : 0;

	for (unsigned i = 0; i < a->nheld; i++) {
		int mine = kept != NULL &&
		    strncmp(a->held[i].id, kept, len) == 0 &&
		    a->held[i].id[len] == '|';

		if (!mine && sb_throttle_release(a->conn, &a->held[i], e) ==
		    SB_ERR)
			return SB_ERR;
	}
	a->nheld = 0;
	return SB_OK;
}

/*
 * Reserve one attempt of key; when the limit is reached, give back what
 * the attempt holds (a refusal counts nothing), audit the lockout once,
 * and answer THROTTLED.  SB_OK to go on, THROTTLED, or SB_ERR.
 */
static int
reserve(struct attempt *a, const char *key, long window_s, long limit,
    enum sb_login_limit which, struct sb_login_result *res, bson_error_t *e)
{
	struct sb_reservation	*r = &a->held[a->nheld];
	int			 rc, first;

	rc = sb_throttle_reserve(a->conn, key, a->now, window_s, limit, r, e);
	if (rc == SB_RESERVED) {
		a->nheld++;
		return SB_OK;
	}
	if (rc == SB_ERR || release_held(a, NULL, e) == SB_ERR)
		return SB_ERR;
	if ((first = sb_throttle_note_lockout(a->conn, key, r->oldest_ms,
	    e)) == SB_ERR)
		return SB_ERR;
	if (first == 1 && audit_login(a, SB_AUDIT_LOGIN_THROTTLED, a->user,
	    limit_reason[which], NULL, e) == SB_ERR)
		return SB_ERR;
	res->retry_after_s = r->retry_after_s;
	res->limit = which;
	return SB_LOGIN_THROTTLED;
}

/*
 * The limits this client is under (login.h), each reserved before the
 * password is checked.  u is the account, or NULL for an unknown email.
 */
static int
reserve_all(struct attempt *a, const struct sb_user *u, int trusted,
    struct sb_login_result *res, bson_error_t *e)
{
	const struct sb_config	*cfg = a->cfg;
	int			 rc, known = SB_NOTFOUND;

	a->user = u;
	if (trusted)
		return reserve(a, a->dkey, cfg->login_window_s,
		    cfg->login_max_per_device, SB_LIMIT_DEVICE, res, e);
	if (!sb_addr_in_list(a->in->address, cfg->login_trusted) &&
	    (rc = reserve(a, a->akey, cfg->addr_window_s,
	    cfg->login_max_per_addr, SB_LIMIT_ADDRESS, res, e)) != SB_OK)
		return rc;
	if ((rc = reserve(a, a->pkey, cfg->login_window_s,
	    cfg->login_max_failures, SB_LIMIT_PAIR, res, e)) != SB_OK)
		return rc;
	if (u != NULL && (known = sb_known_address(a->conn, u->id_hex,
	    a->in->address, a->now - cfg->login_device_days * 86400000LL,
	    e)) == SB_ERR)
		return SB_ERR;
	if (known == SB_FOUND)
		return SB_OK;
	return reserve(a, a->ekey, cfg->login_window_s,
	    cfg->login_max_per_account, SB_LIMIT_ACCOUNT, res, e);
}

/* A failed attempt: its reservations stay as its record; audit it. */
static int
failed(const struct attempt *a, const struct sb_user *u, const char *reason,
    bson_error_t *e)
{
	if (audit_login(a, SB_AUDIT_LOGIN_FAILED, u, reason, NULL, e) == SB_ERR)
		return SB_ERR;
	return SB_LOGIN_REFUSED;
}

/* The bcrypt cost a hash was made at, or 0. */
static int
hash_cost(const char *hash)
{
	if (strncmp(hash, "$2", 2) != 0 || hash[3] != '$' ||
	    hash[4] < '0' || hash[4] > '9' || hash[5] < '0' || hash[5] > '9')
		return 0;
	return (hash[4] - '0') * 10 + (hash[5] - '0');
}

/*
 * The owner is in: give back this attempt's reservations, forget this
 * client's own failures, remember the address, bring the hash up to
 * today's cost, and hand out a device credential.
 */
static int
succeeded(struct attempt *a, int trusted, struct sb_login_result *res,
    bson_error_t *e)
{
	struct sb_user	*u = &res->user;
	char		 fresh[SB_HASH_MAX];
	const char	*rehashed = NULL;

	/*
	 * This client's own key is cleared whole (its reservation with it);
	 * the others give back this attempt's reservation only.
	 */
	if (sb_throttle_clear(a->conn, trusted ? a->dkey : a->pkey, e) ==
	    SB_ERR || release_held(a, trusted ? a->dkey : a->pkey, e) ==
	    SB_ERR ||
	    sb_known_address_seen(a->conn, u->id_hex, a->in->address, a->now,
	    e) == SB_ERR)
		return SB_ERR;
	if (hash_cost(u->password_hash) < a->cfg->bcrypt_cost &&
	    sb_password_hash(a->in->password, (int)a->cfg->bcrypt_cost,
	    fresh) == 0) {
		/* Conditional: a password changed meanwhile is kept. */
		if (sb_user_replace_hash(a->conn, &u->id, u->password_hash,
		    fresh, e) == SB_ERR)
			return SB_ERR;
		memcpy(u->password_hash, fresh, sizeof(fresh));
		rehashed = "password_rehashed";
	}
	if (sb_device_issue(a->cfg, u->id_hex, u->password_hash,
	    a->now / 1000, res->device) == SB_ERR) {
		bson_set_error(e, 0, 0, "cannot issue a device credential");
		return SB_ERR;
	}
	if (audit_login(a, SB_AUDIT_LOGIN_SUCCEEDED, u, rehashed,
	    trusted ? "known_device" : "new_device", e) == SB_ERR)
		return SB_ERR;
	return SB_LOGIN_OK;
}

int
sb_login(const struct sb_conn *conn, const struct sb_config *cfg,
    const struct sb_login_attempt *in, struct sb_login_result *res,
    bson_error_t *e)
{
	struct attempt	 a = { .conn = conn, .cfg = cfg, .in = in,
	    .now = sb_now_ms() };
	struct sb_user	*u = &res->user;
	char		 nonce[SB_DEVICE_NONCE_LEN + 1];
	int		 found, trusted, rc;

	memset(res, 0, sizeof(*res));
	snprintf(a.pkey, sizeof(a.pkey), "pair:%s|%s", in->email, in->address);
	snprintf(a.ekey, sizeof(a.ekey), "email:%s", in->email);
	snprintf(a.akey, sizeof(a.akey), "addr:%s", in->address);

	if ((found = sb_user_by_email(conn, in->email, u, e)) == SB_ERR)
		return SB_ERR;
	trusted = found == SB_FOUND && in->device != NULL &&
	    sb_device_verify(cfg, in->device, u->id_hex, u->password_hash,
	    a.now / 1000, nonce);
	if (trusted)
		snprintf(a.dkey, sizeof(a.dkey), "device:%s", nonce);
	if ((rc = reserve_all(&a, found == SB_FOUND ? u : NULL, trusted, res,
	    e)) != SB_OK)
		return rc;

	if (found == SB_NOTFOUND) {
		(void)sb_password_burn(in->password);
		return failed(&a, NULL, "unknown_email", e);
	}
	/*
	 * bcrypt reads only 72 bytes: a longer password never matches, but
	 * it costs the same check as any other.
	 */
	if (!sb_password_verify(in->password, u->password_hash) ||
	    strlen(in->password) > SB_PASSWORD_MAX)
		return failed(&a, u, "wrong_password", e);
	if (u->disabled)
		return failed(&a, u, "disabled", e);
	return succeeded(&a, trusted, res, e);
}

int
sb_logout(const struct sb_conn *conn, const struct sb_actor *who,
    const struct sb_user *u, bson_error_t *e)
{
	/*
	 * Tokens carry whole seconds: those issued in this second are
	 * refused too, and the next login's token says the next second.
	 */
	int64_t	from = (sb_now_ms() / 1000 + 1) * 1000;

	if (sb_user_set_tokens_from(conn, &u->id, from, e) == SB_ERR)
		return SB_ERR;
	return sb_audit(conn, who, SB_AUDIT_LOGGED_OUT, &u->id, NULL, e);
}
