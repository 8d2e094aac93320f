/*
 * kyc_queue.c -- the review queue's reads of kyc_doc (kyc_queue.h): a page
 * that filters, the queue's counts, the auditors' searches.
 */
#include "config.h"
#include "store/kyc_queue.h"

#include <string.h>

#include "base/keyring.h"
#include "base/model.h"
#include "base/seal.h"
#include "base/util.h"
#include "base/validate.h"
#include "store/bsonx.h"
#include "store/collections.h"

/* Never the bytes of the old layout (document_data). */
#define WITHOUT_DATA	"projection", "{", "document_data", BCON_INT32(0), "}"

/*
 * The queue after an item of the old layout, without a queue_key: the
 * others without one after it in (submitted_at, _id), then all with one.
 */
static void
after_unkeyed(bson_t *filter, const struct sb_cursor *c)
{
	bson_t	or, unkeyed, keyed, type;

	BSON_APPEND_ARRAY_BEGIN(filter, "$or", &or);
	BSON_APPEND_DOCUMENT_BEGIN(&or, "0", &unkeyed);
	BSON_APPEND_NULL(&unkeyed, "queue_key");
	sb_db_append_after(&unkeyed, "submitted_at", c, 1);
	bson_append_document_end(&or, &unkeyed);
	BSON_APPEND_DOCUMENT_BEGIN(&or, "1", &keyed);
	BSON_APPEND_DOCUMENT_BEGIN(&keyed, "queue_key", &type);
	BSON_APPEND_UTF8(&type, "$type", "string");
	bson_append_document_end(&keyed, &type);
	bson_append_document_end(&or, &keyed);
	bson_append_array_end(filter, &or);
}

void
sb_kyc_append_queued(bson_t *filter)
{
	bson_t	cmp;

	BSON_APPEND_UTF8(filter, "status", SB_KYC_SUBMITTED);
	/* Checked on each item of the range: closures are rare. */
	BSON_APPEND_DOCUMENT_BEGIN(filter, "customer_closed_at", &cmp);
	BSON_APPEND_BOOL(&cmp, "$exists", false);
	bson_append_document_end(filter, &cmp);
}

int
sb_kyc_leave_queue(const struct sb_conn *conn, const bson_oid_t *user_id,
    int64_t at, bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER;
	bson_t	*update = BCON_NEW("$set", "{", "customer_closed_at",
	    BCON_DATE_TIME(at), "}");
	int	 rc;

	BSON_APPEND_OID(&filter, "user_id", user_id);
	sb_kyc_append_queued(&filter);
	rc = sb_db_update_many(conn, SB_COLL_KYC, &filter, update, e);
	bson_destroy(update);
	bson_destroy(&filter);
	return rc;
}

void
sb_kyc_append_nobody_holds(bson_t *filter, int64_t now)
{
	bson_t	and, both, or, a, b, cmp;

	/* Under $and: after_unkeyed() may have taken the $or key. */
	BSON_APPEND_ARRAY_BEGIN(filter, "$and", &and);
	BSON_APPEND_DOCUMENT_BEGIN(&and, "0", &both);
	BSON_APPEND_ARRAY_BEGIN(&both, "$or", &or);
	BSON_APPEND_DOCUMENT_BEGIN(&or, "0", &a);
	BSON_APPEND_DOCUMENT_BEGIN(&a, "claim.until", &cmp);
	BSON_APPEND_BOOL(&cmp, "$exists", false);
	bson_append_document_end(&a, &cmp);
	bson_append_document_end(&or, &a);
	BSON_APPEND_DOCUMENT_BEGIN(&or, "1", &b);
	BSON_APPEND_DOCUMENT_BEGIN(&b, "claim.until", &cmp);
	BSON_APPEND_DATE_TIME(&cmp, "$lte", now);
	bson_append_document_end(&b, &cmp);
	bson_append_document_end(&or, &b);
	bson_append_array_end(&both, &or);
	bson_append_document_end(&and, &both);
	bson_append_array_end(filter, &and);
}

