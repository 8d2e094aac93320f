/*
 * kyc_retention.c -- the kyc_docs the retention rules purge, and the
 * shredding of one (kyc_retention.h).
 */
#include "config.h"
#include "store/kyc_retention.h"

#include <string.h>

#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"

/* Not purged yet: {document_purged_at: {$exists: false}} into f. */
static void
kept(bson_t *f)
{
	bson_t	sub;

	BSON_APPEND_DOCUMENT_BEGIN(f, "document_purged_at", &sub);
	BSON_APPEND_BOOL(&sub, "$exists", false);
	bson_append_document_end(f, &sub);
}

int64_t
sb_kyc_rejected_before(const struct sb_conn *conn, int64_t cutoff,
    bson_oid_t *out, int64_t max, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER, sub;
	int64_t	n;

	BSON_APPEND_UTF8(&filter, "status", SB_KYC_REJECTED);
	BSON_APPEND_DOCUMENT_BEGIN(&filter, "reviewed_at", &sub);
	BSON_APPEND_DATE_TIME(&sub, "$lt", cutoff);
	bson_append_document_end(&filter, &sub);
	kept(&filter);
	n = sb_db_ids(conn, SB_COLL_KYC, &filter, NULL, out, max, e);
	bson_destroy(&filter);
	return n;
}

int64_t
sb_kyc_kept_of_user(const struct sb_conn *conn, const bson_oid_t *user_id,
    bson_oid_t *out, int64_t max, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER;
	int64_t	n;

	BSON_APPEND_OID(&filter, "user_id", user_id);
	kept(&filter);
	n = sb_db_ids(conn, SB_COLL_KYC, &filter, NULL, out, max, e);
	bson_destroy(&filter);
	return n;
}

int
sb_kyc_shred(const struct sb_conn *conn, const bson_oid_t *id,
    const char *rule, int64_t at, const bson_oid_t *entry, bson_error_t *e)
{
	bson_t	*update = BCON_NEW(
	    "$set", "{", "document_purged_at", BCON_DATE_TIME(at),
	    "purge_rule", BCON_UTF8(rule), "purge_entry", BCON_OID(entry),
	    "duplicate", BCON_BOOL(false), "}",
	    "$unset", "{", "dek", BCON_UTF8(""), "document_number",
	    BCON_UTF8(""), "document_data", BCON_UTF8(""), "number_index",
	    BCON_UTF8(""), "document_sha256", BCON_UTF8(""), "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_KYC, id, update, e);

	bson_destroy(update);
	return rc;
}

struct purges {
	struct sb_purge	*out;
	int64_t		 n;
};

static int
purge_one(const bson_t *d, void *arg)
{
	struct purges	*c = arg;
	struct sb_purge *p = &c->out[c->n];

	memset(p, 0, sizeof(*p));
	if (!sb_bson_oid(d, "_id", &p->id) ||
	    !sb_bson_oid(d, "purge_entry", &p->entry))
		return SB_NEXT;
	sb_bson_oid(d, "user_id", &p->user_id);
	sb_bson_str(d, "purge_rule", p->rule, sizeof(p->rule));
	p->at = sb_bson_date(d, "document_purged_at");
	c->n++;
	return SB_NEXT;
}

int64_t
sb_kyc_purges_pending(const struct sb_conn *conn, struct sb_purge *out,
    int64_t max, bson_error_t *e)
{
	struct purges	 c = { out, 0 };
	bson_t	*filter = BCON_NEW("purge_entry", "{", "$exists",
	    BCON_BOOL(true), "}");
	bson_t	*opts = BCON_NEW("limit", BCON_INT64(max), "projection", "{",
	    "user_id", BCON_INT32(1), "purge_entry", BCON_INT32(1),
	    "purge_rule", BCON_INT32(1), "document_purged_at", BCON_INT32(1),
	    "}");
	int64_t	 n = sb_db_find_each(conn, SB_COLL_KYC, filter, opts, purge_one,
	    &c, e);

	bson_destroy(opts);
	bson_destroy(filter);
	return n == SB_ERR ? SB_ERR : c.n;
}

int
sb_kyc_purge_done(const struct sb_conn *conn, const bson_oid_t *id,
    bson_error_t *e)
{
	return sb_db_unset_by_id(conn, SB_COLL_KYC, id, "purge_entry", e);
}
