/*
 * kyc.c -- the kyc_doc collection.
 */
#include "config.h"
#include "store/kyc.h"

#include <stdio.h>
#include <string.h>

#include "followup.h"
#include "store/bsonx.h"
#include "store/user.h"

int
sb_kyc_latest(const struct sb_conn *conn, const bson_oid_t *user_id,
    int64_t *count, char status[16], bson_oid_t *latest, bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER, d = BSON_INITIALIZER;
	bson_t	*opts = BCON_NEW("sort", "{",
	    "submitted_at", BCON_INT32(-1), "_id", BCON_INT32(-1), "}",
	    "projection", "{", "document_data", BCON_INT32(0), "}");
	int	 rc;

	status[0] = '\0';
	*count = 0;
	BSON_APPEND_OID(&filter, "user_id", user_id);
	/* One read: the newest document says how many came before it. */
	rc = sb_db_find_one(conn, SB_COLL_KYC, &filter, opts, &d, e);
	if (rc == 1) {
		bson_iter_t it;

		sb_bson_str(&d, "status", status, 16);
		if (latest != NULL)
			sb_bson_oid(&d, "_id", latest);
		if (bson_iter_init_find(&it, &d, "attempt") &&
		    BSON_ITER_HOLDS_INT64(&it))
			*count = bson_iter_int64(&it) + 1;
		else	/* written before attempts were stored: count */
			*count = sb_db_count(conn, SB_COLL_KYC, &filter, e);
		rc = *count < 0 ? -1 : 0;
	}
	bson_destroy(&d);
	bson_destroy(opts);
	bson_destroy(&filter);
	return rc;
}

int
sb_kyc_insert(const struct sb_conn *conn, struct sb_kyc_new *k,
    bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, SB_COLL_KYC);
	bson_t			 doc = BSON_INITIALIZER;
	char			 uid[25], key[48];
	bool			 ok;

	bson_oid_init(&k->id, NULL);
	bson_oid_to_string(k->user_id, uid);
	snprintf(key, sizeof(key), "%s:%lld", uid, (long long)k->attempt);
	BSON_APPEND_OID(&doc, "_id", &k->id);
	BSON_APPEND_OID(&doc, "user_id", k->user_id);
	BSON_APPEND_UTF8(&doc, "document_type", k->document_type);
	BSON_APPEND_UTF8(&doc, "document_number", k->document_number);
	BSON_APPEND_UTF8(&doc, "document_data", k->document_data);
	BSON_APPEND_UTF8(&doc, "document_encoding", k->encoding);
	BSON_APPEND_UTF8(&doc, "status", SB_KYC_SUBMITTED);
	BSON_APPEND_DATE_TIME(&doc, "submitted_at", k->submitted_at);
	BSON_APPEND_UTF8(&doc, "submission_key", key);
	BSON_APPEND_INT64(&doc, "attempt", k->attempt);
	BSON_APPEND_NULL(&doc, "reviewed_by");
	BSON_APPEND_NULL(&doc, "review_notes");
	BSON_APPEND_NULL(&doc, "reviewed_at");
	BSON_APPEND_UTF8(&doc, "submitted_from", k->submitted_from);
	BSON_APPEND_BOOL(&doc, SB_FOLLOWUP_FIELD, true);
	if (k->release_data != NULL)
		k->release_data(k->release_arg);
	k->document_data = NULL;
	ok = mongoc_collection_insert_one(coll, &doc, NULL, NULL, e);
	bson_destroy(&doc);
	mongoc_collection_destroy(coll);
	return ok ? 0 : -1;
}

int
sb_kyc_find(const struct sb_conn *conn, const bson_oid_t *id, int with_data,
    bson_t *out, bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER;
	bson_t	*opts = with_data ? NULL : BCON_NEW("projection", "{",
	    "document_data", BCON_INT32(0), "}");
	int	 rc;

	BSON_APPEND_OID(&filter, "_id", id);
	rc = sb_db_find_one(conn, SB_COLL_KYC, &filter, opts, out, e);
	if (opts != NULL)
		bson_destroy(opts);
	bson_destroy(&filter);
	return rc;
}

int
sb_kyc_pending(const struct sb_conn *conn, const bson_oid_t *after,
    int64_t limit, int (*fn)(const bson_t *, void *), void *arg,
    bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER, cursor_doc;
	bson_t	*opts;
	int	 rc = 1;

	BSON_APPEND_UTF8(&filter, "status", SB_KYC_SUBMITTED);
	if (after != NULL) {
		int64_t	at;
		int	found = sb_kyc_find(conn, after, 0, &cursor_doc, e);

		at = sb_bson_date(&cursor_doc, "submitted_at");
		bson_destroy(&cursor_doc);
		if (found != 1) {
			bson_destroy(&filter);
			return found;
		}
		/* The page starts after the cursor, oldest first. */
		sb_db_append_after(&filter, "submitted_at", at, after, 1);
	}
	opts = BCON_NEW("sort", "{", "submitted_at", BCON_INT32(1),
	    "_id", BCON_INT32(1), "}", "limit", BCON_INT64(limit),
	    "projection", "{", "document_data", BCON_INT32(0), "}");
	if (sb_db_find_each(conn, SB_COLL_KYC, &filter, opts, fn, arg, e) == -1)
		rc = -1;
	bson_destroy(opts);
	bson_destroy(&filter);
	return rc;
}

int
sb_kyc_set_reviewed(const struct sb_conn *conn, const bson_oid_t *id,
    const char *status, const bson_oid_t *reviewer, const char *notes,
    int64_t at, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, SB_COLL_KYC);
	bson_t			 filter = BSON_INITIALIZER, update = BSON_INITIALIZER;
	bson_t			 set;
	bool			 ok;

	BSON_APPEND_OID(&filter, "_id", id);
	BSON_APPEND_UTF8(&filter, "status", SB_KYC_SUBMITTED);
	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
	BSON_APPEND_UTF8(&set, "status", status);
	BSON_APPEND_OID(&set, "reviewed_by", reviewer);
	BSON_APPEND_DATE_TIME(&set, "reviewed_at", at);
	if (notes != NULL)
		BSON_APPEND_UTF8(&set, "review_notes", notes);
	else
		BSON_APPEND_NULL(&set, "review_notes");
	bson_append_document_end(&update, &set);
	ok = mongoc_collection_update_one(coll, &filter, &update, NULL, NULL, e);
	bson_destroy(&update);
	bson_destroy(&filter);
	mongoc_collection_destroy(coll);
	return ok ? 0 : -1;
}
