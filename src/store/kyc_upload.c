/*
 * kyc_upload.c -- uploads under way.
 */
#include "config.h"
#include "store/kyc_upload.h"

#include "base/model.h"
#include "store/bsonx.h"
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
	bson_t	filter = BSON_INITIALIZER;
	int	rc;

	BSON_APPEND_OID(&filter, "_id", id);
	rc = sb_db_delete(conn, SB_COLL_UPLOAD, &filter, e);
	bson_destroy(&filter);
	return rc;
}

struct stale {
	bson_oid_t	*out;
	int64_t		 n, max;
};

static int
stale_one(const bson_t *d, void *arg)
{
	struct stale *s = arg;

	if (s->n >= s->max)
		return -1;
	if (sb_bson_oid(d, "_id", &s->out[s->n]))
		s->n++;
	return 0;
}

int64_t
sb_kyc_upload_stale(const struct sb_conn *conn, int64_t before_ms,
    bson_oid_t *out, int64_t max, bson_error_t *e)
{
	struct stale	 s = { out, 0, max };
	bson_t		*filter = BCON_NEW("at", "{", "$lt",
	    BCON_DATE_TIME(before_ms), "}");
	bson_t		*opts = BCON_NEW("limit", BCON_INT64(max));
	int64_t		 n;

	n = sb_db_find_each(conn, SB_COLL_UPLOAD, filter, opts, stale_one, &s,
	    e);
	bson_destroy(opts);
	bson_destroy(filter);
	return n == SB_ERR ? SB_ERR : s.n;
}
