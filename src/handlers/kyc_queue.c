/*
 * kyc_queue.c -- the review queue as a team triages it: a page that
 * filters, its counts, and the auditors' searches.  The front line has
 * already checked that the caller is an auditor (403 otherwise).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "base/model.h"
#include "base/query.h"
#include "base/util.h"
#include "base/validate.h"
#include "handlers/answer.h"
#include "handlers/handlers.h"
#include "handlers/queue_page.h"
#include "handlers/request_db.h"
#include "http/page.h"
#include "http/request.h"
#include "store/kyc_queue.h"
#include "store/user.h"

/* A date of the query string into *ms; 1 given, 0 absent (else a 422 item). */
static int
query_date(struct sb_req *req, cJSON *errs, const char *name, int64_t *ms)
{
	char	buf[64];
	int	found = sb_query_get(req->query, name, buf, sizeof(buf));

	if (found == SB_NOTFOUND)
		return 0;
	if (found == SB_ERR || sb_parse_iso8601(buf, ms) == SB_ERR) {
		sb_verr_add(errs, "query", name,
		    "Input should be an ISO 8601 date or time",
		    "datetime_parsing");
		return 0;
	}
	return 1;
}

/*
 * ?document_type=&duplicate=true|false&submitted_from=&submitted_to=
 * &holder=any|me|none into f; 422 items into errs.
 */
