/*
 * export.c -- GET /users/me/export: everything the bank holds about the
 * caller, as one JSON document written a piece at a time, alone or in a ZIP
 * with the caller's scans.
 *
 * The document: {"export_version", "generated_at", "notice_version",
 * "profile", "consents", "submissions": [...], "audit_trail": [...]}.
 * Its head (profile and consents) is built whole; then each submission
 * and each audit entry is read a page at a time, printed and written
 * before the next is read, so that a customer with fifty submissions
 * costs the worker no more memory than one with one.  Every item says
 * which retention rule keeps it (ops/retention.h).  Nothing about anyone
 * else: other users appear by role only, and the details of an audit entry
 * are those of an allow list.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "base/log.h"
#include "base/model.h"
#include "base/purpose.h"
#include "base/query.h"
#include "base/util.h"
#include "base/zip.h"
#include "handlers/answer.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/request.h"
#include "ops/export.h"
#include "ops/retention.h"
#include "store/bsonx.h"
#include "store/customer_key.h"
#include "store/kyc_doc.h"
#include "store/kyc_document.h"
#include "store/user.h"
#include "store/user_log.h"

#define EXPORT_VERSION	1
#define EXPORT_PAGE	20	/* items read at a time */

/* The details of an audit entry an export shows: about the customer. */
static const char *const shown_details[] = {
	"email", "consents", "notice", "kyc_id", "document_type", "kind",
	"reasons", "review_notes", "reason", "client", "fields", "name_old",
	"name_new", "phone_old", "phone_new", "given", "withdrawn", "rule",
	"retention_days", "part", "format", "until", "approvals",
};

/* The export being written. */
struct writer {
	struct sb_req		*req;
	const struct sb_conn	*conn;
	const struct sb_user	*user;
	struct sb_zip		*zip;		/* with the scans, or NULL */
	int64_t			 items;		/* in the current list */
	int			 failed;	/* an item could not be built */
	struct sb_cursor	 last;		/* of the last item written */
};

/* n bytes of the document: to the client, or into the archive. */
static void
put(struct writer *w, const void *p, size_t n)
{
	if (w->zip == NULL)
		sb_req_write(w->req, p, n);
	else if (sb_zip_write(w->zip, p, n) == SB_ERR)
		w->failed = 1;
}

/* The archive's bytes go to the client as they are made. */
static void
to_client(void *arg, const void *p, size_t n)
{
	sb_req_write(arg, p, n);
}

static void
add_retention(cJSON *o, struct sb_retention r)
{
	cJSON	*ret = cJSON_AddObjectToObject(o, "retention");
	char	 until[SB_ISO8601_LEN];

	cJSON_AddStringToObject(ret, "rule", r.rule);
	if (r.until != 0) {
		sb_iso8601(r.until, until);
		cJSON_AddStringToObject(ret, "until", until);
	} else
		cJSON_AddNullToObject(ret, "until");
}

/* Print item after a comma unless it is the list's first, and free it. */
static void
write_item(struct writer *w, cJSON *item)
{
	char *s = item != NULL ? cJSON_PrintUnformatted(item) : NULL;

	cJSON_Delete(item);
	if (s == NULL) {
		w->failed = 1;
		return;
	}
	if (w->items++ > 0)
		put(w, ",", 1);
	put(w, s, strlen(s));
	cJSON_free(s);
}

