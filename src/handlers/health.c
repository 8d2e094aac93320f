/*
 * health.c -- GET /healthz: is this worker up and can it reach the database?
 *
 * 200 {"status": "ok", "database": "ok"}
 * 503 {"status": "unavailable", "database": "unreachable", "detail": ...}
 * (Its route is marked SB_ROUTE_OWN_HEALTH: the front line lets an outage
 * through to be answered in this shape.)
 */
#include "config.h"

#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/request.h"
#include "store/db.h"

int
sb_handle_healthz(struct sb_req *req)
{
	bson_error_t	 e;
	struct sb_conn	 conn;
	cJSON		*o = sb_req_object(req);
	int		 up = sb_db_usable(req->db, &e);

	if (up) {
		conn = sb_req_conn(req);
		up = sb_db_ping(conn.client, &e) == 0;
	}
	req->db_outage = !up;
	sb_db_note(req->db, up, up ? NULL : &e);
	cJSON_AddStringToObject(o, "status", up ? "ok" : "unavailable");
	cJSON_AddStringToObject(o, "database", up ? "ok" : "unreachable");
	if (!up)
		cJSON_AddStringToObject(o, "detail", "Database unavailable");
	return sb_reply_json(req, up ? 200 : 503, o);
}
