/*
 * dispatch.c -- the front line: route, authenticate, read and parse the
 * body, then call the handler.  Handlers never see a request that failed
 * any of these steps.
 */
#include "config.h"
#include "conf.h"
#include "dispatch.h"

#include <stdlib.h>

#include "auth.h"
#include "http.h"
#include "json.h"
#include "request.h"
#include "routes.h"
#include "worker.h"

/* 0 when the body is acceptable, else the status already answered. */
static int
front_body(struct sb_req *req)
{
	const struct sb_route	*r = req->match.route;
	cJSON			*errs;
	int			 rc;

	if (r->body == SB_BODY_NONE)
		return 0;
	if ((rc = sb_req_read_body(req, (size_t)req->w->cfg->max_body_bytes)))
		return rc;
	if (req->body_len == 0 && r->body == SB_BODY_JSON_OPTIONAL)
		return 0;
	if (!sb_http_is_json(req->content_type))
		return sb_reply_error(req, 415,
		    "Content-Type must be application/json");
	rc = sb_json_parse_object(req->body, req->body_len, &req->json);
	/* cJSON holds its own copy: a 5 MiB upload need not be held twice. */
	free(req->body);
	req->body = NULL;
	switch (rc) {
	case SB_JSON_OK:
		return 0;
	case SB_JSON_MALFORMED:
		return sb_reply_error(req, 400, "Malformed JSON body");
	case SB_JSON_NOT_OBJECT:
		errs = cJSON_CreateArray();
		sb_verr_add(errs, "body", NULL, "Input should be a JSON object",
		    "model_attributes_type");
		return sb_reply_invalid(req, errs);
	case SB_JSON_NUL:
		errs = cJSON_CreateArray();
		sb_verr_add(errs, "body", NULL,
		    "Strings must not contain NUL characters", "value_error");
		return sb_reply_invalid(req, errs);
	}
	return sb_reply_error(req, 500, "Internal server error");
}

void
sb_dispatch(struct sb_req *req)
{
	struct sb_match *m = &req->match;

	sb_route_match(sb_routes, sb_nroutes, req->method, req->path, m);
	if (m->status == 404) {
		sb_reply_error(req, 404, "Not Found");
		return;
	}
	if (m->status == 405) {
		sb_req_header(req, "Allow", m->allow);
		sb_reply_error(req, 405, "Method Not Allowed");
		return;
	}
	if (sb_worker_prepare_db(req->w, req) != 0)
		return;
	if (sb_auth_request(req) != 0)
		return;
	if (front_body(req) != 0)
		return;
	m->route->handler(req);
}
