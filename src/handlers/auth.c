/*
 * auth.c -- POST /auth/register and POST /auth/login.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "conf.h"
#include "followup.h"
#include "handlers/handlers.h"
#include "json.h"
#include "password.h"
#include "request.h"
#include "store/throttle.h"
#include "store/user.h"
#include "token.h"
#include "util.h"
#include "validate.h"
#include "worker.h"

/* Add msg for field to errs when msg is not NULL. */
static void
check(cJSON *errs, const char *field, const char *msg)
{
	if (msg != NULL)
		sb_verr_add(errs, "body", field, msg, "value_error");
}

/*
 * POST /auth/register {email, password, name, phone}
 * 201 the new customer; 400 "Email already exists"; 422 bad fields;
 * 503 database unreachable.  A role or kyc_status in the body is ignored.
 */
int
sb_handle_register(struct sb_req *req)
{
	const struct sb_config	*cfg = req->w->cfg;
	cJSON			*errs = cJSON_CreateArray(), *o;
	const char		*email, *password, *name, *phone;
	struct sb_user		 u;
	struct sb_conn		 conn;
	bson_error_t		 e;

	memset(&u, 0, sizeof(u));
	if ((email = sb_json_string(req->json, "email", 1, errs)) != NULL)
		check(errs, "email", sb_valid_email(email, u.email));
	if ((password = sb_json_string(req->json, "password", 1, errs)))
		check(errs, "password", sb_valid_password(password,
		    (size_t)cfg->password_min));
	if ((name = sb_json_string(req->json, "name", 1, errs)) != NULL)
		check(errs, "name", sb_valid_name(name, u.name));
	if ((phone = sb_json_string(req->json, "phone", 1, errs)) != NULL)
		check(errs, "phone", sb_valid_phone(phone));
	/* No errors means every field is there; the NULL tests say so. */
	if (cJSON_GetArraySize(errs) > 0 || email == NULL || password == NULL ||
	    name == NULL || phone == NULL)
		return sb_reply_invalid(req, errs);
	cJSON_Delete(errs);

	snprintf(u.phone, sizeof(u.phone), "%s", phone);
	strcpy(u.role, SB_ROLE_NAME_CUSTOMER);
	strcpy(u.kyc_status, SB_KYC_PENDING);
	u.created_at = sb_now_ms();
	if (sb_password_hash(password, (int)cfg->bcrypt_cost,
	    u.password_hash) == -1)
		return sb_reply_error(req, 500, "Internal server error");

	/* The unique index decides, also between concurrent registrations. */
	conn = sb_req_conn(req);
	if (sb_user_insert(&conn, &u, req->remote_addr, &e) == -1) {
		if (sb_db_error_is_duplicate(&e))
			return sb_reply_error(req, 400, "Email already exists");
		return sb_reply_db_error(req, &e);
	}
	/* Stored: should this fail, a sweep writes the audit entry later. */
	if (sb_followup_registration(&conn, &u.id, u.email, req->remote_addr,
	    u.created_at, &e) == -1)
		return sb_reply_db_error(req, &e);

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", u.id_hex);
	cJSON_AddStringToObject(o, "message", "User registered successfully");
	cJSON_AddStringToObject(o, "email", u.email);
	cJSON_AddStringToObject(o, "role", SB_ROLE_NAME_CUSTOMER);
	return sb_reply_json(req, 201, o);
}

/* Audit a login event about email (and the user, when known). */
static int
audit_login(struct sb_req *req, const char *action, const struct sb_user *u,
    const char *email, const char *reason, bson_error_t *e)
{
	bson_t	details = BSON_INITIALIZER;
	int	rc;

	BSON_APPEND_UTF8(&details, "email", email);
	if (reason != NULL)
		BSON_APPEND_UTF8(&details, "reason", reason);
	rc = sb_audit(req, &(struct sb_audit){ .action = action,
	    .user_id = u != NULL ? &u->id : NULL,
	    .actor_id = u != NULL ? &u->id : NULL,
	    .actor_role = u != NULL ? u->role : "anonymous",
	    .details = &details }, e);
	bson_destroy(&details);
	return rc;
}

/*
 * Past the limit for the account or the client address: 429 with
 * Retry-After, audited once per lockout.  0 when not throttled, else the
 * status answered.
 */
