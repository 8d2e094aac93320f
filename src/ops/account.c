/*
 * account.c -- registration, auditor creation, disabling a user.
 */
#include "config.h"
#include "ops/account.h"

#include <stdio.h>
#include <string.h>

#include "base/addr.h"
#include "base/conf.h"
#include "base/model.h"
#include "base/password.h"
#include "base/purpose.h"
#include "base/util.h"
#include "store/kyc_queue.h"
#include "store/login_throttle.h"

/*
 * Hash the password and insert u with role, consents (NULL for none) and
 * registered_from as store.
 */
static int
insert_with_password(const struct sb_conn *conn, struct sb_user *u,
    const char *role, const char *password, int cost,
    const struct sb_consent *consents, const char *registered_from,
    bson_error_t *e)
{
	snprintf(u->role, sizeof(u->role), "%s", role);
	snprintf(u->kyc_status, sizeof(u->kyc_status), "%s", SB_KYC_PENDING);
	u->created_at = sb_now_ms();
	if (sb_password_hash(password, cost, u->password_hash) == SB_ERR) {
		bson_set_error(e, 0, 0, "cannot hash the password");
		return SB_ERR;
	}
	return sb_user_insert(conn, u, consents, registered_from, e);
}

/*
 * A new customer's consents at at, from flags as the field keeps them:
 * the required purpose is given by registering (the notice says so), an
 * optional one as the body says, one it does not name is not asked.
 */
static void
consents_at_register(const char *flags, int64_t at, struct sb_consent *c)
{
	int named[SB_PURPOSES_MAX];

	memset(c, 0, SB_PURPOSES_MAX * sizeof(*c));
	sb_purpose_flags(flags, named);
	for (size_t i = 0; i < sb_npurposes; i++) {
		if (!sb_purposes[i].required && named[i] < 0)
			continue;
		c[i].given = sb_purposes[i].required || named[i] == 1;
		c[i].at = at;
		snprintf(c[i].notice, sizeof(c[i].notice), "%s",
		    SB_NOTICE_VERSION);
	}
}

int
sb_account_register(const struct sb_conn *conn, const struct sb_config *cfg,
    const struct sb_actor *who, struct sb_user *u, const char *password,
    const char *consents, int64_t *retry_after_s, bson_error_t *e)
{
	struct sb_consent	given[SB_PURPOSES_MAX];
	struct sb_reservation	r;
	struct sb_user		taken;
	char			key[96], text[SB_CONSENTS_TEXT];
	int			rc, found;

	/* Counted before anything costs: every attempt, kept. */
	if (!sb_addr_in_list(who->address, cfg->login_trusted)) {
		snprintf(key, sizeof(key), "register:%s", who->address);
		rc = sb_throttle_reserve(conn, key, sb_now_ms(),
		    cfg->addr_window_s, cfg->register_max_per_addr, &r, e);
		if (rc == SB_ERR)
			return SB_ERR;
		if (rc == SB_RESERVE_FULL) {
			*retry_after_s = r.retry_after_s;
			return SB_REGISTER_THROTTLED;
		}
	}
	/* A taken email costs no hash (the unique index still decides). */
	if ((found = sb_user_by_email(conn, u->email, &taken, e)) == SB_ERR)
		return SB_ERR;
	if (found == SB_FOUND)
		return SB_REGISTER_TAKEN;
	consents_at_register(consents, sb_now_ms(), given);
	if (insert_with_password(conn, u, SB_ROLE_NAME_CUSTOMER, password,
	    (int)cfg->bcrypt_cost, given, who->address, e) == SB_ERR)
		return sb_db_error_is_duplicate(e) ? SB_REGISTER_TAKEN : SB_ERR;
	/* Stored: should this fail, a sweep writes the audit entry later. */
	sb_user_consents_text(given, text, sizeof(text));
	if (sb_account_registered(conn, &u->id, text, who->address,
	    u->created_at, e) == SB_ERR)
		return SB_ERR;
	return SB_REGISTER_OK;
}

int
sb_account_registered(const struct sb_conn *conn, const bson_oid_t *id,
    const char *consents, const char *address, int64_t at_ms,
    bson_error_t *e)
{
	bson_t	details;
	int	rc;

	/* The user by id, never by email: the audit trail outlives an
	 * erasure.  (A record of before the notice has no consents.) */
	SB_DETAILS(&details,
	    { "consents", consents[0] != '\0' ? consents : NULL },
	    { "notice", consents[0] != '\0' ? SB_NOTICE_VERSION : NULL });
	rc = sb_audit_once(conn, &(const struct sb_audit){ .id = id,
	    .action = SB_AUDIT_USER_REGISTERED, .user_id = id,
	    .actor_id = id, .actor_role = SB_ROLE_NAME_CUSTOMER,
	    .ip_address = address, .details = &details, .at_ms = at_ms }, e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	return sb_user_clear_mark(conn, id, e);
}

/*
 * An operator's change to u, audited: {email, operator} as details for
 * staff; a customer by id only (the audit trail outlives an erasure).
 */
static int
operator_audit(const struct sb_conn *conn, const struct sb_actor *who,
    const char *operator_name, const struct sb_user *u, const char *action,
    bson_error_t *e)
{
	bson_t	details;
	int	rc;

	SB_DETAILS(&details, { "email", strcmp(u->role,
	    SB_ROLE_NAME_CUSTOMER) != 0 ? u->email : NULL },
	    { "operator", operator_name });
	rc = sb_audit(conn, who, action, &u->id, &details, e);
	bson_destroy(&details);
	return rc;
}

int
sb_account_create_auditor(const struct sb_conn *conn,
    const struct sb_actor *who, const char *operator_name, struct sb_user *u,
    const char *password, int cost, bson_error_t *e)
{
	if (insert_with_password(conn, u, SB_ROLE_NAME_AUDITOR, password, cost,
	    NULL, NULL, e) == SB_ERR)
		return SB_ERR;
	return operator_audit(conn, who, operator_name, u,
	    SB_AUDIT_AUDITOR_CREATED, e);
}

int
sb_account_close(const struct sb_conn *conn, const struct sb_actor *who,
    const char *operator_name, const struct sb_user *u, bson_error_t *e)
{
	int64_t	at = sb_now_ms();

	/* Closed first: a cut-short run leaves a case the decision refuses. */
	if (sb_user_close(conn, &u->id, at, e) == SB_ERR ||
	    sb_kyc_leave_queue(conn, &u->id, at, e) == SB_ERR)
		return SB_ERR;
	return operator_audit(conn, who, operator_name, u,
	    SB_AUDIT_CUSTOMER_CLOSED, e);
}

int
sb_account_disable(const struct sb_conn *conn, const struct sb_actor *who,
    const char *operator_name, const struct sb_user *u, bson_error_t *e)
{
	if (sb_user_set_disabled(conn, &u->id, e) == SB_ERR)
		return SB_ERR;
	return operator_audit(conn, who, operator_name, u,
	    SB_AUDIT_USER_DISABLED, e);
}
