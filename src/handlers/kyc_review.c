/*
 * kyc_review.c -- the auditor's side of KYC: the queue, one document, and
 * the decision.  The front line has already checked that the caller is an
 * auditor (403 otherwise).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/conf.h"
#include "base/json.h"
#include "base/model.h"
#include "base/util.h"
#include "handlers/answer.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "handlers/review.h"
#include "http/page.h"
#include "http/request.h"
#include "ops/decision.h"
#include "ops/view.h"
#include "store/bsonx.h"
#include "store/customer_key.h"
#include "store/kyc_claim.h"
#include "store/kyc_doc.h"
#include "store/kyc_duplicate.h"
#include "store/kyc_document.h"
#include "store/user.h"


/*
 * document_data as it was uploaded, written into the answer in place: the
 * bytes in base64, encoded a slice at a time, or the text as a JSON string.
 * Neither the encoded scan nor the printed answer is ever held whole.
 */
struct document_value {
	const struct sb_document_view	*v;
	char				*json;	/* the text, as a JSON string */
};

#define B64_SLICE	(3 * 16384)	/* bytes encoded per write */

static void
write_document(struct sb_req *req, void *arg)
{
	const struct document_value	*d = arg;
	const struct sb_document_view	*v = d->v;
	char				 out[B64_SLICE / 3 * 4 + 1];

	if (d->json != NULL) {
		sb_req_write(req, d->json, strlen(d->json));
		return;
	}
	sb_req_write(req, "\"", 1);
	for (size_t at = 0; at < v->size; at += B64_SLICE) {
		size_t n = v->size - at < B64_SLICE ? v->size - at : B64_SLICE;

		sb_req_write(req, out, sb_base64_encode_into(v->bytes + at, n,
		    out));
	}
	sb_req_write(req, "\"", 1);
}

/*
 * The JSON value document_data answers, and its length.  The old layout's
 * inline string and a text document are printed as JSON strings (they may
 * need escapes); a scan's base64 needs none.  SB_OK, or SB_ERR when out of
 * memory.
 */
static int
document_value(struct sb_req *req, const struct sb_document_view *v,
    struct document_value *d, size_t *len)
{
	cJSON	*str;
	char	*text = NULL;

	d->v = v;
	d->json = NULL;
	if (v->inline_data == NULL && strcmp(v->encoding, "text") != 0) {
		*len = (v->size + 2) / 3 * 4 + 2;
		return SB_OK;
	}
	if (v->inline_data == NULL) {
		if ((text = malloc(v->size + 1)) == NULL)
			return SB_ERR;
		memcpy(text, v->bytes, v->size);
		text[v->size] = '\0';
	}
	str = cJSON_CreateStringReference(text != NULL ? text : v->inline_data);
	d->json = sb_req_keep(req, cJSON_PrintUnformatted(str));
	cJSON_Delete(str);
	free(text);
	if (d->json == NULL)
		return SB_ERR;
	*len = strlen(d->json);
	return SB_OK;
}

/* At most this many duplicates are listed in one KYC's answer. */
#define DUPLICATES_SHOWN	10

static int
duplicate_item(const bson_t *d, void *list)
{
	cJSON *o;

	if (cJSON_GetArraySize(list) >= DUPLICATES_SHOWN)
		return 0;
	o = cJSON_CreateObject();
	cJSON_AddItemToArray(list, o);
	sb_answer_oid(o, "kyc_id", d, "_id");
	sb_answer_oid(o, "user_id", d, "user_id");
	sb_answer_str(o, d, "status");
	/* Beyond the seed: who the other customer is, as they submitted. */
	sb_answer_str(o, d, "user_name");
	sb_answer_str(o, d, "user_email");
	return 0;
}

/* The customer's submissions before this one, as the team reviews them. */
#define EARLIER_SHOWN	20