static int
submission_item(const bson_t *d, void *arg)
{
	struct writer	*w = arg;
	cJSON		*o = cJSON_CreateObject();
	char		 status[SB_STATUS_LEN];

	if (o == NULL) {
		w->failed = 1;
		return SB_STOP;
	}
	sb_bson_oid(d, "_id", &w->last.id);
	w->last.at = sb_bson_date(d, "submitted_at");
	sb_bson_str(d, "status", status, sizeof(status));
	sb_answer_oid(o, "kyc_id", d, "_id");
	sb_answer_str(o, d, "document_type");
	/* In full: it is the customer's own. */
	sb_answer_number(o, w->conn, d, NULL);
	sb_answer_str(o, d, "status");
	sb_answer_time(o, "submitted_at", d, "submitted_at");
	sb_answer_time(o, "reviewed_at", d, "reviewed_at");
	sb_answer_str(o, d, "review_notes");
	sb_answer_rejection(o, d, 0);
	sb_answer_str(o, d, "media_type");
	cJSON_AddNumberToObject(o, "document_size",
	    (double)sb_bson_int(d, "document_size", 0));
	sb_answer_time(o, "document_purged_at", d, "document_purged_at");
	if (sb_bson_date(d, "document_purged_at") != 0) {
		char rule[32];

		sb_bson_str(d, "purge_rule", rule, sizeof(rule));
		add_retention(o, (struct sb_retention){ "purged", 0 });
		cJSON_AddStringToObject(cJSON_GetObjectItem(o, "retention"),
		    "purged_by", rule);
	} else
		add_retention(o, sb_retention_of(w->req->cfg, status,
		    sb_bson_date(d, "reviewed_at"), w->user->closed_at));
	write_item(w, o);
	return w->failed ? SB_STOP : SB_NEXT;
}

/* An entry's details, those of the allow list only. */
static cJSON *
shown(const bson_t *entry)
{
	cJSON		*o = cJSON_CreateObject();
	bson_iter_t	 it, sub;

	if (o == NULL || !bson_iter_init_find(&it, entry, "details") ||
	    !BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &sub))
		return o;
	while (bson_iter_next(&sub)) {
		const char *key = bson_iter_key(&sub);

		for (size_t i = 0; i < SB_NELEM(shown_details); i++) {
			if (strcmp(key, shown_details[i]) != 0)
				continue;
			if (BSON_ITER_HOLDS_UTF8(&sub))
				cJSON_AddStringToObject(o, key,
				    bson_iter_utf8(&sub, NULL));
			else if (BSON_ITER_HOLDS_INT(&sub))
				cJSON_AddNumberToObject(o, key,
				    (double)bson_iter_as_int64(&sub));
			break;
		}
	}
	return o;
}

static int
audit_item(const bson_t *d, void *arg)
{
	struct writer	*w = arg;
	cJSON		*o = cJSON_CreateObject();
	bson_oid_t	 actor;
	int		 own;

	if (o == NULL) {
		w->failed = 1;
		return SB_STOP;
	}
	sb_bson_oid(d, "_id", &w->last.id);
	w->last.at = sb_bson_date(d, "timestamp");
	own = sb_bson_oid(d, "actor_id", &actor) &&
	    bson_oid_equal(&actor, &w->user->id);
	cJSON_AddNumberToObject(o, "seq", (double)sb_bson_int(d, "seq", -1));
	sb_answer_str(o, d, "action");
	sb_answer_time(o, "timestamp", d, "timestamp");
	/* Others by their role; their addresses are theirs. */
	sb_answer_str(o, d, "actor_role");
	cJSON_AddBoolToObject(o, "by_you", own);
	if (own)
		sb_answer_str(o, d, "ip_address");
	else
		cJSON_AddNullToObject(o, "ip_address");
	cJSON_AddItemToObject(o, "details", shown(d));
	add_retention(o, (struct sb_retention){ "audit_trail", 0 });
	write_item(w, o);
	return w->failed ? SB_STOP : SB_NEXT;
}

/* The head: everything up to the lists, as text without its last "}". */
static char *
head(struct sb_req *req, const struct sb_consent *c)
{
	const struct sb_user	*u = req->user;
	cJSON			*o = cJSON_CreateObject(), *p, *list;
	char			 at[SB_ISO8601_LEN], *s;

	if (o == NULL)
		return NULL;
	cJSON_AddNumberToObject(o, "export_version", EXPORT_VERSION);
	sb_iso8601(sb_now_ms(), at);
	cJSON_AddStringToObject(o, "generated_at", at);
	cJSON_AddStringToObject(o, "notice_version", SB_NOTICE_VERSION);
	p = cJSON_AddObjectToObject(o, "profile");
	sb_answer_profile(p, u);
	add_retention(p, sb_retention_of(req->cfg, NULL, 0, u->closed_at));
	list = cJSON_AddArrayToObject(o, "consents");
	for (size_t i = 0; i < sb_npurposes; i++) {
		cJSON *item = cJSON_CreateObject();

		cJSON_AddItemToArray(list, item);
		cJSON_AddStringToObject(item, "purpose", sb_purposes[i].name);
		cJSON_AddBoolToObject(item, "given",
		    sb_purposes[i].required || c[i].given);
		if (c[i].at != 0) {
			sb_iso8601(c[i].at, at);
			cJSON_AddStringToObject(item, "at", at);
			cJSON_AddStringToObject(item, "notice_version",
			    c[i].notice);
		} else {
			cJSON_AddNullToObject(item, "at");
			cJSON_AddNullToObject(item, "notice_version");
		}
	}
	s = sb_json_alloc_failed() ? NULL : cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (s != NULL)
		s[strlen(s) - 1] = '\0';	/* the lists follow */
	return s;
}

