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
#include "http/request.h"
#include "ops/account.h"
#include "ops/login.h"

/* The caller, as operations see a client that has not logged in. */
static struct sb_actor
client(const struct sb_req *req)
{
	return (struct sb_actor){ .role = SB_ACTOR_ANONYMOUS,
	    .address = req->remote_addr };
}

/*
 * POST /auth/register {email, password, name, phone}
 * 201 the new customer; 400 "Email already exists"; 422 bad fields (the
 * front line); 503 database unreachable.  A role or kyc_status in the body
 * is ignored.
 */
int
sb_handle_register(struct sb_req *req)
{
	const struct sb_actor	 who = client(req);
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_user		 u;
	bson_error_t		 e;
	cJSON			*o;

	memset(&u, 0, sizeof(u));
	snprintf(u.email, sizeof(u.email), "%s", sb_input_get(&req->in, "email"));
	snprintf(u.name, sizeof(u.name), "%s", sb_input_get(&req->in, "name"));
	snprintf(u.phone, sizeof(u.phone), "%s", sb_input_get(&req->in, "phone"));
	if (sb_account_register(&conn, &who, &u,
	    sb_input_get(&req->in, "password"), (int)req->cfg->bcrypt_cost,
	    &e) == SB_ERR) {
		if (sb_db_error_is_duplicate(&e))
			return sb_reply_error(req, 400, "Email already exists");
		return sb_reply_db_error(req, &e);
	}
	o = sb_req_object(req);
	cJSON_AddStringToObject(o, "id", u.id_hex);
	cJSON_AddStringToObject(o, "message", "User registered successfully");
	cJSON_AddStringToObject(o, "email", u.email);
	cJSON_AddStringToObject(o, "role", SB_ROLE_NAME_CUSTOMER);
	return sb_reply_json(req, 201, o);
}

/*
 * POST /auth/login {email, password}
 * 200 {"access_token", "token_type": "bearer"}; 401 "Invalid credentials"
 * for an unknown email and a wrong password alike; 429 with Retry-After
 * when throttled; 422 a field missing or not a string (the front line);
 * 503 database unreachable.
 */
int
sb_handle_login(struct sb_req *req)
{
	struct sb_conn	 conn = sb_req_conn(req);
	struct sb_user	 u;
	bson_error_t	 e;
	int64_t		 retry_after_s = 0;
	char		 retry[24], *token;
	cJSON		*o;

	switch (sb_login(&conn, req->cfg, req->remote_addr,
	    sb_input_get(&req->in, "email"), sb_input_get(&req->in, "password"),
	    &u, &retry_after_s, &e)) {
	case SB_LOGIN_OK:
		break;
	case SB_LOGIN_REFUSED:
		return sb_reply_error(req, 401, "Invalid credentials");
	case SB_LOGIN_THROTTLED:
		snprintf(retry, sizeof(retry), "%lld", (long long)retry_after_s);
		sb_req_header(req, "Retry-After", retry);
		return sb_reply_error(req, 429,
		    "Too many failed login attempts; try again later");
	default:
		return sb_reply_db_error(req, &e);
	}
	if ((token = sb_token_issue(req->cfg, u.id_hex, u.role, u.email,
	    sb_now_ms() / 1000)) == NULL)
		return sb_reply_error(req, 500, "Internal server error");
	o = sb_req_object(req);
	cJSON_AddStringToObject(o, "access_token", token);
	cJSON_AddStringToObject(o, "token_type", "bearer");
	free(token);
	return sb_reply_json(req, 200, o);
}