struct earlier {
	bson_t		 reviewers;	/* their ids, for one read */
	cJSON		*list;
	int64_t		 at;		/* this KYC's submitted_at */
	unsigned	 n;
	bson_oid_t	 id;		/* this KYC */
};

static int
earlier_item(const bson_t *d, void *arg)
{
	struct earlier	*c = arg;
	bson_oid_t	 id, by;
	int64_t		 at = sb_bson_date(d, "submitted_at");
	cJSON		*o;
	char		 key[16];

	/* Newest first: those after this one (and itself) are passed. */
	if (!sb_bson_oid(d, "_id", &id) || bson_oid_equal(&id, &c->id) ||
	    at > c->at || (at == c->at && bson_oid_compare(&id, &c->id) > 0))
		return SB_NEXT;
	o = cJSON_CreateObject();
	cJSON_AddItemToArray(c->list, o);
	sb_answer_oid(o, "kyc_id", d, "_id");
	sb_answer_str(o, d, "document_type");
	sb_answer_str(o, d, "status");
	sb_answer_time(o, "submitted_at", d, "submitted_at");
	sb_answer_time(o, "reviewed_at", d, "reviewed_at");
	sb_answer_oid(o, "reviewed_by", d, "reviewed_by");
	sb_answer_str(o, d, "review_notes");
	sb_answer_rejection(o, d, 1);
	if (sb_bson_oid(d, "reviewed_by", &by)) {
		snprintf(key, sizeof(key), "%u", c->n++);
		BSON_APPEND_OID(&c->reviewers, key, &by);
	}
	return SB_NEXT;
}

/* A reviewer of the earlier submissions: their email beside their id. */
static int
earlier_reviewer(const struct sb_user *u, void *arg)
{
	const struct earlier	*c = arg;
	cJSON			*item;

	cJSON_ArrayForEach(item, c->list) {
		const cJSON *by = cJSON_GetObjectItemCaseSensitive(item,
		    "reviewed_by");

		if (cJSON_IsString(by) && strcmp(by->valuestring, u->id_hex) == 0)
			cJSON_AddStringToObject(item, "reviewed_by_email",
			    u->email);
	}
	return 0;
}

/*
 * "earlier_submissions": the customer's submissions before this one,
 * newest first, at most EARLIER_SHOWN, each {"kyc_id", "document_type",
 * "status", "submitted_at", "reviewed_at", "reviewed_by",
 * "reviewed_by_email", "review_notes", "rejection"}: one read by the
 * user_submitted index, one of the reviewers.  SB_OK or SB_ERR.
 */
static int
answer_earlier(const struct sb_conn *conn, cJSON *o, const bson_t *doc,
    bson_error_t *e)
{
	struct earlier		c = { .list = cJSON_AddArrayToObject(o,
	    "earlier_submissions"), .at = sb_bson_date(doc, "submitted_at") };
	struct sb_cursor	after;
	bson_oid_t		uid;
	int64_t			n = 0;

	if (c.list == NULL || !sb_bson_oid(doc, "_id", &c.id) ||
	    !sb_bson_oid(doc, "user_id", &uid))
		return SB_OK;
	/* The page after this one, newest first: those before it. */
	bson_oid_copy(&c.id, &after.id);
	after.at = c.at;
	bson_init(&c.reviewers);
	n = sb_kyc_of_user(conn, &uid, &after, EARLIER_SHOWN, earlier_item,
	    &c, e);
	if (n != SB_ERR && c.n > 0)
		n = sb_user_each_by_ids(conn, &c.reviewers, earlier_reviewer,
		    &c, e);
	bson_destroy(&c.reviewers);
	/* The reviewers' emails are missing for any not found: null. */
	if (n != SB_ERR) {
		cJSON *item;

		cJSON_ArrayForEach(item, c.list)
			if (!cJSON_HasObjectItem(item, "reviewed_by_email"))
				cJSON_AddNullToObject(item, "reviewed_by_email");
	}
	return n == SB_ERR ? SB_ERR : SB_OK;
}

