/*
 * health.c -- GET /healthz: is this worker up and can it reach the database?
 *
 * 200 {"status": "ok", "database": "ok"}
 * 503 {"status": "unavailable", "database": "unreachable", "detail": ...}
 */
#include "config.h"

#include "db.h"
#include "handlers/handlers.h"
#include "request.h"
#include "worker.h"

int
sb_handle_healthz(struct sb_req *req)
{
	bson_error_t	 e;
	cJSON		*o = cJSON_CreateObject();
	int		 up = sb_worker_db_usable(req->w, &e) &&
	    sb_db_ping(sb_req_db(req), &e) == 0;

	req->db_outage = !up;
	sb_worker_db_state(req->w, up, up ? NULL : &e);
	cJSON_AddStringToObject(o, "status", up ? "ok" : "unavailable");
	cJSON_AddStringToObject(o, "database", up ? "ok" : "unreachable");
	if (!up)
		cJSON_AddStringToObject(o, "detail", "Database unavailable");
	return sb_reply_json(req, up ? 200 : 503, o);
}
