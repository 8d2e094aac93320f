/*
 * account.c -- POST /auth/register and POST /auth/login.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"
#include "base/model.h"
#include "base/token.h"
#include "base/util.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/request.h"
#include "ops/account.h"
#include "ops/login.h"
#include "store/user.h"

/* The caller, as operations see a client that has not logged in. */
static struct sb_actor
client(const struct sb_req *req)
{
	return (struct sb_actor){ .role = SB_ACTOR_ANONYMOUS,
	    .address = req->remote_addr };
}

/*
 * POST /auth/register {email, password, name, phone, consents?}
 * 201 the new customer, who has given the privacy notice's required
 * purpose and the optional ones consents says true; 400 "Email already exists"; 422 bad fields (the
 * front line); 429 too many registrations from the client's address, with
 * Retry-After; 503 database unreachable.  A role or kyc_status in the
 * body is ignored.
 */
int
sb_handle_register(struct sb_req *req)
{
	const struct sb_actor	 who = client(req);
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_user		 u;
	bson_error_t		 e;
	int64_t			 retry_after_s = 0;
	cJSON			*o;

	memset(&u, 0, sizeof(u));
	snprintf(u.email, sizeof(u.email), "%s", sb_input_get(&req->in, "email"));
	snprintf(u.name, sizeof(u.name), "%s", sb_input_get(&req->in, "name"));
	snprintf(u.phone, sizeof(u.phone), "%s", sb_input_get(&req->in, "phone"));
	switch (sb_account_register(&conn, req->cfg, &who, &u,
	    sb_input_get(&req->in, "password"),
	    sb_input_get(&req->in, "consents"), &retry_after_s, &e)) {
	case SB_REGISTER_OK:
		break;
	case SB_REGISTER_TAKEN:
		return sb_reply_error(req, 400, "Email already exists");
	case SB_REGISTER_THROTTLED:
		return sb_reply_too_many(req, "Too many registrations from your network; ",
		    retry_after_s);
	default:
		return sb_reply_db_error(req, &e);
	}
	o = sb_req_object(req);
	cJSON_AddStringToObject(o, "id", u.id_hex);
	cJSON_AddStringToObject(o, "message", "User registered successfully");
	cJSON_AddStringToObject(o, "email", u.email);
	cJSON_AddStringToObject(o, "role", SB_ROLE_NAME_CUSTOMER);
	return sb_reply_json(req, 201, o);
}

/* What a throttled login is told, by the limit that refused it. */
static const char *const throttled_detail[] = {
	[SB_LIMIT_PAIR] = "Too many failed login attempts; ",
	[SB_LIMIT_ADDRESS] = "Too many failed login attempts from your "
	    "network; ",
	[SB_LIMIT_ACCOUNT] = "Too many failed login attempts on this account "
	    "from devices it has not used before; sign in from a device or "
	    "network you have used before, or ",
	[SB_LIMIT_DEVICE] = "Too many failed login attempts from this "
	    "device; ",
};

/* The device credential as a cookie for /auth/ only, never for scripts. */
static void
set_device_cookie(struct sb_req *req, const char *device)
{
	char	cookie[SB_DEVICE_MAX + 128];

	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/auth/; Max-Age=%ld; "
	    "HttpOnly; Secure; SameSite=Strict", SB_DEVICE_COOKIE, device,
	    req->cfg->login_device_days * 86400);
	sb_req_header(req, "Set-Cookie", cookie);
}

/*
 * POST /auth/login {email, password, device_token?}
 * 200 {"access_token", "token_type": "bearer", "device_token"} and the
 * same device credential as an HttpOnly cookie; 401 "Invalid
 * credentials" for an unknown email and a wrong password alike; 429 with
 * Retry-After and when to try again in words, when throttled; 422 a field
 * missing or not a string (the front line); 503 database unreachable.
 * The device credential comes from the body, else from the cookie.
 */
int
sb_handle_login(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_login_result	 res;
	bson_error_t		 e;
	char			 cookie[SB_DEVICE_MAX], *token;
	const char		*device = sb_input_get(&req->in, "device_token");
	int64_t			 iat;
	cJSON			*o;

	if (device == NULL)
		device = sb_req_cookie(req, SB_DEVICE_COOKIE, cookie,
		    sizeof(cookie));
	switch (sb_login(&conn, req->cfg, &(const struct sb_login_attempt){
	    .address = req->remote_addr,
	    .email = sb_input_get(&req->in, "email"),
	    .password = sb_input_get(&req->in, "password"),
	    .device = device }, &res, &e)) {
	case SB_LOGIN_OK:
		break;
	case SB_LOGIN_REFUSED:
		return sb_reply_error(req, 401, "Invalid credentials");
	case SB_LOGIN_THROTTLED:
		return sb_reply_too_many(req, throttled_detail[res.limit],
		    res.retry_after_s);
	default:
		return sb_reply_db_error(req, &e);
	}
	/* After a logout, a token says a second its user's record allows. */
	iat = sb_now_ms() / 1000;
	if (iat * 1000 < res.user.tokens_from)
		iat = (res.user.tokens_from + 999) / 1000;
	if ((token = sb_token_issue(req->cfg, res.user.id_hex, res.user.role,
	    res.user.email, iat)) == NULL)
		return sb_reply_error(req, 500, "Internal server error");
	o = sb_req_object(req);
	cJSON_AddStringToObject(o, "access_token", token);
	cJSON_AddStringToObject(o, "token_type", "bearer");
	cJSON_AddStringToObject(o, "device_token", res.device);
	free(token);
	set_device_cookie(req, res.device);
	return sb_reply_json(req, 200, o);
}

/*
 * POST /auth/logout (any user)
 * 200 {"message": "Logged out"}: every access token of the caller stops
 * working at once, this one included; the device credential stays (the
 * device is still the owner's).  401 no or a bad token; 503.
 */
int
sb_handle_logout(struct sb_req *req)
{
	const struct sb_actor	 who = sb_req_actor(req);
	struct sb_conn		 conn = sb_req_conn(req);
	bson_error_t		 e;
	cJSON			*o;

	if (sb_logout(&conn, &who, req->user, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);
	o = sb_req_object(req);
	cJSON_AddStringToObject(o, "message", "Logged out");
	return sb_reply_json(req, 200, o);
}