/*
 * "duplicates" (other customers' KYCs with the same document number, at
 * most ten, oldest first) and "duplicate_count" (all of them) into o.
 * SB_OK or SB_ERR.
 */
static int
answer_duplicates(const struct sb_conn *conn, cJSON *o, const bson_t *doc,
    bson_error_t *e)
{
	cJSON		*list = cJSON_AddArrayToObject(o, "duplicates");
	bson_oid_t	 uid;
	char		 index[65];
	int64_t		 n = 0;

	sb_bson_str(doc, "number_index", index, sizeof(index));
	if (index[0] != '\0' && sb_bson_oid(doc, "user_id", &uid) &&
	    (n = sb_kyc_duplicates(conn, index, &uid, duplicate_item, list,
	    e)) == SB_ERR)
		return SB_ERR;
	cJSON_AddNumberToObject(o, "duplicate_count", (double)n);
	return SB_OK;
}

/*
 * What the scan was found to be at upload (base/scan.h): an image's width
 * and height, a PDF's pages; absent for text and for older uploads.
 */
static void
answer_dimensions(cJSON *o, const bson_t *doc)
{
	static const char *const keys[] = { "document_width",
	    "document_height", "document_pages" };

	for (size_t i = 0; i < SB_NELEM(keys); i++) {
		int64_t v = sb_bson_int(doc, keys[i], 0);

		if (v > 0)
			cJSON_AddNumberToObject(o, keys[i], (double)v);
	}
}

/* A document view the request owns: released when the answer is written. */
static void
view_release(void *v)
{
	sb_document_view_free(v);
}

static struct sb_document_view *
request_view(struct sb_req *req)
{
	struct sb_document_view *v = malloc(sizeof(*v));

	if (v != NULL)
		sb_document_view_init(v);
	return sb_req_own(req, v, view_release);
}

/*
 * The record's fields beyond its ids, number and bytes: its status and
 * review, and beyond the seed how to read document_data (or when it was
 * purged), what the scan was found to be, and whose it is as the queue
 * shows it (null in the old layout until migrate).
 */
static void
answer_record(cJSON *o, const bson_t *doc, const struct sb_document_view *v,
    int purged)
{
	char	status[SB_STATUS_LEN];

	sb_answer_str(o, doc, "status");
	sb_answer_time(o, "submitted_at", doc, "submitted_at");
	sb_bson_str(doc, "status", status, sizeof(status));
	if (strcmp(status, SB_KYC_SUBMITTED) != 0) {
		sb_answer_oid(o, "reviewed_by", doc, "reviewed_by");
		sb_answer_time(o, "reviewed_at", doc, "reviewed_at");
		sb_answer_str(o, doc, "review_notes");
	}
	if (purged) {
		sb_answer_str(o, doc, "document_encoding");
		sb_answer_str(o, doc, "media_type");
		sb_answer_time(o, "document_purged_at", doc,
		    "document_purged_at");
	} else {
		cJSON_AddStringToObject(o, "document_encoding", v->encoding);
		cJSON_AddStringToObject(o, "media_type", v->media_type);
	}
	answer_dimensions(o, doc);
	sb_answer_str(o, doc, "user_name");
	sb_answer_str(o, doc, "user_email");
}

/* The case's holder, with the caller's own lease as this view renewed it. */
static void
answer_lease(struct sb_req *req, cJSON *o, const bson_t *doc,
    const struct sb_reviewer *r)
{
	struct sb_claim	claim;
	int64_t		now = sb_now_ms();

	sb_claim_of(doc, &claim);
	if (claim.held && claim.until > now &&
	    bson_oid_equal(&claim.by, &req->user->id))
		claim.until = now + r->lease_ms;
	sb_answer_claim(o, &claim, now);
}

