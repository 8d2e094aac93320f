/*
 * kyc_duplicate.c -- documents whose number another customer has used too
 * (kyc_duplicate.h).
 */
#include "config.h"
#include "store/kyc_duplicate.h"

#include <string.h>

#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"

/* {number_index: index, user_id: {$ne: user_id}}, into f. */
static void
others_filter(bson_t *f, const char *index, const bson_oid_t *user_id)
{
	bson_t	sub;

	bson_init(f);
	BSON_APPEND_UTF8(f, "number_index", index);
	BSON_APPEND_DOCUMENT_BEGIN(f, "user_id", &sub);
	BSON_APPEND_OID(&sub, "$ne", user_id);
	bson_append_document_end(f, &sub);
}

int64_t
sb_kyc_count_duplicates(const struct sb_conn *conn, const char *index,
    const bson_oid_t *user_id, bson_error_t *e)
{
	bson_t	filter;
	int64_t	n;

	if (index == NULL || *index == '\0')
		return 0;
	others_filter(&filter, index, user_id);
	n = sb_db_count(conn, SB_COLL_KYC, &filter, e);
	bson_destroy(&filter);
	return n < 0 ? SB_ERR : n;
}

int64_t
sb_kyc_duplicates(const struct sb_conn *conn, const char *index,
    const bson_oid_t *user_id, int (*fn)(const bson_t *, void *), void *arg,
    bson_error_t *e)
{
	bson_t	 filter;
	bson_t	*opts = BCON_NEW("sort", "{", "submitted_at", BCON_INT32(1),
	    "_id", BCON_INT32(1), "}", "projection", "{", "user_id",
	    BCON_INT32(1), "status", BCON_INT32(1), "user_name", BCON_INT32(1),
	    "user_email", BCON_INT32(1), "}");
	int64_t	 n;

	others_filter(&filter, index, user_id);
	n = sb_db_find_each(conn, SB_COLL_KYC, &filter, opts, fn, arg, e);
	bson_destroy(opts);
	bson_destroy(&filter);
	return n;
}

int64_t
sb_kyc_same_numbers(const struct sb_conn *conn, const bson_t *indexes,
    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER, sub;
	bson_t	*opts = BCON_NEW("projection", "{", "number_index", BCON_INT32(1),
	    "user_id", BCON_INT32(1), "}");
	int64_t	 n;

	BSON_APPEND_DOCUMENT_BEGIN(&filter, "number_index", &sub);
	BSON_APPEND_ARRAY(&sub, "$in", indexes);
	bson_append_document_end(&filter, &sub);
	n = sb_db_find_each(conn, SB_COLL_KYC, &filter, opts, fn, arg, e);
	bson_destroy(opts);
	bson_destroy(&filter);
	return n;
}

int
sb_kyc_mark_duplicates(const struct sb_conn *conn, const char *index,
    bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("number_index", BCON_UTF8(index),
	    "duplicate", "{", "$ne", BCON_BOOL(true), "}");
	bson_t	*update = BCON_NEW("$set", "{", "duplicate", BCON_BOOL(true),
	    "}");
	int	 rc = sb_db_update_many(conn, SB_COLL_KYC, filter, update, e);

	bson_destroy(update);
	bson_destroy(filter);
	return rc;
}

/* The customers of a number's KYCs: the first seen, and whether another. */
struct owners {
	bson_oid_t	first;
	int		seen;
	int		several;
};

static int
owner_seen(const bson_t *d, void *arg)
{
	struct owners	*o = arg;
	bson_oid_t	 uid;

	if (!sb_bson_oid(d, "user_id", &uid))
		return SB_NEXT;
	if (!o->seen) {
		bson_oid_copy(&uid, &o->first);
		o->seen = 1;
	} else if (!bson_oid_equal(&uid, &o->first)) {
		o->several = 1;
		return SB_STOP;
	}
	return SB_NEXT;
}

int
sb_kyc_recount_duplicates(const struct sb_conn *conn, const char *index,
    const bson_oid_t *leaving, bson_error_t *e)
{
	struct owners	 o;
	bson_t		*filter, *opts, *update;
	int		 rc;

	if (index == NULL || *index == '\0')
		return SB_OK;
	memset(&o, 0, sizeof(o));
	filter = BCON_NEW("number_index", BCON_UTF8(index),
	    "_id", "{", "$ne", BCON_OID(leaving), "}");
	opts = BCON_NEW("projection", "{", "user_id", BCON_INT32(1), "}");
	rc = sb_db_find_each(conn, SB_COLL_KYC, filter, opts, owner_seen, &o,
	    e) == SB_ERR ? SB_ERR : SB_OK;
	bson_destroy(opts);
	bson_destroy(filter);
	if (rc == SB_ERR || o.several)
		return rc;
	filter = BCON_NEW("number_index", BCON_UTF8(index),
	    "duplicate", BCON_BOOL(true));
	update = BCON_NEW("$set", "{", "duplicate", BCON_BOOL(false), "}");
	rc = sb_db_update_many(conn, SB_COLL_KYC, filter, update, e);
	bson_destroy(update);
	bson_destroy(filter);
	return rc;
}

int
sb_kyc_set_duplicate(const struct sb_conn *conn, const bson_oid_t *id,
    int dup, bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", "duplicate",
	    BCON_BOOL(dup != 0), "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_KYC, id, update, e);

	bson_destroy(update);
	return rc;
}