/* The queue's filter (kyc_queue.h says which index answers each part). */
static void
queue_filter(bson_t *filter, const struct sb_queue_filter *q,
    const struct sb_queue_cursor *after)
{
	int	dated = q->has_from || q->has_to;
	char	at[SB_ISO8601_LEN];
	bson_t	cmp;

	sb_kyc_append_queued(filter);
	if (q->document_type != NULL)
		BSON_APPEND_UTF8(filter, "document_type", q->document_type);
	if (q->duplicate != SB_DUPLICATE_ANY)
		BSON_APPEND_BOOL(filter, "duplicate",
		    q->duplicate == SB_DUPLICATE_ONLY);
	if (q->holder == SB_HOLDER_ME) {
		BSON_APPEND_OID(filter, "claim.by", q->me);
		BSON_APPEND_DOCUMENT_BEGIN(filter, "claim.until", &cmp);
		BSON_APPEND_DATE_TIME(&cmp, "$gt", q->now);
		bson_append_document_end(filter, &cmp);
	}
	if (dated || (after != NULL && after->key[0] != '\0')) {
		/* One range of queue_key: its text starts with the time. */
		BSON_APPEND_DOCUMENT_BEGIN(filter, "queue_key", &cmp);
		if (after != NULL && after->key[0] != '\0')
			BSON_APPEND_UTF8(&cmp, "$gt", after->key);
		if (q->has_from) {
			sb_iso8601(q->from_ms, at);
			BSON_APPEND_UTF8(&cmp, "$gte", at);
		}
		if (q->has_to) {
			sb_iso8601(q->to_ms + 1, at);
			BSON_APPEND_UTF8(&cmp, "$lt", at);
		}
		/* A page after an item without a key: all with one. */
		if (after != NULL && after->key[0] == '\0' && !q->has_from)
			BSON_APPEND_UTF8(&cmp, "$gte", "");
		bson_append_document_end(filter, &cmp);
	} else if (after != NULL) {
		after_unkeyed(filter, &after->item);
	}
	if (q->holder == SB_HOLDER_NONE)
		sb_kyc_append_nobody_holds(filter, q->now);
}

int64_t
sb_kyc_pending(const struct sb_conn *conn, const struct sb_queue_filter *q,
    const struct sb_queue_cursor *after, int64_t limit,
    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER;
	bson_t	*opts = BCON_NEW("sort", "{", "queue_key", BCON_INT32(1),
	    "submitted_at", BCON_INT32(1), "_id", BCON_INT32(1), "}",
	    "limit", BCON_INT64(limit), WITHOUT_DATA);
	int64_t	 n;

	queue_filter(&filter, q, after);
	n = sb_db_find_each(conn, SB_COLL_KYC, &filter, opts, fn, arg, e);
	bson_destroy(opts);
	bson_destroy(&filter);
	return n;
}

/* One group of the summary's pipeline: {_id: type, n}. */
static int
summary_group(const bson_t *d, void *arg)
{
	struct sb_queue_summary	*s = arg;
	char			 type[32];
	int64_t			 n = sb_bson_int(d, "n", 0);
	const char		*t;

	s->count += n;
	sb_bson_str(d, "_id", type, sizeof(type));
	for (size_t i = 0; i < SB_QUEUE_TYPES_MAX &&
	    (t = sb_document_type(i)) != NULL; i++)
		if (strcmp(t, type) == 0)
			s->by_type[i] = n;
	return SB_NEXT;
}

static int
summary_oldest(const bson_t *d, void *arg)
{
	((struct sb_queue_summary *)arg)->oldest_at = sb_bson_date(d,
	    "submitted_at");
	return SB_STOP;
}

