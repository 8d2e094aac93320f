/*
 * queue_page.c -- a page of KYCs as auditors list them (queue_page.h).
 */
#include "config.h"
#include "handlers/queue_page.h"

#include <stdio.h>
#include <string.h>

#include "base/conf.h"
#include "base/model.h"
#include "base/util.h"
#include "handlers/answer.h"
#include "handlers/request_db.h"
#include "http/request.h"
#include "store/bsonx.h"
#include "store/customer_key.h"
#include "store/kyc_claim.h"
#include "store/kyc_doc.h"
#include "store/kyc_duplicate.h"
#include "store/user.h"

/*
 * Beyond the seed: what a team triages by.  attempt: the customer's
 * how-many-th submission this is (1 for a first); age_seconds since it was
 * submitted; its holder (claimed_by, claimed_until).
 */
static void
queue_triage(cJSON *o, const bson_t *d, int64_t now, int four_eyes)
{
	struct sb_claim	c;
	int64_t		at = sb_bson_date(d, "submitted_at");

	cJSON_AddNumberToObject(o, "attempt",
	    (double)(sb_bson_int(d, "attempt", 0) + 1));
	cJSON_AddNumberToObject(o, "age_seconds",
	    (double)(at > 0 && now > at ? (now - at) / 1000 : 0));
	sb_claim_of(d, &c);
	sb_answer_claim(o, &c, now);
	sb_answer_approvals(o, d, four_eyes);
}

int
sb_queue_page_item(const bson_t *d, void *arg)
{
	struct sb_queue_page	*q = arg;
	cJSON		*o = cJSON_CreateObject();
	bson_oid_t	 uid;
	char		 key[16];

	sb_answer_oid(o, "kyc_id", d, "_id");
	sb_answer_oid(o, "user_id", d, "user_id");
	/* Copied into the submission when it was made... */
	sb_answer_str(o, d, "user_name");
	sb_answer_str(o, d, "user_email");
	sb_answer_str(o, d, "document_type");
	if (q->with_status)
		sb_answer_str(o, d, "status");
	/* Opened once the page's customers' keys are read (queue_numbers()). */
	cJSON_AddNullToObject(o, "document_number");
	sb_answer_time(o, "submitted_at", d, "submitted_at");
	cJSON_AddItemToArray(q->list, o);
	/* Counted once the page is read (queue_duplicate()). */
	cJSON_AddNumberToObject(o, "duplicate_count", 0);
	queue_triage(o, d, q->now, q->four_eyes);
	if (q->nitems < SB_NELEM(q->items)) {
		q->items[q->nitems].o = o;
		sb_bson_oid(d, "user_id", &q->items[q->nitems].user_id);
		sb_bson_str(d, "number_index", q->items[q->nitems].index,
		    sizeof(q->items[0].index));
		q->items[q->nitems].sealed = bson_copy(d);
		/* An array's keys are 0, 1, 2...: only the items with one. */
		if (q->items[q->nitems].index[0] != '\0') {
			snprintf(key, sizeof(key), "%u", q->nindexes++);
			BSON_APPEND_UTF8(&q->indexes, key,
			    q->items[q->nitems].index);
		}
		q->nitems++;
	}
	/* ...except in the old layout, until smartbank-admin migrate. */
	if (!bson_has_field(d, "user_name") && sb_bson_oid(d, "user_id", &uid)) {
		snprintf(key, sizeof(key), "%u", q->n++);
		BSON_APPEND_OID(&q->ids, key, &uid);
	}
	return SB_NEXT;
}

/*
 * The page's numbers, opened with its customers' keys read in one query
 * (store/customer_key.h).  SB_OK or SB_ERR.
 */