static int
throttled(struct sb_req *req, const struct sb_conn *conn, const char *ekey,
    const char *akey, const char *email, int64_t now)
{
	const struct sb_config	*cfg = req->w->cfg;
	const char		*keys[2] = { ekey, akey };
	const int64_t		 limits[2] = { cfg->login_max_failures,
	    cfg->login_max_per_addr };
	struct sb_throttle	 t;
	bson_error_t		 e;
	char			 retry[24];
	int			 first;

	for (int i = 0; i < 2; i++) {
		if (sb_throttle_count(conn, keys[i], now, cfg->login_window_s,
		    &t, &e) == -1)
			return sb_reply_db_error(req, &e);
		if (t.failures < limits[i])
			continue;
		first = sb_throttle_note_lockout(conn, keys[i], t.oldest_ms,
		    &e);
		if (first == -1)
			return sb_reply_db_error(req, &e);
		if (first == 1 && audit_login(req, SB_AUDIT_LOGIN_THROTTLED,
		    NULL, email, i == 0 ? "account" : "address", &e) == -1)
			return sb_reply_db_error(req, &e);
		snprintf(retry, sizeof(retry), "%lld",
		    (long long)t.retry_after_s);
		sb_req_header(req, "Retry-After", retry);
		return sb_reply_error(req, 429,
		    "Too many failed login attempts; try again later");
	}
	return 0;
}

/* A failed attempt: count it for the account and the address, audit it. */
static int
login_failed(struct sb_req *req, const struct sb_conn *conn, const char *ekey,
    const char *akey, const struct sb_user *u, const char *email,
    const char *reason, int64_t now)
{
	bson_error_t e;

	if (sb_throttle_fail(conn, ekey, now, req->w->cfg->login_window_s,
	    &e) == -1 ||
	    sb_throttle_fail(conn, akey, now, req->w->cfg->login_window_s,
	    &e) == -1 ||
	    audit_login(req, SB_AUDIT_LOGIN_FAILED, u, email, reason, &e) == -1)
		return sb_reply_db_error(req, &e);
	return sb_reply_error(req, 401, "Invalid credentials");
}

/*
 * POST /auth/login {email, password}
 * 200 {"access_token", "token_type": "bearer"}; 401 "Invalid credentials"
 * for an unknown email and a wrong password alike (a dummy bcrypt check
 * evens the time); 429 when throttled, decided before any bcrypt work;
 * 422 when a field is missing or not a string; 503 database unreachable.
 */
int
sb_handle_login(struct sb_req *req)
{
	const struct sb_config	*cfg = req->w->cfg;
	cJSON			*errs = cJSON_CreateArray(), *o;
	const char		*email_raw, *password;
	char			 email[SB_EMAIL_MAX + 1];
	char			 ekey[SB_EMAIL_MAX + 8], akey[80];
	struct sb_user		 u;
	struct sb_conn		 conn;
	bson_error_t		 e;
	int64_t			 now = sb_now_ms();
	char			*token;
	int			 found, rc;

	email_raw = sb_json_string(req->json, "email", 1, errs);
	password = sb_json_string(req->json, "password", 1, errs);
	if (email_raw != NULL && sb_valid_email(email_raw, email) != NULL)
		sb_verr_add(errs, "body", "email",
		    "value is not a valid email address", "value_error");
	if (cJSON_GetArraySize(errs) > 0 || email_raw == NULL ||
	    password == NULL)
		return sb_reply_invalid(req, errs);
	cJSON_Delete(errs);

	snprintf(ekey, sizeof(ekey), "email:%s", email);
	snprintf(akey, sizeof(akey), "addr:%s", req->remote_addr);
	conn = sb_req_conn(req);
	if ((rc = throttled(req, &conn, ekey, akey, email, now)) != 0)
		return rc;

	if ((found = sb_user_by_email(&conn, email, &u, &e)) == -1)
		return sb_reply_db_error(req, &e);
	if (found == 0) {
		sb_password_burn(password, (int)cfg->bcrypt_cost);
		return login_failed(req, &conn, ekey, akey, NULL, email,
		    "unknown_email", now);
	}
	/*
	 * bcrypt reads only 72 bytes: a longer password never matches, but
	 * it costs the same check as any other.
	 */
	if (!sb_password_verify(password, u.password_hash) ||
	    strlen(password) > SB_PASSWORD_MAX)
		return login_failed(req, &conn, ekey, akey, &u, email,
		    "wrong_password", now);
	if (u.disabled)
		return login_failed(req, &conn, ekey, akey, &u, email,
		    "disabled", now);

	if (sb_throttle_clear(&conn, ekey, &e) == -1 ||
	    audit_login(req, SB_AUDIT_LOGIN_SUCCEEDED, &u, email, NULL, &e) == -1)
		return sb_reply_db_error(req, &e);
	if ((token = sb_token_issue(cfg, u.id_hex, u.role, u.email,
	    now / 1000)) == NULL)
		return sb_reply_error(req, 500, "Internal server error");
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "access_token", token);
	cJSON_AddStringToObject(o, "token_type", "bearer");
	free(token);
	return sb_reply_json(req, 200, o);
}
