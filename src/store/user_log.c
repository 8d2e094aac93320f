/*
 * user_log.c -- audit entries: writing one, reading pages.
 */
#include "config.h"
#include "store/user_log.h"

#include "base/model.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/collections.h"

/* The fields of an entry's canonical bytes, in their order. */
static const char *const canonical_fields[] = { "_id", "user_id", "actor_id",
    "action", "actor_role", "timestamp", "ip_address", "details" };

int
sb_user_log_leaf_hash(const bson_t *entry, uint8_t out[SB_HASH_LEN])
{
	bson_t		canon = BSON_INITIALIZER;
	bson_iter_t	it;
	int		rc = SB_OK;

	for (size_t i = 0; i < SB_NELEM(canonical_fields); i++) {
		if (!bson_iter_init_find(&it, entry, canonical_fields[i]) ||
		    !bson_append_iter(&canon, canonical_fields[i], -1, &it)) {
			rc = SB_ERR;
			break;
		}
	}
	if (rc == SB_OK)
		sb_merkle_leaf(bson_get_data(&canon), canon.len, out);
	bson_destroy(&canon);
	return rc;
}

int
sb_user_log_insert(const struct sb_conn *conn, const struct sb_audit *a,
    struct sb_logged *out, bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER, empty = BSON_INITIALIZER;
	int	rc;

	/* Its _id is made here: the canonical bytes begin with it. */
	if (a->id != NULL)
		bson_oid_copy(a->id, &out->id);
	else
		bson_oid_init(&out->id, NULL);
	BSON_APPEND_OID(&doc, "_id", &out->id);
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
	/* The canonical bytes are the document so far. */
	sb_merkle_leaf(bson_get_data(&doc), doc.len, out->hash);
	BSON_APPEND_BOOL(&doc, "leaf_pending", true);
	rc = sb_db_insert(conn, SB_COLL_LOG, &doc, e);
	bson_destroy(&doc);
	bson_destroy(&empty);
	return rc;
}

int
sb_user_log_set_seq(const struct sb_conn *conn, const bson_oid_t *id,
    uint64_t seq, bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", "seq", BCON_INT64((int64_t)seq),
	    "}", "$unset", "{", "leaf_pending", BCON_UTF8(""), "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_LOG, id, update, e);

	bson_destroy(update);
	return rc;
}

int64_t
sb_user_log_without_leaf(const struct sb_conn *conn, int pending, int64_t max,
    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	bson_t	*filter = pending ? BCON_NEW("leaf_pending", BCON_BOOL(true)) :
	    BCON_NEW("seq", "{", "$exists", BCON_BOOL(false), "}",
	    "leaf_pending", "{", "$exists", BCON_BOOL(false), "}");
	bson_t	*opts = BCON_NEW("sort", "{", "_id", BCON_INT32(1), "}",
	    "limit", BCON_INT64(max));
	int64_t	 n = sb_db_find_each(conn, SB_COLL_LOG, filter, opts, fn, arg, e);

	bson_destroy(opts);
	bson_destroy(filter);
	return n;
}

int
sb_user_log_find(const struct sb_conn *conn, const bson_oid_t *id,
    bson_t *out, bson_error_t *e)
{
	return sb_db_find_by_id(conn, SB_COLL_LOG, id, NULL, out, e);
}

int64_t
sb_user_log_by_ids(const struct sb_conn *conn, const bson_oid_t *ids,
    size_t n, int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER;
	int64_t	got;

	sb_db_append_id_in(&filter, ids, n);
	got = sb_db_find_each(conn, SB_COLL_LOG, &filter, NULL, fn, arg, e);
	bson_destroy(&filter);
	return got;
}

int
sb_user_log_counts(const struct sb_conn *conn, int64_t *all, int64_t *pending,
    bson_error_t *e)
{
	bson_t	 none = BSON_INITIALIZER;
	bson_t	*flag = BCON_NEW("leaf_pending", BCON_BOOL(true));

	*all = sb_db_count(conn, SB_COLL_LOG, &none, e);
	*pending = *all < 0 ? -1 : sb_db_count(conn, SB_COLL_LOG, flag, e);
	bson_destroy(flag);
	bson_destroy(&none);
	return *all < 0 || *pending < 0 ? SB_ERR : SB_OK;
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
