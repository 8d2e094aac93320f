/*
 * decision.c -- kyc_decision records.
 */
#include "config.h"
#include "store/kyc_decision.h"

#include <string.h>

#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"

int
sb_decision_insert(const struct sb_conn *conn, struct sb_decision *d,
    bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER;
	int	rc;

	bson_oid_init(&d->audit_id, NULL);
	BSON_APPEND_OID(&doc, "_id", &d->kyc_id);
	BSON_APPEND_UTF8(&doc, "status", d->status);
	BSON_APPEND_OID(&doc, "user_id", &d->user_id);
	BSON_APPEND_OID(&doc, "reviewed_by", &d->reviewer_id);
	BSON_APPEND_UTF8(&doc, "reviewer_role", d->reviewer_role);
	if (d->has_notes)
		BSON_APPEND_UTF8(&doc, "review_notes", d->notes);
	else
		BSON_APPEND_NULL(&doc, "review_notes");
	BSON_APPEND_DATE_TIME(&doc, "reviewed_at", d->at);
	BSON_APPEND_UTF8(&doc, "ip_address", d->ip_address);
	BSON_APPEND_OID(&doc, "audit_id", &d->audit_id);
	BSON_APPEND_BOOL(&doc, "applied", false);
	if (d->kind[0] != '\0') {
		BSON_APPEND_UTF8(&doc, "reject_kind", d->kind);
		BSON_APPEND_UTF8(&doc, "reject_reasons", d->reasons);
	}
	if (d->has_internal_note)
		BSON_APPEND_UTF8(&doc, "internal_note", d->internal_note);
	if (d->has_first)
		BSON_APPEND_OID(&doc, "first_approver", &d->first_approver);
	if (d->claim_taken)
		BSON_APPEND_BOOL(&doc, "claim_taken", true);
	if (d->has_previous)
		BSON_APPEND_OID(&doc, "previous_holder", &d->previous_holder);
	rc = sb_db_insert(conn, SB_COLL_DECISION, &doc, e);
	bson_destroy(&doc);
	return rc;
}

static void
from_bson(const bson_t *b, struct sb_decision *d)
{
	bson_iter_t it;

	memset(d, 0, sizeof(*d));
	sb_bson_oid(b, "_id", &d->kyc_id);
	sb_bson_oid(b, "user_id", &d->user_id);
	sb_bson_oid(b, "reviewed_by", &d->reviewer_id);
	sb_bson_oid(b, "audit_id", &d->audit_id);
	sb_bson_str(b, "status", d->status, sizeof(d->status));
	sb_bson_str(b, "reviewer_role", d->reviewer_role,
	    sizeof(d->reviewer_role));
	sb_bson_str(b, "ip_address", d->ip_address, sizeof(d->ip_address));
	d->has_notes = bson_iter_init_find(&it, b, "review_notes") &&
	    BSON_ITER_HOLDS_UTF8(&it);
	sb_bson_str(b, "review_notes", d->notes, sizeof(d->notes));
	d->at = sb_bson_date(b, "reviewed_at");
	d->applied = sb_bson_bool(b, "applied");
	d->claim_taken = sb_bson_bool(b, "claim_taken");
	d->has_first = sb_bson_oid(b, "first_approver", &d->first_approver);
	sb_bson_str(b, "reject_kind", d->kind, sizeof(d->kind));
	sb_bson_str(b, "reject_reasons", d->reasons, sizeof(d->reasons));
	d->has_internal_note = bson_iter_init_find(&it, b, "internal_note") &&
	    BSON_ITER_HOLDS_UTF8(&it);
	sb_bson_str(b, "internal_note", d->internal_note,
	    sizeof(d->internal_note));
	d->has_previous = sb_bson_oid(b, "previous_holder",
	    &d->previous_holder);
}

int
sb_decision_find(const struct sb_conn *conn, const bson_oid_t *kyc_id,
    struct sb_decision *d, bson_error_t *e)
{
	bson_t	b;
	int	found = sb_db_find_by_id(conn, SB_COLL_DECISION, kyc_id, NULL, &b,
	    e);

	if (found == SB_FOUND)
		from_bson(&b, d);
	bson_destroy(&b);
	return found;
}

int
sb_decision_mark_applied(const struct sb_conn *conn, const bson_oid_t *kyc_id,
    bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", "applied", BCON_BOOL(true), "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_DECISION, kyc_id, update,
	    e);

	bson_destroy(update);
	return rc;
}

struct each_decision {
	const struct sb_conn	*conn;
	int			(*fn)(const struct sb_conn *,
				    const struct sb_decision *, void *);
	void			*arg;
};

static int
each_decision(const bson_t *b, void *arg)
{
	struct each_decision	*ed = arg;
	struct sb_decision	 d;

	from_bson(b, &d);
	return ed->fn(ed->conn, &d, ed->arg);
}

int64_t
sb_decision_each_unapplied(const struct sb_conn *conn,
    int (*fn)(const struct sb_conn *, const struct sb_decision *, void *),
    void *arg, bson_error_t *e)
{
	struct each_decision	 ed = { conn, fn, arg };
	bson_t			*filter = BCON_NEW("applied", BCON_BOOL(false));
	bson_t			*opts = BCON_NEW("sort", "{", "reviewed_at",
	    BCON_INT32(1), "}");
	int64_t			 n;

	n = sb_db_find_each(conn, SB_COLL_DECISION, filter, opts,
	    each_decision, &ed, e);
	bson_destroy(opts);
	bson_destroy(filter);
	return n;
}