/* Every page of a list, each item written as it is read.  SB_OK/SB_ERR. */
static int
write_list(struct writer *w, int submissions, bson_error_t *e)
{
	struct sb_log_filter	f = { .user_id = &w->user->id };
	int64_t			n;
	int			more = 1;

	w->items = 0;
	for (int page = 0; more && !w->failed; page++) {
		const struct sb_cursor *after = page > 0 ? &w->last : NULL;

		n = submissions ? sb_kyc_of_user(w->conn, &w->user->id, after,
		    EXPORT_PAGE, submission_item, w, e) :
		    sb_user_log_page(w->conn, &f, after, EXPORT_PAGE,
		    audit_item, w, e);
		if (n == SB_ERR)
			return SB_ERR;
		more = n == EXPORT_PAGE;
	}
	return w->failed ? SB_ERR : SB_OK;
}

/* The file name extension of a scan of media type. */
static const char *
extension(const char *media_type)
{
	static const struct {
		const char	*type;
		const char	*ext;
	} known[] = {
		{ "application/pdf", "pdf" }, { "image/jpeg", "jpg" },
		{ "image/png", "png" }, { "image/webp", "webp" },
		{ "text/plain", "txt" },
	};

	for (size_t i = 0; i < SB_NELEM(known); i++)
		if (strcmp(known[i].type, media_type) == 0)
			return known[i].ext;
	return "bin";
}

/* One scan still held into the archive: documents/KYC_ID.EXT. */
static int
scan_item(const bson_t *d, void *arg)
{
	struct writer		*w = arg;
	struct sb_document_view	 v;
	bson_error_t		 e;
	const uint8_t		*bytes;
	char			 hex[25], name[64];
	int			 found;

	sb_bson_oid(d, "_id", &w->last.id);
	w->last.at = sb_bson_date(d, "submitted_at");
	if (sb_bson_date(d, "document_purged_at") != 0)
		return SB_NEXT;
	sb_document_view_init(&v);
	found = sb_document_view(w->conn, d, &v, &e);
	/* The old layout (inline, until migrate) is not read here. */
	bytes = v.plain != NULL ? v.plain : v.bytes;
	if (found == SB_FOUND && bytes != NULL && v.inline_data == NULL) {
		size_t len = v.plain != NULL ? v.plain_len : v.size;

		bson_oid_to_string(&w->last.id, hex);
		snprintf(name, sizeof(name), "documents/%s.%s", hex,
		    extension(v.media_type));
		if (sb_zip_entry(w->zip, name, (int64_t)len, 0,
		    w->last.at / 1000) == SB_ERR ||
		    sb_zip_write(w->zip, bytes, len) == SB_ERR)
			w->failed = 1;
	} else if (found == SB_ERR)
		w->failed = 1;
	sb_document_view_free(&v);
	return w->failed ? SB_STOP : SB_NEXT;
}

/* Every scan still held, one at a time.  SB_OK or SB_ERR. */
static int
write_scans(struct writer *w, bson_error_t *e)
{
	int64_t	n;
	int	more = 1;

	for (int page = 0; more && !w->failed; page++) {
		n = sb_kyc_of_user(w->conn, &w->user->id, page > 0 ? &w->last :
		    NULL, EXPORT_PAGE, scan_item, w, e);
		if (n == SB_ERR)
			return SB_ERR;
		more = n == EXPORT_PAGE;
	}
	return w->failed ? SB_ERR : SB_OK;
}

