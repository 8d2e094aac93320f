/*
 * throttle.c -- failed-login documents and lockout markers.
 */
#include "config.h"
#include "store/throttle.h"

#include <stdio.h>

#include "store/bsonx.h"

static void
window_filter(bson_t *f, const char *key, int64_t since_ms)
{
	bson_t at;

	BSON_APPEND_UTF8(f, "key", key);
	BSON_APPEND_DOCUMENT_BEGIN(f, "at", &at);
	BSON_APPEND_DATE_TIME(&at, "$gt", since_ms);
	bson_append_document_end(f, &at);
}

int
sb_throttle_count(const struct sb_conn *conn, const char *key, int64_t now_ms,
    int64_t window_s, struct sb_throttle *t, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, SB_COLL_LOGIN_FAILURE);
	bson_t			 filter = BSON_INITIALIZER, d = BSON_INITIALIZER;
	bson_t			*opts = BCON_NEW("sort", "{", "at", BCON_INT32(1),
	    "}");
	int			 rc = 0;

	t->failures = t->oldest_ms = t->retry_after_s = 0;
	window_filter(&filter, key, now_ms - window_s * 1000);
	t->failures = mongoc_collection_count_documents(coll, &filter, NULL,
	    NULL, NULL, e);
	mongoc_collection_destroy(coll);
	if (t->failures < 0) {
		rc = -1;
	} else if (t->failures > 0) {
		/* sb_db_find_one() starts d afresh; it was empty. */
		if (sb_db_find_one(conn, SB_COLL_LOGIN_FAILURE, &filter, opts,
		    &d, e) == -1) {
			rc = -1;
		} else {
			t->oldest_ms = sb_bson_date(&d, "at");
			t->retry_after_s = (t->oldest_ms + window_s * 1000 -
			    now_ms + 999) / 1000;
			if (t->retry_after_s < 1)
				t->retry_after_s = 1;
		}
	}
	bson_destroy(&d);
	bson_destroy(opts);
	bson_destroy(&filter);
	return rc;
}

int
sb_throttle_fail(const struct sb_conn *conn, const char *key, int64_t now_ms,
    int64_t window_s, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, SB_COLL_LOGIN_FAILURE);
	bson_t			 doc = BSON_INITIALIZER, old = BSON_INITIALIZER;
	bson_t			 at;
	bool			 ok;

	BSON_APPEND_UTF8(&doc, "key", key);
	BSON_APPEND_DATE_TIME(&doc, "at", now_ms);
	ok = mongoc_collection_insert_one(coll, &doc, NULL, NULL, e);
	if (ok) {
		/* Housekeeping; a failure here costs nothing but space. */
		BSON_APPEND_UTF8(&old, "key", key);
		BSON_APPEND_DOCUMENT_BEGIN(&old, "at", &at);
		BSON_APPEND_DATE_TIME(&at, "$lte", now_ms - window_s * 1000);
		bson_append_document_end(&old, &at);
		(void)mongoc_collection_delete_many(coll, &old, NULL, NULL,
		    NULL);
	}
	bson_destroy(&old);
	bson_destroy(&doc);
	mongoc_collection_destroy(coll);
	return ok ? 0 : -1;
}

int
sb_throttle_clear(const struct sb_conn *conn, const char *key, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, SB_COLL_LOGIN_FAILURE);
	bson_t			 filter = BSON_INITIALIZER;
	bool			 ok;

	BSON_APPEND_UTF8(&filter, "key", key);
	ok = mongoc_collection_delete_many(coll, &filter, NULL, NULL, e);
	bson_destroy(&filter);
	mongoc_collection_destroy(coll);
	return ok ? 0 : -1;
}

int
sb_throttle_note_lockout(const struct sb_conn *conn, const char *key,
    int64_t oldest_ms, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, SB_COLL_LOGIN_LOCKOUT);
	bson_t			 doc = BSON_INITIALIZER;
	char			 id[512];
	int			 rc;

	/* The _id decides: only the first worker to note it may audit it. */
	snprintf(id, sizeof(id), "%s@%lld", key, (long long)oldest_ms);
	BSON_APPEND_UTF8(&doc, "_id", id);
	BSON_APPEND_DATE_TIME(&doc, "at", oldest_ms);
	if (mongoc_collection_insert_one(coll, &doc, NULL, NULL, e))
		rc = 1;
	else
		rc = sb_db_error_is_duplicate(e) ? 0 : -1;
	bson_destroy(&doc);
	mongoc_collection_destroy(coll);
	return rc;
}
