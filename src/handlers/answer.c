/*
 * answer.c -- fields of a stored document into a JSON answer.
 */
#include "config.h"
#include "handlers/answer.h"

#include <stdio.h>
#include <string.h>

#include "base/model.h"
#include "base/reasons.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/kyc_approval.h"
#include "store/kyc_claim.h"
#include "store/kyc_doc.h"
#include "store/user.h"

cJSON *
sb_answer_time(cJSON *o, const char *name, const bson_t *d, const char *key)
{
	char	buf[SB_ISO8601_LEN];
	int64_t	ms = sb_bson_date(d, key);

	if (ms == 0)
		return cJSON_AddNullToObject(o, name);
	sb_iso8601(ms, buf);
	return cJSON_AddStringToObject(o, name, buf);
}

void
sb_answer_profile(cJSON *o, const struct sb_user *u)
{
	char created[SB_ISO8601_LEN];

	sb_iso8601(u->created_at, created);
	cJSON_AddStringToObject(o, "id", u->id_hex);
	cJSON_AddStringToObject(o, "email", u->email);
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddStringToObject(o, "phone", u->phone);
	cJSON_AddStringToObject(o, "role", u->role);
	cJSON_AddStringToObject(o, "kyc_status", u->kyc_status);
	cJSON_AddStringToObject(o, "created_at", created);
}

cJSON *
sb_answer_oid(cJSON *o, const char *name, const bson_t *d, const char *key)
{
	bson_oid_t	id;
	char		hex[SB_ID_HEX_LEN + 1];

	if (!sb_bson_oid(d, key, &id))
		return cJSON_AddNullToObject(o, name);
	bson_oid_to_string(&id, hex);
	return cJSON_AddStringToObject(o, name, hex);
}

/* BSON strings end in a NUL in the document itself: no copy is needed. */
cJSON *
sb_answer_str(cJSON *o, const bson_t *d, const char *key)
{
	bson_iter_t it;

	if (bson_iter_init_find(&it, d, key) && BSON_ITER_HOLDS_UTF8(&it))
		return cJSON_AddStringToObject(o, key,
		    bson_iter_utf8(&it, NULL));
	return cJSON_AddNullToObject(o, key);
}

cJSON *
sb_answer_number(cJSON *o, const struct sb_conn *conn, const bson_t *kyc,
    int *unreadable)
{
	bson_error_t	 e;
	char		 number[256];
	cJSON		*v;
	int		 found = sb_kyc_number(conn, kyc, number, sizeof(number),
			    &e);

	if (unreadable != NULL)
		*unreadable = found == SB_ERR;
	if (found == SB_ERR)
		cJSON_AddTrueToObject(o, "document_unreadable");
	v = found == SB_FOUND ? cJSON_CreateString(number) :
	    cJSON_CreateNull();
	if (v == NULL)
		return NULL;
	/* In the place of one already there (a page fills its numbers in
	 * after reading its customers' keys). */
	if (cJSON_GetObjectItemCaseSensitive(o, "document_number") != NULL)
		return cJSON_ReplaceItemInObjectCaseSensitive(o,
		    "document_number", v) ? v : NULL;
	cJSON_AddItemToObject(o, "document_number", v);
	return v;
}

void
sb_answer_claim(cJSON *o, const struct sb_claim *c, int64_t now)
{
	cJSON	*by;
	char	 hex[SB_ID_HEX_LEN + 1], until[SB_ISO8601_LEN];

	if (!c->held || c->until <= now) {
		cJSON_AddNullToObject(o, "claimed_by");
		cJSON_AddNullToObject(o, "claimed_until");
		return;
	}
	bson_oid_to_string(&c->by, hex);
	sb_iso8601(c->until, until);
	if ((by = cJSON_AddObjectToObject(o, "claimed_by")) != NULL) {
		cJSON_AddStringToObject(by, "id", hex);
		cJSON_AddStringToObject(by, "email", c->by_email);
	}
	cJSON_AddStringToObject(o, "claimed_until", until);
}

void
sb_answer_rejection(cJSON *o, const bson_t *kyc, int internal)
{
	cJSON		*r, *list;
	bson_iter_t	 it, sub;
	char		 status[SB_STATUS_LEN], kind[8];

	sb_bson_str(kyc, "status", status, sizeof(status));
	if (strcmp(status, SB_KYC_REJECTED) != 0) {
		cJSON_AddNullToObject(o, "rejection");
		return;
	}
	if ((r = cJSON_AddObjectToObject(o, "rejection")) == NULL)
		return;
	/* Rejected before kinds were recorded: the seed's, a RETRY. */
	sb_bson_str(kyc, "reject_kind", kind, sizeof(kind));
	if (kind[0] == '\0')
		snprintf(kind, sizeof(kind), "%s", SB_KIND_RETRY);
	cJSON_AddStringToObject(r, "kind", kind);
	list = cJSON_AddArrayToObject(r, "reasons");
	if (list != NULL && bson_iter_init_find(&it, kyc, "reject_reasons") &&
	    BSON_ITER_HOLDS_ARRAY(&it) && bson_iter_recurse(&it, &sub)) {
		while (bson_iter_next(&sub)) {
			const struct sb_reason	*why;
			cJSON			*item;

			if (!BSON_ITER_HOLDS_UTF8(&sub) || (why = sb_reason_find(
			    bson_iter_utf8(&sub, NULL))) == NULL ||
			    (item = cJSON_CreateObject()) == NULL)
				continue;
			cJSON_AddStringToObject(item, "code", why->code);
			cJSON_AddStringToObject(item, "text", why->text);
			cJSON_AddItemToArray(list, item);
		}
	}
	cJSON_AddStringToObject(r, "next_step", sb_reason_next_step(kind));
	if (!internal)
		return;
	sb_answer_str(r, kyc, "internal_note");
	sb_answer_oid(r, "reopened_by", kyc, "reopened_by");
	sb_answer_time(r, "reopened_at", kyc, "reopened_at");
}

void
sb_answer_approvals(cJSON *o, const bson_t *kyc, int four_eyes)
{
	struct sb_first_approval	 a;
	cJSON				*n, *f, *by;
	char				 hex[SB_ID_HEX_LEN + 1];
	char				 at[SB_ISO8601_LEN];
	int				 first = sb_first_approval_of(kyc, &a);

	if ((n = cJSON_AddObjectToObject(o, "approvals")) != NULL) {
		cJSON_AddNumberToObject(n, "given", first);
		cJSON_AddNumberToObject(n, "required", four_eyes ? 2 : 1);
	}
	if (!first) {
		cJSON_AddNullToObject(o, "first_approval");
		return;
	}
	if ((f = cJSON_AddObjectToObject(o, "first_approval")) == NULL)
		return;
	if ((by = cJSON_AddObjectToObject(f, "by")) != NULL) {
		bson_oid_to_string(&a.by, hex);
		cJSON_AddStringToObject(by, "id", hex);
		cJSON_AddStringToObject(by, "email", a.by_email);
	}
	sb_iso8601(a.at, at);
	cJSON_AddStringToObject(f, "at", at);
}