/* The document (and the scans), once the answer has begun.  1 if whole. */
static int
write_export(struct writer *w, const char *text, bson_error_t *e)
{
	if (w->zip != NULL && sb_zip_entry(w->zip, "export.json", -1, 1,
	    sb_now_ms() / 1000) == SB_ERR)
		return 0;
	put(w, text, strlen(text));
	put(w, ",\"submissions\":[", 16);
	if (write_list(w, 1, e) == SB_ERR)
		return 0;
	put(w, "],\"audit_trail\":[", 17);
	if (write_list(w, 0, e) == SB_ERR)
		return 0;
	put(w, "]}", 2);
	if (w->failed)
		return 0;
	return w->zip == NULL || write_scans(w, e) == SB_OK;
}

/*
 * GET /users/me/export[?include=documents] (customers)
 * 200 the document above as an attachment, or with include=documents a
 * ZIP of it (export.json) and the customer's scans still held
 * (documents/KYC_ID.EXT, as they were uploaded); 422 another include; 429
 * within the hour of the last export, with Retry-After; 503.  Audited
 * DATA_EXPORTED {format: json or zip}.
 */
int
sb_handle_me_export(struct sb_req *req)
{
	const struct sb_actor	 who = sb_req_actor(req);
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_customer_keys	 known = { NULL, 0 };
	struct sb_consent	 c[SB_PURPOSES_MAX];
	struct sb_reservation	 r;
	struct writer		 w = { .req = req, .conn = &conn,
	    .user = req->user };
	bson_error_t		 e, ignored;
	int64_t			 retry_after_s = 0;
	char			*text, include[16];
	int			 whole = 0, zip, found;

	found = req->query != NULL ? sb_query_get(req->query, "include",
	    include, sizeof(include)) : SB_NOTFOUND;
	if (found == SB_ERR || (found == SB_FOUND &&
	    strcmp(include, "documents") != 0))
		return sb_reply_invalid1(req, "query", "include", "Input "
		    "should be 'documents'", "enum");
	zip = found == SB_FOUND;
	switch (sb_export_begin(&conn, &who, req->user, zip ? "zip" : "json",
	    &r, &retry_after_s, &e)) {
	case SB_EXPORT_OK:
		break;
	case SB_EXPORT_THROTTLED:
		return sb_reply_too_many(req, "One export an hour; ",
		    retry_after_s);
	default:
		return sb_reply_db_error(req, &e);
	}
	/* What can fail before the first byte fails with a status. */
	if (sb_user_consents(&conn, &req->user->id, c, &e) == SB_ERR ||
	    sb_customer_keys_load(&conn, &req->user->id, 1, &known, &e) ==
	    SB_ERR) {
		sb_customer_keys_free(&known);
		(void)sb_export_abandon(&conn, &r, &ignored);
		return sb_reply_db_error(req, &e);
	}
	conn.known = &known;
	text = head(req, c);
	if (text == NULL || (zip && (w.zip = sb_zip_open(to_client,
	    req)) == NULL)) {
		cJSON_free(text);
		sb_customer_keys_free(&known);
		(void)sb_export_abandon(&conn, &r, &ignored);
		return sb_reply_error(req, 500, "Internal server error");
	}
	sb_req_header(req, "Content-Disposition", zip ?
	    "attachment; filename=\"smartbank-export.zip\"" :
	    "attachment; filename=\"smartbank-export.json\"");
	if (sb_reply_stream(req, 200, zip ? "application/zip" :
	    "application/json; charset=utf-8") == SB_OK)
		whole = write_export(&w, text, &e);
	/* Cut short: the document or the archive does not open; say why. */
	if (sb_zip_close(w.zip, whole) == SB_ERR)
		whole = 0;
	if (!whole)
		sb_log(SB_LOG_ERROR, "export_cut", "user_id=%s cause=%s",
		    req->user->id_hex, w.failed ? "memory" : "database");
	cJSON_free(text);
	sb_customer_keys_free(&known);
	return 200;
}