static int
queue_numbers(struct sb_queue_page *q, bson_error_t *e)
{
	struct sb_conn		 conn = *q->conn;
	struct sb_customer_keys	 known = { NULL, 0 };
	bson_oid_t		 users[SB_PAGE_MAX];
	cJSON			*number;

	for (unsigned i = 0; i < q->nitems; i++)
		bson_oid_copy(&q->items[i].user_id, &users[i]);
	if (sb_customer_keys_load(&conn, users, q->nitems, &known, e) ==
	    SB_ERR)
		return SB_ERR;
	conn.known = &known;
	for (unsigned i = 0; i < q->nitems; i++) {
		if (q->items[i].sealed == NULL)
			continue;	/* out of memory when it was read */
		number = sb_answer_number(q->items[i].o, &conn,
		    q->items[i].sealed, NULL);
		/* Masked on request; the detail view (audited) shows it
		 * whole. */
		if (q->mask && cJSON_IsString(number))
			sb_mask_tail(number->valuestring, SB_NUMBER_SHOWN);
	}
	sb_customer_keys_free(&known);
	return SB_OK;
}

/*
 * One KYC with the number of an item of the page: a duplicate of each
 * item of another customer with that number.
 */
static int
queue_duplicate(const bson_t *d, void *arg)
{
	struct sb_queue_page	*q = arg;
	bson_oid_t	 uid;
	char		 index[65];

	sb_bson_str(d, "number_index", index, sizeof(index));
	if (!sb_bson_oid(d, "user_id", &uid))
		return SB_NEXT;
	for (unsigned i = 0; i < q->nitems; i++) {
		cJSON *count;

		if (strcmp(q->items[i].index, index) != 0 ||
		    bson_oid_equal(&q->items[i].user_id, &uid))
			continue;
		count = cJSON_GetObjectItemCaseSensitive(q->items[i].o,
		    "duplicate_count");
		if (count != NULL)	/* out of memory when the item was made */
			cJSON_SetNumberValue(count, count->valuedouble + 1);
	}
	return SB_NEXT;
}

/* One user of the page: their name and email into their old-layout items. */
static int
queue_user(const struct sb_user *u, void *arg)
{
	struct sb_queue_page	*q = arg;
	cJSON		*item;

	cJSON_ArrayForEach(item, q->list) {
		const cJSON *uid = cJSON_GetObjectItemCaseSensitive(item,
		    "user_id");

		if (cJSON_IsString(uid) &&
		    strcmp(uid->valuestring, u->id_hex) == 0 &&
		    cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(item,
		    "user_name"))) {
			cJSON_ReplaceItemInObjectCaseSensitive(item, "user_name",
			    cJSON_CreateString(u->name));
			cJSON_ReplaceItemInObjectCaseSensitive(item, "user_email",
			    cJSON_CreateString(u->email));
		}
	}
	return 0;
}


void
sb_queue_page_init(struct sb_queue_page *q, struct sb_req *req,
    const struct sb_conn *conn)
{
	memset(q, 0, sizeof(*q));
	q->conn = conn;
	q->list = sb_req_array(req);
	q->mask = strcmp(req->cfg->queue_mask_numbers, "on") == 0;
	q->now = sb_now_ms();
	q->four_eyes = strcmp(req->cfg->four_eyes, "on") == 0;
	bson_init(&q->ids);
	bson_init(&q->indexes);
}

/* Complete the page's items once it is read.  SB_OK or SB_ERR (e set). */
static int
finish(struct sb_queue_page *q, bson_error_t *e)
{
	int64_t	n = 0;

	if (q->n > 0)
		n = sb_user_each_by_ids(q->conn, &q->ids, queue_user, q, e);
	if (n != SB_ERR && !bson_empty(&q->indexes))
		n = sb_kyc_same_numbers(q->conn, &q->indexes, queue_duplicate,
		    q, e);
	if (n != SB_ERR)
		n = queue_numbers(q, e);
	return n == SB_ERR ? SB_ERR : SB_OK;
}

int
sb_queue_page_reply(struct sb_queue_page *q, struct sb_req *req, int64_t n,
    bson_error_t *e)
{
	if (n != SB_ERR)
		n = finish(q, e);
	for (unsigned i = 0; i < q->nitems; i++)
		if (q->items[i].sealed != NULL)
			bson_destroy(q->items[i].sealed);
	bson_destroy(&q->indexes);
	bson_destroy(&q->ids);
	if (n == SB_ERR)
		return sb_reply_db_error(req, e);
	return sb_reply_json(req, 200, q->list);
}
