/*
 * kyc_upload.c -- uploads under way.
 */
#include "config.h"
#include "store/kyc_upload.h"

#include "base/model.h"
#include "store/collections.h"

int
sb_kyc_upload_begin(const struct sb_conn *conn, const bson_oid_t *id,
    const bson_oid_t *user_id, int64_t at, bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER;
	int	rc;

	BSON_APPEND_OID(&doc, "_id", id);
	BSON_APPEND_OID(&doc, "user_id", user_id);
	BSON_APPEND_DATE_TIME(&doc, "at", at);
	rc = sb_db_insert(conn, SB_COLL_UPLOAD, &doc, e);
	bson_destroy(&doc);
	return rc;
}

int
sb_kyc_upload_end(const struct sb_conn *conn, const bson_oid_t *id,
    bson_error_t *e)
{
	return sb_db_delete_by_id(conn, SB_COLL_UPLOAD, id, e);
}

int64_t
sb_kyc_upload_stale(const struct sb_conn *conn, int64_t before_ms,
    bson_oid_t *out, int64_t max, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("at", "{", "$lt", BCON_DATE_TIME(before_ms),
	    "}");
	int64_t	 n = sb_db_ids(conn, SB_COLL_UPLOAD, filter, NULL, out, max, e);

	bson_destroy(filter);
	return n;
}
