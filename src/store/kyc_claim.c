/*
 * kyc_claim.c -- claims of cases: the kyc_doc's claim field and the
 * kyc_claim collection (see kyc_claim.h).
 */
#include "config.h"
#include "store/kyc_claim.h"
#include "store/kyc_queue.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "store/bsonx.h"
#include "store/collections.h"

void
sb_claim_of(const bson_t *kyc, struct sb_claim *c)
{
	bson_iter_t	it, sub;

	memset(c, 0, sizeof(*c));
	if (!bson_iter_init_find(&it, kyc, "claim") ||
	    !BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &sub))
		return;
	while (bson_iter_next(&sub)) {
		const char *k = bson_iter_key(&sub);

		if (strcmp(k, "gen") == 0 && BSON_ITER_HOLDS_INT(&sub))
			c->gen = bson_iter_as_int64(&sub);
		else if (strcmp(k, "by") == 0 && BSON_ITER_HOLDS_OID(&sub)) {
			bson_oid_copy(bson_iter_oid(&sub), &c->by);
			c->held = 1;
		} else if (strcmp(k, "by_email") == 0 &&
		    BSON_ITER_HOLDS_UTF8(&sub))
			snprintf(c->by_email, sizeof(c->by_email), "%s",
			    bson_iter_utf8(&sub, NULL));
		else if (strcmp(k, "until") == 0 &&
		    BSON_ITER_HOLDS_DATE_TIME(&sub))
			c->until = bson_iter_date_time(&sub);
	}
}

int
sb_claim_held_by_other(const struct sb_claim *c, const bson_oid_t *who,
    int64_t now)
{
	return c->held && c->until > now && !bson_oid_equal(&c->by, who);
}

int
sb_claim_take(const struct sb_conn *conn, const bson_oid_t *kyc, int64_t gen,
    const bson_oid_t *by, int64_t at, bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER;
	char	hex[SB_ID_HEX_LEN + 1], id[SB_ID_HEX_LEN + 24];
	int	rc;

	bson_oid_to_string(kyc, hex);
	snprintf(id, sizeof(id), "%s:%lld", hex, (long long)gen);
	BSON_APPEND_UTF8(&doc, "_id", id);
	BSON_APPEND_OID(&doc, "kyc_id", kyc);
	BSON_APPEND_OID(&doc, "by", by);
	BSON_APPEND_DATE_TIME(&doc, "at", at);
	rc = sb_db_insert(conn, SB_COLL_KYC_CLAIM, &doc, e);
	bson_destroy(&doc);
	if (rc == SB_OK)
		return SB_FOUND;
	return sb_db_error_is_duplicate(e) ? SB_NOTFOUND : SB_ERR;
}

int
sb_claim_write(const struct sb_conn *conn, const bson_oid_t *kyc,
    const struct sb_claim *c, bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", "claim", "{",
	    "gen", BCON_INT64(c->gen), "by", BCON_OID(&c->by),
	    "by_email", BCON_UTF8(c->by_email),
	    "until", BCON_DATE_TIME(c->until), "}", "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_KYC, kyc, update, e);

	bson_destroy(update);
	return rc;
}

int
sb_claim_extend(const struct sb_conn *conn, const bson_oid_t *kyc,
    int64_t gen, const bson_oid_t *by, int64_t until, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("_id", BCON_OID(kyc),
	    "claim.gen", BCON_INT64(gen), "claim.by", BCON_OID(by));
	bson_t	*update = BCON_NEW("$set", "{",
	    "claim.until", BCON_DATE_TIME(until), "}");
	int	 rc = sb_db_update_one(conn, SB_COLL_KYC, filter, update, e);

	bson_destroy(update);
	bson_destroy(filter);
	return rc;
}

int
sb_claim_clear(const struct sb_conn *conn, const bson_oid_t *kyc,
    int64_t gen, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("_id", BCON_OID(kyc),
	    "claim.gen", BCON_INT64(gen));
	bson_t	*update = BCON_NEW("$set", "{", "claim", "{",
	    "gen", BCON_INT64(gen), "}", "}");
	int	 rc = sb_db_update_one(conn, SB_COLL_KYC, filter, update, e);

	bson_destroy(update);
	bson_destroy(filter);
	return rc;
}

int64_t
sb_claim_candidates(const struct sb_conn *conn, int64_t now,
    const bson_oid_t *not_by, bson_oid_t *out, int64_t max, bson_error_t *e)
{
	bson_t	*filter, *sort;
	int64_t	 n;

	/*
	 * status_queue: {status, queue_key, submitted_at, _id}.  The status
	 * is the index range; nobody's claim (no holder, or a lease over)
	 * is checked on each entry as the range is walked, so a page costs
	 * the cases held at its front, at most one per auditor.
	 */
	filter = bson_new();
	sb_kyc_append_queued(filter);
	sb_kyc_append_nobody_holds(filter, now);
	if (not_by != NULL) {
		bson_t sub;

		BSON_APPEND_DOCUMENT_BEGIN(filter, "first_approval.by", &sub);
		BSON_APPEND_OID(&sub, "$ne", not_by);
		bson_append_document_end(filter, &sub);
	}
	sort = BCON_NEW("queue_key", BCON_INT32(1), "submitted_at",
	    BCON_INT32(1), "_id", BCON_INT32(1));
	n = sb_db_ids(conn, SB_COLL_KYC, filter, sort, out, max, e);
	bson_destroy(sort);
	bson_destroy(filter);
	return n;
}
