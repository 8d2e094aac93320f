/*
 * user_log.c -- audit entries: writing one, reading pages.
 */
#include "config.h"
#include "store/user_log.h"

#include "base/model.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/collections.h"

int
sb_user_log_insert(const struct sb_conn *conn, const struct sb_audit *a,
    bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER, empty = BSON_INITIALIZER;
	int	rc;

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
	rc = sb_db_insert(conn, SB_COLL_LOG, &doc, e);
	bson_destroy(&doc);
	bson_destroy(&empty);
	return rc;
}

int
sb_user_log_cursor(const struct sb_conn *conn, const bson_oid_t *id,
    struct sb_cursor *c, bson_error_t *e)
{
	bson_t	d;
	int	found = sb_db_find_by_id(conn, SB_COLL_LOG, id, NULL, &d, e);

	if (found == SB_FOUND) {
		bson_oid_copy(id, &c->id);
		c->at = sb_bson_date(&d, "timestamp");
	}
	bson_destroy(&d);
	return found;
}

int64_t
sb_user_log_page(const struct sb_conn *conn, const struct sb_log_filter *f,
    const struct sb_cursor *after, int64_t limit,
    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER, range;
	int64_t	n;

	if (f->user_id != NULL)
		BSON_APPEND_OID(&filter, "user_id", f->user_id);
	if (f->actor_id != NULL)
		BSON_APPEND_OID(&filter, "actor_id", f->actor_id);
	if (f->action != NULL)
		BSON_APPEND_UTF8(&filter, "action", f->action);
	if (f->has_from || f->has_to) {
		BSON_APPEND_DOCUMENT_BEGIN(&filter, "timestamp", &range);
		if (f->has_from)
			BSON_APPEND_DATE_TIME(&range, "$gte", f->from_ms);
		if (f->has_to)
			BSON_APPEND_DATE_TIME(&range, "$lte", f->to_ms);
		bson_append_document_end(&filter, &range);
	}
	/* Newest first: the page continues below the cursor. */
	n = sb_db_page(conn, SB_COLL_LOG, &filter, "timestamp", -1, after,
	    limit, NULL, fn, arg, e);
	bson_destroy(&filter);
	return n;
}
