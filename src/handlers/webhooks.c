/*
 * webhooks.c -- GET /webhooks/deliveries and POST
 * /webhooks/deliveries/{delivery_id}/resend: what the deliverer owes and
 * did (ops/delivery.h), for auditors.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/event.h"
#include "base/id.h"
#include "base/json.h"
#include "base/model.h"
#include "base/query.h"
#include "base/util.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/page.h"
#include "http/request.h"
#include "ops/audit.h"
#include "ops/delivery.h"
#include "store/user.h"
#include "store/webhook_delivery.h"

static void
add_time(cJSON *o, const char *key, int64_t ms)
{
	char at[SB_ISO8601_LEN];

	if (ms == 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	sb_iso8601(ms, at);
	cJSON_AddStringToObject(o, key, at);
}

/* A delivery as auditors read it, into o (its body is not shown). */
static cJSON *
delivery_json(cJSON *o, const struct sb_delivery *d)
{
	char hex[25];

	if (o == NULL)
		return NULL;
	bson_oid_to_string(&d->id, hex);
	cJSON_AddStringToObject(o, "id", hex);
	bson_oid_to_string(&d->endpoint, hex);
	cJSON_AddStringToObject(o, "endpoint_id", hex);
	cJSON_AddNumberToObject(o, "seq", (double)d->seq);
	cJSON_AddStringToObject(o, "event", d->event);
	cJSON_AddStringToObject(o, "webhook_id", d->msg_id);
	cJSON_AddStringToObject(o, "status", d->status);
	cJSON_AddNumberToObject(o, "attempts", (double)d->attempts);
	add_time(o, "created_at", d->created_at);
	add_time(o, "last_attempt_at", d->last_at);
	if (d->last_status != 0)
		cJSON_AddNumberToObject(o, "last_status",
		    (double)d->last_status);
	else
		cJSON_AddNullToObject(o, "last_status");
	if (d->last_error[0] != '\0')
		cJSON_AddStringToObject(o, "last_error", d->last_error);
	else
		cJSON_AddNullToObject(o, "last_error");
	add_time(o, "next_attempt_at", strcmp(d->status,
	    SB_DELIVERY_PENDING) == 0 ? d->next_at : 0);
	add_time(o, "delivered_at", d->delivered_at);
	return o;
}

static int
add_delivery(const struct sb_delivery *d, void *list)
{
	cJSON_AddItemToArray(list, delivery_json(cJSON_CreateObject(), d));
	return SB_NEXT;
}

/* ?endpoint_id=, ?status=, ?event= into f (the id into *endpoint). */
static void
read_filters(const char *qs, struct sb_delivery_filter *f,
    bson_oid_t *endpoint, cJSON *errs)
{
	static const char *const statuses[] = { SB_DELIVERY_PENDING,
	    SB_DELIVERY_DELIVERED, SB_DELIVERY_FAILED };
	char	buf[64];
	int	found, ev;

	if ((found = sb_query_get(qs, "endpoint_id", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		if (found == SB_ERR ||
		    sb_id_parse(buf, strlen(buf), endpoint) != SB_FOUND)
			sb_verr_add(errs, "query", "endpoint_id",
			    "Input should be an id of 24 hex digits",
			    "value_error");
		else
			f->endpoint = endpoint;
	}
	if ((found = sb_query_get(qs, "status", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		for (size_t i = 0; found == SB_FOUND && i < SB_NELEM(statuses);
		    i++)
			if (strcmp(statuses[i], buf) == 0)
				f->status = statuses[i];
		if (f->status == NULL)
			sb_verr_add(errs, "query", "status", "Input should be "
			    "'pending', 'delivered' or 'failed'", "enum");
	}
	if ((found = sb_query_get(qs, "event", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		if (found == SB_ERR || (ev = sb_event_by_name(buf)) < 0)
			sb_verr_add(errs, "query", "event", "Input should be "
			    "one of the event types", "enum");
		else
			f->event = sb_event_names[ev];
	}
}

/*
 * GET /webhooks/deliveries?endpoint_id=&status=&event=&limit=&after=
 * 200 [{"id", "endpoint_id", "seq", "event", "webhook_id", "status",
 * "attempts", "created_at", "last_attempt_at", "last_status",
 * "last_error", "next_attempt_at", "delivered_at"}, ...] newest first;
 * 422 for a bad filter or cursor; 503.
 */
int
sb_handle_webhook_deliveries(struct sb_req *req)
{
	struct sb_conn			 conn = sb_req_conn(req);
	struct sb_delivery_filter	 f;
	struct sb_cursor		 cursor;
	bson_oid_t			 after, endpoint;
	bson_error_t			 e;
	cJSON				*errs = sb_req_array(req), *list;
	int64_t				 limit;
	int				 has_after, status, found;

	if ((status = sb_page_params(req, &limit, &after, &has_after)) != SB_OK)
		return status;
	memset(&f, 0, sizeof(f));
	read_filters(req->query, &f, &endpoint, errs);
	if (sb_verr_any(errs))
		return sb_reply_invalid(req, errs);
	if (has_after) {
		if ((found = sb_delivery_cursor(&conn, &after, &cursor, &e)) ==
		    SB_ERR)
			return sb_reply_db_error(req, &e);
		if (found == SB_NOTFOUND)
			return sb_reply_invalid1(req, "query", "after",
			    "No delivery has this id", "value_error");
	}
	list = sb_req_array(req);
	if (sb_delivery_page(&conn, &f, has_after ? &cursor : NULL, limit,
	    add_delivery, list, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);
	return sb_reply_json(req, 200, list);
}

/*
 * POST /webhooks/deliveries/{delivery_id}/resend
 * 200 the delivery, pending and due now; 404 no such delivery; 409 it is
 * pending already; 422 a bad id; 503.
 */
int
sb_handle_webhook_resend(struct sb_req *req)
{
	struct sb_conn		conn = sb_req_conn(req);
	const struct sb_actor	who = sb_req_actor(req);
	struct sb_delivery	d;
	bson_oid_t		id;
	bson_error_t		e;
	int			status, outcome;

	if ((status = sb_path_id(req, 0, "delivery_id", &id)) != SB_OK)
		return status;
	outcome = sb_delivery_resend_by(&conn, &who, &id, &d, &e);
	switch (outcome) {
	case SB_RESEND_DONE:
		return sb_reply_json(req, 200,
		    delivery_json(sb_req_object(req), &d));
	case SB_RESEND_NOT_FOUND:
		return sb_reply_error(req, 404, "Delivery not found");
	case SB_RESEND_PENDING:
		return sb_reply_error(req, 409, "The delivery is pending "
		    "already: it is sent when due");
	default:
		return sb_reply_db_error(req, &e);
	}
}
