/*
 * kyc.c -- the kyc_doc collection.
 */
#include "config.h"
#include "store/kyc.h"

#include <stdio.h>
#include <string.h>

#include "store/bsonx.h"
#include "store/user.h"

int
sb_kyc_latest(const struct sb_conn *conn, const bson_oid_t *user_id,
    int64_t *count, char status[16], bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, SB_COLL_KYC);
	bson_t			 filter = BSON_INITIALIZER;
	bson_t			*opts = BCON_NEW("sort", "{",
	    "submitted_at", BCON_INT32(-1), "_id", BCON_INT32(-1), "}",
	    "limit", BCON_INT64(1));
	mongoc_cursor_t		*cur;
	const bson_t		*d;
	int			 rc = 0;

	status[0] = '\0';
	BSON_APPEND_OID(&filter, "user_id", user_id);
	*count = mongoc_collection_count_documents(coll, &filter, NULL, NULL,
	    NULL, e);
	if (*count < 0) {
		rc = -1;
	} else if (*count > 0) {
		cur = mongoc_collection_find_with_opts(coll, &filter, opts,
		    NULL);
		if (mongoc_cursor_next(cur, &d))
			sb_bson_str(d, "status", status, 16);
		else if (mongoc_cursor_error(cur, e))
			rc = -1;
		mongoc_cursor_destroy(cur);
	}
	bson_destroy(opts);
	bson_destroy(&filter);
	mongoc_collection_destroy(coll);
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
	BSON_APPEND_NULL(&doc, "reviewed_by");
	BSON_APPEND_NULL(&doc, "review_notes");
	BSON_APPEND_NULL(&doc, "reviewed_at");
	ok = mongoc_collection_insert_one(coll, &doc, NULL, NULL, e);
	bson_destroy(&doc);
	mongoc_collection_destroy(coll);
	return ok ? 0 : -1;
}
