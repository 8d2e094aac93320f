/*
 * audit.c -- user_log entries.
 */
#include "config.h"
#include "audit.h"

#include "db.h"
#include "request.h"
#include "util.h"
#include "worker.h"

int
sb_audit_write(const struct sb_conn *conn, const struct sb_audit *a,
    bson_error_t *e)
{
	mongoc_collection_t	*coll;
	bson_t			 doc = BSON_INITIALIZER, empty = BSON_INITIALIZER;
	bool			 ok;

	coll = sb_db_coll(conn, SB_COLL_LOG);
	if (a->id != NULL)
		BSON_APPEND_OID(&doc, "_id", a->id);
	if (a->user_id != NULL)
		BSON_APPEND_OID(&doc, "user_id", a->user_id);
	else
		BSON_APPEND_NULL(&doc, "user_id");
	if (a->actor_id != NULL)
		BSON_APPEND_OID(&doc, "actor_id", a->actor_id);
	else
		BSON_APPEND_NULL(&doc, "actor_id");
	BSON_APPEND_UTF8(&doc, "action", a->action);
	BSON_APPEND_UTF8(&doc, "actor_role", a->actor_role);
	BSON_APPEND_DATE_TIME(&doc, "timestamp",
	    a->at_ms != 0 ? a->at_ms : sb_now_ms());
	BSON_APPEND_UTF8(&doc, "ip_address",
	    a->ip_address != NULL ? a->ip_address : "");
	BSON_APPEND_DOCUMENT(&doc, "details",
	    a->details != NULL ? a->details : &empty);
	ok = mongoc_collection_insert_one(coll, &doc, NULL, NULL, e);
	bson_destroy(&doc);
	bson_destroy(&empty);
	mongoc_collection_destroy(coll);
	return ok ? 0 : -1;
}

int
sb_audit(struct sb_req *req, const struct sb_audit *a, bson_error_t *e)
{
	struct sb_audit	copy = *a;
	struct sb_conn	conn = sb_req_conn(req);

	if (copy.ip_address == NULL)
		copy.ip_address = req->remote_addr;
	return sb_audit_write(&conn, &copy, e);
}
