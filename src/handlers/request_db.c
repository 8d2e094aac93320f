/*
 * request_db.c -- a request's database client and its errors, and its
 * caller as an actor.
 */
#include "config.h"
#include "handlers/request_db.h"

#include <stdio.h>

#include "base/log.h"
#include "base/model.h"
#include "http/request.h"
#include "store/envelope.h"
#include "store/user.h"

/* At the request's end (sb_req_finish): the client goes back to the pool. */
static void
release_client(struct sb_req *req)
{
	/* It answered this request: up (again, after an outage). */
	if (!req->db_outage)
		sb_db_note(req->db, 1, NULL);
	sb_db_push(req->db, req->client);
}

struct sb_conn
sb_req_conn(struct sb_req *req)
{
	if (req->client == NULL) {
		req->client = sb_db_pop(req->db);
		req->release_client = release_client;
	}
	return (struct sb_conn){ .client = req->client, .db = req->db->name,
	    .keys = req->db->keys, .signer = req->db->signer };
}

int
sb_reply_db_error(struct sb_req *req, const bson_error_t *e)
{
	char q[256];

	if (sb_db_error_is_outage(e)) {
		req->db_outage = 1;
		sb_db_note(req->db, 0, e);
		return sb_reply_error(req, 503, "Database unavailable");
	}
	/* Sealed data that does not open: the store has logged which. */
	if (e->domain == SB_SEALED_ERROR_DOMAIN)
		return sb_reply_error(req, 500, SB_UNREADABLE_MESSAGE);
	sb_log(SB_LOG_ERROR, "db_error", "domain=%u code=%u detail=%s",
	    e->domain, e->code, sb_log_quote(e->message, q, sizeof(q)));
	return sb_reply_error(req, 500, "Internal server error");
}

struct sb_actor
sb_req_actor(const struct sb_req *req)
{
	return (struct sb_actor){ .id = &req->user->id, .role = req->user->role,
	    .address = req->remote_addr };
}

/*
 * 429: what, then when to try again in words a person reads ("try again
 * in 14 minutes").
 * The Retry-After header says the same in seconds.
 */
int
sb_reply_too_many(struct sb_req *req, const char *what, int64_t retry_after_s)
{
	char	retry[24], detail[320];
	int64_t	minutes = (retry_after_s + 59) / 60;

	snprintf(retry, sizeof(retry), "%lld", (long long)retry_after_s);
	sb_req_header(req, "Retry-After", retry);
	snprintf(detail, sizeof(detail), "%stry again in %lld minute%s", what,
	    (long long)minutes, minutes == 1 ? "" : "s");
	return sb_reply_error(req, 429, detail);
}
