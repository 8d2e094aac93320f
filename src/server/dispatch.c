/*
 * dispatch.c -- the front line: route, the database, authenticate, read
 * and parse the body, check its fields, then call the handler.  Handlers
 * never see a request that failed any of these steps.  Each step returns
 * SB_OK to go on, or the status it answered.
 */
#include "config.h"
#include "server/dispatch.h"

#include <stdlib.h>

#include "base/conf.h"
#include "base/http.h"
#include "base/json.h"
#include "base/model.h"
#include "handlers/request_db.h"
#include "http/input.h"
#include "http/request.h"
#include "http/route.h"
#include "server/bearer.h"
#include "store/db.h"
#include "store/user.h"

/* The database is usable (unless the route answers that itself). */
static int
front_db(struct sb_req *req)
{
	bson_error_t e;

	if (!(req->match.route->flags & SB_ROUTE_OWN_HEALTH) &&
	    !sb_db_usable(req->db, &e))
		return sb_reply_db_error(req, &e);
	if (sb_db_prepare(req->db, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);
	return SB_OK;
}

/* The body is a JSON object where the route takes one. */
static int
front_body(struct sb_req *req)
{
	const struct sb_route	*r = req->match.route;
	enum sb_json_rc		 parsed;
	int			 status;

	if (r->body == SB_BODY_NONE)
		return SB_OK;
	if ((status = sb_req_read_body(req, (size_t)req->cfg->max_body_bytes)))
		return status;
	if (req->body_len == 0 && r->body == SB_BODY_JSON_OPTIONAL)
		return SB_OK;
	if (!sb_http_is_json(req->content_type))
		return sb_reply_error(req, 415,
		    "Content-Type must be application/json");
	parsed = sb_json_parse_object(req->body, req->body_len, &req->json);
	/* cJSON holds its own copy: a 5 MiB upload need not be held twice. */
	free(req->body);
	req->body = NULL;
	switch (parsed) {
	case SB_JSON_OK:
		return SB_OK;
	case SB_JSON_MALFORMED:
		return sb_reply_error(req, 400, "Malformed JSON body");
	case SB_JSON_NOT_OBJECT:
		return sb_reply_invalid1(req, "body", NULL,
		    "Input should be a JSON object", "model_attributes_type");
	case SB_JSON_NUL:
		return sb_reply_invalid1(req, "body", NULL,
		    "Strings must not contain NUL characters", "value_error");
	case SB_JSON_NOMEM:
		return sb_reply_error(req, 500, "Internal server error");
	}
	abort();
}

/* Every field of the route's table, checked; the 422 list otherwise. */
static int
front_fields(struct sb_req *req)
{
	const struct sb_route	*r = req->match.route;
	cJSON			*errs;

	if (r->fields == NULL || req->json == NULL)
		return SB_OK;
	errs = sb_req_array(req);
	sb_input_check(&req->in, r->fields, req->json, errs);
	if (sb_verr_any(errs))
		return sb_reply_invalid(req, errs);
	return SB_OK;
}

void
sb_dispatch(struct sb_req *req, const struct sb_route *table, size_t n)
{
	struct sb_match	*m = &req->match;
	struct sb_user	 caller;	/* req->user while the handler runs */

	sb_route_match(table, n, req->method, req->path, m);
	if (m->status == 404) {
		sb_reply_error(req, 404, "Not Found");
		return;
	}
	if (m->status == 405) {
		sb_req_header(req, "Allow", m->allow);
		sb_reply_error(req, 405, "Method Not Allowed");
		return;
	}
	/* What a slow database command is logged with (store/db_watch.h). */
	req->db->watch.method = m->route->method;
	req->db->watch.route = m->route->pattern;
	if (front_db(req) == SB_OK && sb_auth_request(req, &caller) == SB_OK &&
	    front_body(req) == SB_OK && front_fields(req) == SB_OK)
		m->route->handler(req);
	req->user = NULL;	/* caller's frame ends here */
}