int
sb_kyc_queue_summary(const struct sb_conn *conn,
    const struct sb_queue_filter *q, struct sb_queue_summary *s,
    bson_error_t *e)
{
	bson_t	 pipeline = BSON_INITIALIZER, stage, match, group, id;
	int64_t	 n;

	memset(s, 0, sizeof(*s));
	/* [{$match: the queue's filter}, {$group: {_id: "$document_type",
	 * n: {$sum: 1}}}]: the count is the sum of the groups. */
	BSON_APPEND_DOCUMENT_BEGIN(&pipeline, "0", &stage);
	BSON_APPEND_DOCUMENT_BEGIN(&stage, "$match", &match);
	queue_filter(&match, q, NULL);
	bson_append_document_end(&stage, &match);
	bson_append_document_end(&pipeline, &stage);
	BSON_APPEND_DOCUMENT_BEGIN(&pipeline, "1", &stage);
	BSON_APPEND_DOCUMENT_BEGIN(&stage, "$group", &group);
	BSON_APPEND_UTF8(&group, "_id", "$document_type");
	BSON_APPEND_DOCUMENT_BEGIN(&group, "n", &id);
	BSON_APPEND_INT32(&id, "$sum", 1);
	bson_append_document_end(&group, &id);
	bson_append_document_end(&stage, &group);
	bson_append_document_end(&pipeline, &stage);
	n = sb_db_aggregate_each(conn, SB_COLL_KYC, &pipeline, summary_group,
	    s, e);
	bson_destroy(&pipeline);
	if (n == SB_ERR)
		return SB_ERR;
	if (s->count > 0 &&
	    sb_kyc_pending(conn, q, NULL, 1, summary_oldest, s, e) == SB_ERR)
		return SB_ERR;
	return SB_OK;
}

/* {number_index: {$in: [its blind index under each type]}}; 0 or -1. */
static int
number_filter(const struct sb_conn *conn, const char *number, bson_t *filter)
{
	bson_t		 in, list;
	char		 index[65], key[16];
	const char	*t;
	unsigned	 n = 0;

	BSON_APPEND_DOCUMENT_BEGIN(filter, "number_index", &in);
	BSON_APPEND_ARRAY_BEGIN(&in, "$in", &list);
	for (size_t i = 0; (t = sb_document_type(i)) != NULL; i++) {
		if (sb_blind_index(conn->keys->index_key, t, number,
		    index) == SB_ERR)
			continue;
		snprintf(key, sizeof(key), "%u", n++);
		BSON_APPEND_UTF8(&list, key, index);
	}
	bson_append_array_end(&in, &list);
	bson_append_document_end(filter, &in);
	return n > 0 ? SB_OK : SB_ERR;
}

int64_t
sb_kyc_search(const struct sb_conn *conn, enum sb_search by, const char *value,
    int64_t limit, int (*fn)(const bson_t *, void *), void *arg,
    bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER, range;
	bson_t	*opts;
	char	 end[SB_NAME_KEY_SIZE + 4];
	int64_t	 n = 0;

	if (by == SB_SEARCH_NAME) {
		/* The keys that start with value: [value, value U+10FFFF). */
		snprintf(end, sizeof(end), "%s\xf4\x8f\xbf\xbf", value);
		BSON_APPEND_DOCUMENT_BEGIN(&filter, "user_name_key", &range);
		BSON_APPEND_UTF8(&range, "$gte", value);
		BSON_APPEND_UTF8(&range, "$lt", end);
		bson_append_document_end(&filter, &range);
		opts = BCON_NEW("sort", "{", "user_name_key", BCON_INT32(1),
		    "_id", BCON_INT32(1), "}", "limit", BCON_INT64(limit),
		    WITHOUT_DATA);
	} else {
		if (by == SB_SEARCH_EMAIL)
			BSON_APPEND_UTF8(&filter, "user_email", value);
		else if (number_filter(conn, value, &filter) == -1)
			limit = 0;	/* nothing a number could be */
		/* A customer's or a number's few KYCs, sorted after the
		 * index's range. */
		opts = BCON_NEW("sort", "{", "submitted_at", BCON_INT32(-1),
		    "_id", BCON_INT32(-1), "}", "limit", BCON_INT64(limit),
		    WITHOUT_DATA);
	}
	if (limit > 0)
		n = sb_db_find_each(conn, SB_COLL_KYC, &filter, opts, fn, arg,
		    e);
	bson_destroy(opts);
	bson_destroy(&filter);
	return n;
}