/*
 * GET /kyc/{kyc_id}
 * 200 the whole record, with document_data (and its document_encoding and
 * media_type), and reviewed_by, reviewed_at and review_notes once reviewed;
 * 404 "KYC not found"; 422 a malformed id; 500 when its number or scan does
 * not open (fails closed).  Each read is audited (KYC_VIEWED, part
 * "record"): who looked at whose document.
 */
int
sb_handle_kyc_get(struct sb_req *req)
{
	struct sb_actor		 who;
	struct sb_reviewer	 r = sb_req_reviewer(req, &who);
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_document_view	*v;
	struct document_value	 dv;
	bson_oid_t		 id;
	bson_t			*doc = sb_req_bson(req);
	bson_error_t		 e;
	cJSON			*o;
	size_t			 len = 0;
	int			 status, found, purged, unreadable;

	if ((status = sb_path_id(req, 0, "kyc_id", &id)) != SB_OK)
		return status;
	if (sb_decision_finish(&conn, &id, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);
	if ((v = request_view(req)) == NULL)
		return sb_reply_error(req, 500, "Internal server error");
	if ((found = sb_kyc_view(&conn, &who, &id, "record", doc, v, &e)) ==
	    SB_NOTFOUND)
		return sb_reply_error(req, 404, "KYC not found");
	if (found == SB_ERR)
		return sb_reply_db_error(req, &e);
	/* A view is an action on the case: the holder's lease goes on. */
	if (sb_claim_touch(&conn, &r, doc, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);

	o = sb_req_object(req);
	sb_answer_oid(o, "kyc_id", doc, "_id");
	sb_answer_oid(o, "user_id", doc, "user_id");
	sb_answer_str(o, doc, "document_type");
	sb_answer_number(o, &conn, doc, &unreadable);
	if (unreadable)		/* fails closed, as an unreadable scan does */
		return sb_reply_error(req, 500, SB_UNREADABLE_MESSAGE);
	/* Null once purged; else written in place by write_document(). */
	if ((purged = bson_has_field(doc, "document_purged_at")))
		cJSON_AddNullToObject(o, "document_data");
	else if (document_value(req, v, &dv, &len) == SB_OK)
		cJSON_AddRawToObject(o, "document_data", SB_JSON_SPLICE);
	else
		return sb_reply_error(req, 500, "Internal server error");
	answer_record(o, doc, v, purged);
	if (answer_duplicates(&conn, o, doc, &e) == SB_ERR ||
	    answer_earlier(&conn, o, doc, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);
	/* Beyond the seed: why it was rejected, for the team, its approvals
	 * and its holder. */
	sb_answer_rejection(o, doc, 1);
	sb_answer_approvals(o, doc, strcmp(req->cfg->four_eyes, "on") == 0);
	answer_lease(req, o, doc, &r);
	if (purged)
		return sb_reply_json(req, 200, o);
	return sb_reply_json_splice(req, 200, o, len, write_document, &dv);
}

/*
 * 409 "KYC already reviewed", and beyond the seed who decided what, when:
 * {"decision", "reviewed_by": {"id", "email"}, "reviewed_at"}.
 */
static int
reply_already(struct sb_req *req, const struct sb_conn *conn,
    const struct sb_decide_result *res)
{
	cJSON		*o = sb_req_object(req), *by;
	struct sb_user	 u;
	bson_error_t	 e;
	char		 hex[SB_ID_HEX_LEN + 1], at[SB_ISO8601_LEN];

	cJSON_AddStringToObject(o, "detail", "KYC already reviewed");
	if (!res->has_earlier)
		return sb_reply_json(req, 409, o);
	cJSON_AddStringToObject(o, "decision", res->earlier.status);
	bson_oid_to_string(&res->earlier.reviewer_id, hex);
	if ((by = cJSON_AddObjectToObject(o, "reviewed_by")) != NULL) {
		cJSON_AddStringToObject(by, "id", hex);
		/* Named if the read works; the 409 stands either way. */
		if (sb_user_by_id(conn, &res->earlier.reviewer_id, &u, &e) ==
		    SB_FOUND)
			cJSON_AddStringToObject(by, "email", u.email);
		else
			cJSON_AddNullToObject(by, "email");
	}
	sb_iso8601(res->earlier.at, at);
	cJSON_AddStringToObject(o, "reviewed_at", at);
	return sb_reply_json(req, 409, o);
}

/*
 * PUT /kyc/{kyc_id}/approve and /reject, optional {"review_notes"} (for
 * the customer), and beyond the seed "internal_note" (for the team), and
 * for a rejection "reasons" (codes of GET /kyc/reject-reasons) and "kind"
 * (RETRY or FINAL).  200 {"message"}; 404 "KYC not found"; 409 "KYC
 * already reviewed" (also for every decision but the first when many
 * arrive at once; naming who decided), the case held by another auditor
 * (naming them), or "The customer's account is closed"; 422 bad id or
 * fields, or no reasons with SMARTBANK_REQUIRE_REASONS=on; 503.  A case
 * nobody holds is taken and decided in one step (ops/claim.h).
 */
static int
decide(struct sb_req *req, const char *status, const char *message)
{
	struct sb_decision_input in = { .status = status,
	    .notes = sb_input_get(&req->in, "review_notes"),
	    .reasons = sb_input_get(&req->in, "reasons"),
	    .kind = sb_input_get(&req->in, "kind"),
	    .internal_note = sb_input_get(&req->in, "internal_note"),
	    .four_eyes = strcmp(req->cfg->four_eyes, "on") == 0 };
	struct sb_actor		 who;
	struct sb_reviewer	 r = sb_req_reviewer(req, &who);
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_decide_result	 res;
	bson_oid_t		 id;
	bson_error_t		 e;
	cJSON			*o;
	int			 answered;

	if ((answered = sb_path_id(req, 0, "kyc_id", &id)) != SB_OK)
		return answered;
	if (strcmp(status, SB_KYC_REJECTED) == 0 && in.reasons == NULL &&
	    strcmp(req->cfg->require_reasons, "on") == 0)
		return sb_reply_invalid1(req, "body", "reasons", "A rejection "
		    "needs at least one reason (GET /kyc/reject-reasons)",
		    "missing");
	switch (sb_decide(&conn, &r, &id, &in, &res, &e)) {
	case SB_DECIDE_OK:
		break;
	case SB_DECIDE_NOTFOUND:
		return sb_reply_error(req, 404, "KYC not found");
	case SB_DECIDE_ALREADY:
		return reply_already(req, &conn, &res);
	case SB_DECIDE_HELD:
		return sb_reply_held(req, &res.claim.claim);
	case SB_DECIDE_FIRST:
		o = sb_req_object(req);
		cJSON_AddStringToObject(o, "message", "First approval recorded: "
		    "another auditor completes it");
		cJSON_AddNumberToObject(o, "approvals", 1);
		cJSON_AddNumberToObject(o, "approvals_required", 2);
		return sb_reply_json(req, 200, o);
	case SB_DECIDE_SAME_APPROVER:
		return sb_reply_error(req, 409, "The second approval must come "
		    "from another auditor than the first");
	case SB_DECIDE_CLOSED:
		return sb_reply_error(req, 409, "The customer's account is "
		    "closed");
	default:
		return sb_reply_db_error(req, &e);
	}
	o = sb_req_object(req);
	cJSON_AddStringToObject(o, "message", message);
	return sb_reply_json(req, 200, o);
}

int
sb_handle_kyc_approve(struct sb_req *req)
{
	return decide(req, SB_KYC_APPROVED, "KYC approved successfully");
}

int
sb_handle_kyc_reject(struct sb_req *req)
{
	return decide(req, SB_KYC_REJECTED, "KYC rejected successfully");
}
