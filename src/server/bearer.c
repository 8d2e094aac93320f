/*
 * bearer.c -- who is calling: the bearer token, the user it names, and the
 * route's role.
 */
#include "config.h"
#include "server/bearer.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/model.h"
#include "base/token.h"
#include "base/util.h"
#include "handlers/request_db.h"
#include "http/request.h"
#include "http/route.h"
#include "store/user.h"

/* The token of "Bearer <token>" (scheme in any case), or NULL. */
static const char *
bearer_token(const char *header)
{
	if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
		return NULL;
	header += 7;
	while (*header == ' ')
		header++;
	return *header != '\0' ? header : NULL;
}

static int
role_allows(enum sb_role need, const char *role)
{
	switch (need) {
	case SB_ROLE_PUBLIC:
	case SB_ROLE_USER:
		return 1;
	case SB_ROLE_CUSTOMER:
		return strcmp(role, SB_ROLE_NAME_CUSTOMER) == 0;
	case SB_ROLE_AUDITOR:
		return strcmp(role, SB_ROLE_NAME_AUDITOR) == 0;
	}
	return 0;
}

int
sb_auth_request(struct sb_req *req, struct sb_user *caller)
{
	const struct sb_route	*r = req->match.route;
	const char		*token;
	struct sb_claims	 claims;
	struct sb_conn		 conn;
	bson_error_t		 e;
	bson_oid_t		 id;
	int			 found;

	if (r->role == SB_ROLE_PUBLIC)
		return SB_OK;
	if ((token = bearer_token(req->authorization)) == NULL)
		return sb_reply_error(req, 401, "Not authenticated");
	if (sb_token_verify(req->cfg, token, sb_now_ms() / 1000,
	    &claims) == SB_ERR)
		return sb_reply_error(req, 401, "Invalid token");

	bson_oid_init_from_string(&id, claims.sub);
	conn = sb_req_conn(req);
	if ((found = sb_user_by_id(&conn, &id, caller, &e)) == SB_ERR)
		return sb_reply_db_error(req, &e);
	/*
	 * The token stops working when its user is gone or disabled, no
	 * longer holds the role it was issued for, or logged out after it
	 * was issued.
	 */
	if (found == SB_NOTFOUND || caller->disabled ||
	    strcmp(caller->role, claims.role) != 0 ||
	    claims.iat * 1000 < caller->tokens_from)
		return sb_reply_error(req, 401, "Invalid token");
	req->user = caller;
	snprintf(req->user_id, sizeof(req->user_id), "%s", caller->id_hex);
	if (!role_allows(r->role, caller->role))
		return sb_reply_error(req, 403, r->forbidden);
	return SB_OK;
}
