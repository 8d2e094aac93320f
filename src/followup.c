/*
 * followup.c -- finishing registrations and submissions, at once or after
 * a crash (see followup.h).
 */
#include "config.h"
#include "followup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "review.h"
#include "store/bsonx.h"
#include "store/decision.h"
#include "store/kyc.h"
#include "store/user.h"

/* Bounded: each round means a decision landed in between; its writer syncs too. */
#define SYNC_ROUNDS	4

static int
latest_status(const struct sb_conn *conn, const bson_oid_t *user_id,
    char status[16], bson_error_t *e)
{
	int64_t count;

	if (sb_kyc_latest(conn, user_id, &count, status, NULL, e) == -1)
		return -1;
	if (count == 0 || status[0] == '\0')
		snprintf(status, 16, "%s", SB_KYC_PENDING);
	return 0;
}

int
sb_kyc_sync_user(const struct sb_conn *conn, const bson_oid_t *user_id,
    const char *known, bson_error_t *e)
{
	char	status[16], again[16];

	if (known != NULL)
		snprintf(status, sizeof(status), "%s", known);
	else if (latest_status(conn, user_id, status, e) == -1)
		return -1;
	for (int round = 0; round < SYNC_ROUNDS; round++) {
		if (sb_user_set_kyc_status(conn, user_id, status, e) == -1 ||
		    latest_status(conn, user_id, again, e) == -1)
			return -1;
		if (strcmp(status, again) == 0)
			break;
		memcpy(status, again, sizeof(status));
	}
	return 0;
}

static int
clear_mark(const struct sb_conn *conn, const char *coll_name,
    const bson_oid_t *id, bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$unset", "{", SB_FOLLOWUP_FIELD,
	    BCON_UTF8(""), "}");
	int	 rc = sb_db_update_by_id(conn, coll_name, id, update, e);

	bson_destroy(update);
	return rc;
}

/* Write the entry; one already there (an earlier try wrote it) is fine. */
static int
audit_once(const struct sb_conn *conn, const struct sb_audit *a,
    bson_error_t *e)
{
	if (sb_audit_write(conn, a, e) == -1 && !sb_db_error_is_duplicate(e))
		return -1;
	return 0;
}

int
sb_followup_registration(const struct sb_conn *conn, const bson_oid_t *user_id,
    const char *email, const char *ip, int64_t at_ms, bson_error_t *e)
{
	bson_t	details = BSON_INITIALIZER;
	int	rc;

	BSON_APPEND_UTF8(&details, "email", email);
	rc = audit_once(conn, &(struct sb_audit){ .id = user_id,
	    .action = SB_AUDIT_USER_REGISTERED, .user_id = user_id,
	    .actor_id = user_id, .actor_role = SB_ROLE_NAME_CUSTOMER,
	    .ip_address = ip, .details = &details, .at_ms = at_ms }, e);
	bson_destroy(&details);
	if (rc == -1)
		return -1;
	return clear_mark(conn, SB_COLL_USER, user_id, e);
}

int
sb_followup_submission(const struct sb_conn *conn, const bson_oid_t *kyc_id,
    const bson_oid_t *user_id, const char *document_type, const char *ip,
    int64_t at_ms, int fresh, bson_error_t *e)
{
	bson_t	details = BSON_INITIALIZER;
	char	kyc_hex[25];
	int	rc;

	if (sb_kyc_sync_user(conn, user_id, fresh ? SB_KYC_SUBMITTED : NULL,
	    e) == -1) {
		bson_destroy(&details);
		return -1;
	}
	bson_oid_to_string(kyc_id, kyc_hex);
	BSON_APPEND_UTF8(&details, "kyc_id", kyc_hex);
	BSON_APPEND_UTF8(&details, "document_type", document_type);
	rc = audit_once(conn, &(struct sb_audit){ .id = kyc_id,
	    .action = SB_AUDIT_KYC_SUBMITTED, .user_id = user_id,
	    .actor_id = user_id, .actor_role = SB_ROLE_NAME_CUSTOMER,
	    .ip_address = ip, .details = &details, .at_ms = at_ms }, e);
	bson_destroy(&details);
	if (rc == -1)
		return -1;
	return clear_mark(conn, SB_COLL_KYC, kyc_id, e);
}