static void
read_filter(struct sb_req *req, struct sb_queue_filter *f, cJSON *errs)
{
	static const char *const holders[] = { "any", "me", "none" };
	char		 buf[32];
	const char	*t;
	int		 found;

	memset(f, 0, sizeof(*f));
	f->me = &req->user->id;
	f->now = sb_now_ms();
	if ((found = sb_query_get(req->query, "document_type", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		for (size_t i = 0; found == SB_FOUND &&
		    (t = sb_document_type(i)) != NULL; i++)
			if (strcmp(t, buf) == 0)
				f->document_type = t;
		if (f->document_type == NULL)
			sb_verr_add(errs, "query", "document_type",
			    sb_valid_document_type(""), "enum");
	}
	if ((found = sb_query_get(req->query, "duplicate", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		if (found == SB_FOUND && strcmp(buf, "true") == 0)
			f->duplicate = SB_DUPLICATE_ONLY;
		else if (found == SB_FOUND && strcmp(buf, "false") == 0)
			f->duplicate = SB_DUPLICATE_NOT;
		else
			sb_verr_add(errs, "query", "duplicate",
			    "Input should be 'true' or 'false'", "bool_parsing");
	}
	f->has_from = query_date(req, errs, "submitted_from", &f->from_ms);
	f->has_to = query_date(req, errs, "submitted_to", &f->to_ms);
	if (f->has_from && f->has_to && f->from_ms > f->to_ms)
		sb_verr_add(errs, "query", "submitted_to",
		    "submitted_to must not be before submitted_from",
		    "value_error");
	if ((found = sb_query_get(req->query, "holder", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		size_t i;

		for (i = 0; found == SB_FOUND && i < SB_NELEM(holders); i++)
			if (strcmp(holders[i], buf) == 0)
				break;
		if (found == SB_ERR || i == SB_NELEM(holders))
			sb_verr_add(errs, "query", "holder",
			    "Input should be 'any', 'me' or 'none'", "enum");
		else
			f->holder = (enum sb_holder)i;
	}
}

/*
 * GET /kyc/pending?limit=&after=&document_type=&duplicate=&submitted_from=
 * &submitted_to=&holder=
 * 200 [{"kyc_id", "user_id", "user_name", "user_email", "document_type",
 * "document_number", "submitted_at", "duplicate_count", and beyond the
 * seed attempt, age_seconds, claimed_by, claimed_until, approvals}, ...]
 * oldest first, those that pass every filter given; 422 a bad parameter
 * (also an after that names no document); 503.
 */
int
sb_handle_kyc_pending(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_queue_page	 q;
	struct sb_queue_filter	 f;
	struct sb_queue_cursor	 cursor;
	bson_oid_t		 after;
	bson_error_t		 e;
	cJSON			*errs = sb_req_array(req);
	int64_t			 limit, n;
	int			 has_after, status, found;

	read_filter(req, &f, errs);
	if (sb_verr_any(errs))
		return sb_reply_invalid(req, errs);
	if ((status = sb_page_params(req, &limit, &after, &has_after)) != SB_OK)
		return status;
	if (has_after) {
		if ((found = sb_kyc_queue_cursor(&conn, &after, &cursor, &e)) ==
		    SB_ERR)
			return sb_reply_db_error(req, &e);
		if (found == SB_NOTFOUND)
			return sb_reply_invalid1(req, "query", "after",
			    "No KYC has this id", "value_error");
	}
	sb_queue_page_init(&q, req, &conn);
	n = sb_kyc_pending(&conn, &f, has_after ? &cursor : NULL, limit,
	    sb_queue_page_item, &q, &e);
	return sb_queue_page_reply(&q, req, n, &e);
}

/*
 * GET /kyc/pending/summary?document_type=&duplicate=&submitted_from=
 * &submitted_to=&holder=
 * 200 {"count", "oldest_submitted_at" (null when none), "oldest_age_seconds"
 * (null when none), "by_document_type": {"aadhar": n, ...}} of the queue
 * that passes the filters; 422; 503.
 */
int
sb_handle_kyc_pending_summary(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_queue_filter	 f;
	struct sb_queue_summary	 s;
	bson_error_t		 e;
	cJSON			*errs = sb_req_array(req), *o, *types;
	const char		*t;
	char			 at[SB_ISO8601_LEN];

	read_filter(req, &f, errs);
	if (sb_verr_any(errs))
		return sb_reply_invalid(req, errs);
	if (sb_kyc_queue_summary(&conn, &f, &s, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);
	o = sb_req_object(req);
	cJSON_AddNumberToObject(o, "count", (double)s.count);
	if (s.oldest_at > 0) {
		sb_iso8601(s.oldest_at, at);
		cJSON_AddStringToObject(o, "oldest_submitted_at", at);
		cJSON_AddNumberToObject(o, "oldest_age_seconds", (double)
		    (f.now > s.oldest_at ? (f.now - s.oldest_at) / 1000 : 0));
	} else {
		cJSON_AddNullToObject(o, "oldest_submitted_at");
		cJSON_AddNullToObject(o, "oldest_age_seconds");
	}
	types = cJSON_AddObjectToObject(o, "by_document_type");
	for (size_t i = 0; i < SB_QUEUE_TYPES_MAX &&
	    (t = sb_document_type(i)) != NULL; i++)
		cJSON_AddNumberToObject(types, t, (double)s.by_type[i]);
	return sb_reply_json(req, 200, o);
}

static int
has_alnum(const char *s)
{
	for (; *s != '\0'; s++)
		if (isalnum((unsigned char)*s))
			return 1;
	return 0;
}

/* The one search of the query string: its kind and value (normalised). */
static int
read_search(struct sb_req *req, enum sb_search *by, char *value, size_t cap,
    cJSON *errs)
{
	static const char *const names[] = { "email", "name",
	    "document_number" };
	char		 buf[4 * SB_NAME_MAX + 1];
	const char	*msg = NULL;
	int		 given = 0, found;

	for (size_t i = 0; i < SB_NELEM(names); i++) {
		if ((found = sb_query_get(req->query, names[i], buf,
		    sizeof(buf))) == SB_NOTFOUND)
			continue;
		given++;
		*by = (enum sb_search)i;
		if (found == SB_ERR || !sb_text_clean(buf, 0))
			msg = "Input should be text of at most 100 characters";
		else if (i == SB_SEARCH_EMAIL)
			msg = sb_valid_email(buf, value);
		else if (i == SB_SEARCH_NAME) {
			sb_name_key(buf, value, cap);
			if (value[0] == '\0')
				msg = "Input should have at least 1 character";
		} else if (strlen(buf) > 64)
			msg = "Input should have at most 64 characters";
		else if (!has_alnum(buf))
			/* The blind index keeps only letters and digits. */
			msg = "Input should have at least 1 letter or digit";
		else
			snprintf(value, cap, "%s", buf);
		if (msg != NULL)
			sb_verr_add(errs, "query", names[i], msg,
			    "value_error");
	}
	if (given != 1)
		sb_verr_add(errs, "query", "email", "Give exactly one of email, "
		    "name and document_number", "value_error");
	return sb_verr_any(errs) ? SB_ERR : SB_OK;
}

/*
 * GET /kyc/search?email= | ?name= | ?document_number= (&limit=)
 * 200 the items of GET /kyc/pending with their status, in any status: a
 * customer's by exact email and a number's (any document type, through
 * its blind index, never by opening numbers) newest first; those whose
 * customer's name starts with name (case and spacing aside) by name.  At
 * most limit, without pages: a search that finds more is narrowed.  422;
 * 503.
 */
int
sb_handle_kyc_search(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_queue_page	 q;
	enum sb_search		 by = SB_SEARCH_EMAIL;
	bson_oid_t		 after;
	bson_error_t		 e;
	cJSON			*errs = sb_req_array(req);
	char			 value[SB_NAME_KEY_SIZE];
	int64_t			 limit, n;
	int			 has_after, status;

	if (read_search(req, &by, value, sizeof(value), errs) == SB_ERR)
		return sb_reply_invalid(req, errs);
	if ((status = sb_page_params(req, &limit, &after, &has_after)) != SB_OK)
		return status;
	if (has_after)
		return sb_reply_invalid1(req, "query", "after",
		    "A search has no pages: narrow it instead", "value_error");
	sb_queue_page_init(&q, req, &conn);
	q.with_status = 1;
	n = sb_kyc_search(&conn, by, value, limit, sb_queue_page_item, &q, &e);
	return sb_queue_page_reply(&q, req, n, &e);
}