/* One marked document, read before any of them is finished. */
struct marked {
	bson_oid_t	id;
	bson_oid_t	user_id;
	char		text[255];	/* email, or document type */
	char		ip[64];
	int64_t		at;
};

struct collect {
	struct marked	*items;
	int64_t		 n, max;
	int		 kyc;
};

static int
collect_one(const bson_t *d, void *arg)
{
	struct collect	*c = arg;
	struct marked	*m;

	if (c->n >= c->max)
		return -1;
	m = &c->items[c->n++];
	memset(m, 0, sizeof(*m));
	sb_bson_oid(d, "_id", &m->id);
	if (c->kyc) {
		sb_bson_oid(d, "user_id", &m->user_id);
		sb_bson_str(d, "document_type", m->text, sizeof(m->text));
		sb_bson_str(d, "submitted_from", m->ip, sizeof(m->ip));
		m->at = sb_bson_date(d, "submitted_at");
	} else {
		m->user_id = m->id;
		sb_bson_str(d, "email", m->text, sizeof(m->text));
		sb_bson_str(d, "registered_from", m->ip, sizeof(m->ip));
		m->at = sb_bson_date(d, "created_at");
	}
	return 0;
}

/* Read the marked documents of one collection, then finish each. */
static int
sweep_marked(const struct sb_conn *conn, int kyc, int64_t max, int64_t *done,
    bson_error_t *e)
{
	struct collect	 c = { calloc((size_t)max, sizeof(struct marked)), 0,
	    max, kyc };
	bson_t		*filter = BCON_NEW(SB_FOLLOWUP_FIELD, BCON_BOOL(true));
	bson_t		*opts = BCON_NEW("limit", BCON_INT64(max),
	    "projection", "{", "document_data", BCON_INT32(0),
	    "password_hash", BCON_INT32(0), "}");
	int		 rc = 0;

	if (c.items == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		rc = -1;
	} else if (sb_db_find_each(conn, kyc ? SB_COLL_KYC : SB_COLL_USER,
	    filter, opts, collect_one, &c, e) == -1) {
		rc = -1;
	}
	for (int64_t i = 0; rc == 0 && i < c.n; i++) {
		const struct marked *m = &c.items[i];

		rc = kyc ? sb_followup_submission(conn, &m->id, &m->user_id,
		    m->text, m->ip, m->at, 0, e) :
		    sb_followup_registration(conn, &m->id, m->text, m->ip,
		    m->at, e);
		if (rc == 0)
			(*done)++;
	}
	free(c.items);
	bson_destroy(opts);
	bson_destroy(filter);
	return rc;
}

struct apply {
	int64_t		 done;
	int		 failed;
	bson_error_t	*e;
};

static int
apply_one(const struct sb_conn *conn, const struct sb_decision *d, void *arg)
{
	struct apply *a = arg;

	if (sb_review_apply(conn, d, a->e) == -1) {
		a->failed = 1;
		return -1;
	}
	a->done++;
	return 0;
}

int
sb_followup_sweep(const struct sb_conn *conn, int64_t max,
    struct sb_followup_counts *n, bson_error_t *e)
{
	struct apply	a = { 0, 0, e };

	memset(n, 0, sizeof(*n));
	if (sb_decision_each_unapplied(conn, apply_one, &a, e) == -1 ||
	    a.failed)
		return -1;
	n->decisions = a.done;
	if (sweep_marked(conn, 0, max, &n->registrations, e) == -1)
		return -1;
	return sweep_marked(conn, 1, max, &n->submissions, e);
}
