/*
 * kyc_doc.c -- the kyc_doc collection, and the user's kyc_status that
 * follows it.
 */
#include "config.h"
#include "store/kyc_doc.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "base/keyring.h"
#include "base/model.h"
#include "base/seal.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/collections.h"
#include "store/user.h"

/* What no listing or lookup but the detail view reads. */
static bson_t *
without_data(void)
{
	return BCON_NEW("projection", "{", "document_data", BCON_INT32(0), "}");
}

int
sb_kyc_latest(const struct sb_conn *conn, const bson_oid_t *user_id,
    struct sb_kyc_latest *l, bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER, d = BSON_INITIALIZER;
	bson_t	*opts = BCON_NEW("sort", "{",
	    "submitted_at", BCON_INT32(-1), "_id", BCON_INT32(-1), "}",
	    "projection", "{", "document_data", BCON_INT32(0), "}");
	int	 found, rc = SB_OK;

	memset(l, 0, sizeof(*l));
	BSON_APPEND_OID(&filter, "user_id", user_id);
	/* One read: the newest document says how many came before it. */
	found = sb_db_find_one(conn, SB_COLL_KYC, &filter, opts, &d, e);
	if (found == SB_ERR) {
		rc = SB_ERR;
	} else if (found == SB_FOUND) {
		bson_iter_t it;

		sb_bson_str(&d, "status", l->status, sizeof(l->status));
		sb_bson_oid(&d, "_id", &l->id);
		if (bson_iter_init_find(&it, &d, "attempt") &&
		    BSON_ITER_HOLDS_INT64(&it))
			l->count = bson_iter_int64(&it) + 1;
		else	/* written before attempts were stored: count */
			l->count = sb_db_count(conn, SB_COLL_KYC, &filter, e);
		if (l->count < 0)
			rc = SB_ERR;
	}
	bson_destroy(&d);
	bson_destroy(opts);
	bson_destroy(&filter);
	return rc;
}

struct usage {
	int64_t			 since_ms;
	struct sb_kyc_usage	*u;
	int64_t			 attempts;	/* the newest's attempt + 1 */
};

static int
usage_one(const bson_t *d, void *arg)
{
	struct usage		*c = arg;
	struct sb_kyc_latest	*l = &c->u->latest;
	int64_t			 at = sb_bson_date(d, "submitted_at");
	bson_iter_t		 it;

	/* Newest first: the first one is the latest. */
	if (l->count++ == 0) {
		sb_bson_str(d, "status", l->status, sizeof(l->status));
		sb_bson_oid(d, "_id", &l->id);
		sb_bson_str(d, "reject_kind", l->reject_kind,
		    sizeof(l->reject_kind));
		if (bson_iter_init_find(&it, d, "attempt") &&
		    BSON_ITER_HOLDS_INT64(&it))
			c->attempts = bson_iter_int64(&it) + 1;
	}
	if (at > c->since_ms) {
		c->u->since_count++;
		if (c->u->since_oldest == 0 || at < c->u->since_oldest)
			c->u->since_oldest = at;
	}
	/* A purged scan is stored no longer. */
	if (bson_iter_init_find(&it, d, "document_size") &&
	    BSON_ITER_HOLDS_INT64(&it) &&
	    !bson_has_field(d, "document_purged_at"))
		c->u->stored_bytes += bson_iter_int64(&it);
	return SB_NEXT;
}

int
sb_kyc_usage(const struct sb_conn *conn, const bson_oid_t *user_id,
    int64_t since_ms, struct sb_kyc_usage *u, bson_error_t *e)
{
	struct usage	 c;
	bson_t		*filter = BCON_NEW("user_id", BCON_OID(user_id));
	bson_t		*opts = BCON_NEW("sort", "{",
	    "submitted_at", BCON_INT32(-1), "_id", BCON_INT32(-1), "}",
	    "projection", "{", "submitted_at", BCON_INT32(1),
	    "document_size", BCON_INT32(1), "status", BCON_INT32(1),
	    "attempt", BCON_INT32(1), "document_purged_at", BCON_INT32(1),
	    "reject_kind", BCON_INT32(1), "}");
	int64_t		 n;

	memset(u, 0, sizeof(*u));
	c.since_ms = since_ms;
	c.u = u;
	c.attempts = 0;
	n = sb_db_find_each(conn, SB_COLL_KYC, filter, opts, usage_one, &c, e);
	/* Attempts count the submissions, also ones no longer kept. */
	if (c.attempts > u->latest.count)
		u->latest.count = c.attempts;
	bson_destroy(opts);
	bson_destroy(filter);
	return n == SB_ERR ? SB_ERR : SB_OK;
}

int
sb_kyc_insert(const struct sb_conn *conn, struct sb_kyc_new *k,
    bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER;
	char	uid[SB_ID_HEX_LEN + 1], key[48];
	char	queue_key[SB_KYC_QUEUE_KEY_SIZE];
	char	name_key[SB_NAME_KEY_SIZE];
	int	rc;

	if (sb_blind_index(conn->keys->index_key, k->document_type,
	    k->document_number, k->number_index) == -1) {
		bson_set_error(e, 0, 0, "no blind index for the number");
		return SB_ERR;
	}
	if (sb_envelope_seal_str(k->env, "document_number", k->document_number,
	    &doc, e) == SB_ERR || sb_envelope_append(conn, k->env, 1, &doc, e) ==
	    SB_ERR) {
		bson_destroy(&doc);
		return SB_ERR;
	}

	bson_oid_to_string(k->user_id, uid);
	snprintf(key, sizeof(key), "%s:%lld", uid, (long long)k->attempt);
	BSON_APPEND_OID(&doc, "_id", &k->id);
	BSON_APPEND_OID(&doc, "user_id", k->user_id);
	BSON_APPEND_UTF8(&doc, "user_name", k->user_name);
	sb_name_key(k->user_name, name_key, sizeof(name_key));
	BSON_APPEND_UTF8(&doc, "user_name_key", name_key);
	BSON_APPEND_UTF8(&doc, "user_email", k->user_email);
	BSON_APPEND_UTF8(&doc, "document_type", k->document_type);
	BSON_APPEND_UTF8(&doc, "number_index", k->number_index);
	/* Until its follow-up counts the others (store/kyc_duplicate.h). */
	BSON_APPEND_BOOL(&doc, "duplicate", false);
	BSON_APPEND_UTF8(&doc, "document_encoding", k->encoding);
	BSON_APPEND_UTF8(&doc, "media_type", k->media_type);
	BSON_APPEND_INT64(&doc, "document_size", k->size);
	BSON_APPEND_UTF8(&doc, "document_sha256", k->sha256);
	if (k->width > 0) {
		BSON_APPEND_INT32(&doc, "document_width", (int32_t)k->width);
		BSON_APPEND_INT32(&doc, "document_height", (int32_t)k->height);
	}
	if (k->pages > 0)
		BSON_APPEND_INT32(&doc, "document_pages", (int32_t)k->pages);
	BSON_APPEND_UTF8(&doc, "status", SB_KYC_SUBMITTED);
	BSON_APPEND_DATE_TIME(&doc, "submitted_at", k->submitted_at);
	sb_kyc_queue_key(k->submitted_at, &k->id, queue_key);
	BSON_APPEND_UTF8(&doc, "queue_key", queue_key);
	BSON_APPEND_UTF8(&doc, "submission_key", key);
	BSON_APPEND_INT64(&doc, "attempt", k->attempt);
	BSON_APPEND_NULL(&doc, "reviewed_by");
	BSON_APPEND_NULL(&doc, "review_notes");
	BSON_APPEND_NULL(&doc, "reviewed_at");
	BSON_APPEND_UTF8(&doc, "submitted_from", k->submitted_from);
	BSON_APPEND_BOOL(&doc, SB_FOLLOWUP_FIELD, true);
	rc = sb_db_insert(conn, SB_COLL_KYC, &doc, e);
	bson_destroy(&doc);
	return rc;
}

int
sb_kyc_find(const struct sb_conn *conn, const bson_oid_t *id, int with_data,
    bson_t *out, bson_error_t *e)
{
	bson_t	*opts = with_data ? NULL : without_data();
	int	 found = sb_db_find_by_id(conn, SB_COLL_KYC, id, opts, out, e);

	if (opts != NULL)
		bson_destroy(opts);
	return found;
}

int
sb_kyc_number(const struct sb_conn *conn, const bson_t *kyc, char *out,
    size_t cap, bson_error_t *e)
{
	struct sb_envelope	 env;
	const uint8_t		*box;
	bson_subtype_t		 subtype;
	bson_iter_t		 it;
	uint32_t		 n;
	uint8_t			 plain[256];
	int			 found;

	out[0] = '\0';
	if (!bson_iter_init_find(&it, kyc, "document_number"))
		return SB_NOTFOUND;
	if (BSON_ITER_HOLDS_UTF8(&it)) {	/* in the clear, until migrate */
		snprintf(out, cap, "%s", bson_iter_utf8(&it, NULL));
		return SB_FOUND;
	}
	if (!BSON_ITER_HOLDS_BINARY(&it))
		return SB_NOTFOUND;
	bson_iter_binary(&it, &subtype, &n, &box);
	if ((found = sb_envelope_open(conn, kyc, &env, e)) != SB_FOUND)
		return found;	/* no data key: shredded */
	if (n < SB_SEAL_OVERHEAD || n - SB_SEAL_OVERHEAD >= sizeof(plain) ||
	    n - SB_SEAL_OVERHEAD >= cap) {
		sb_envelope_wipe(&env);
		return sb_envelope_fail(&env.id, "document_number", e);
	}
	found = sb_envelope_unseal(&env, "document_number", box, n, plain, e);
	sb_envelope_wipe(&env);
	if (found == SB_ERR)
		return SB_ERR;
	memcpy(out, plain, n - SB_SEAL_OVERHEAD);
	out[n - SB_SEAL_OVERHEAD] = '\0';
	OPENSSL_cleanse(plain, sizeof(plain));
	return SB_FOUND;
}

int
sb_kyc_exists(const struct sb_conn *conn, const bson_oid_t *id,
    bson_error_t *e)
{
	bson_t	d;
	int	found = sb_kyc_find(conn, id, 0, &d, e);

	bson_destroy(&d);
	return found;
}

/*
 * The cursor a KYC id makes, with its queue_key ("" when it has none);
 * another owner's KYC is SB_NOTFOUND (owner NULL: anyone's).
 */
static int
cursor_of(const struct sb_conn *conn, const bson_oid_t *id,
    const bson_oid_t *owner, struct sb_queue_cursor *c, bson_error_t *e)
{
	bson_oid_t	uid;
	bson_t		d;
	int		found = sb_kyc_find(conn, id, 0, &d, e);

	if (found == SB_FOUND && owner != NULL &&
	    (!sb_bson_oid(&d, "user_id", &uid) || !bson_oid_equal(&uid, owner)))
		found = SB_NOTFOUND;
	if (found == SB_FOUND) {
		bson_oid_copy(id, &c->item.id);
		c->item.at = sb_bson_date(&d, "submitted_at");
		sb_bson_str(&d, "queue_key", c->key, sizeof(c->key));
	}
	bson_destroy(&d);
	return found;
}

int
sb_kyc_cursor(const struct sb_conn *conn, const bson_oid_t *id,
    const bson_oid_t *owner, struct sb_cursor *c, bson_error_t *e)
{
	struct sb_queue_cursor	q;
	int			found = cursor_of(conn, id, owner, &q, e);

	if (found == SB_FOUND)
		*c = q.item;
	return found;
}

void
sb_kyc_queue_key(int64_t submitted_at, const bson_oid_t *id,
    char out[SB_KYC_QUEUE_KEY_SIZE])
{
	char	at[SB_ISO8601_LEN], hex[SB_ID_HEX_LEN + 1];

	sb_iso8601(submitted_at, at);
	bson_oid_to_string(id, hex);
	snprintf(out, SB_KYC_QUEUE_KEY_SIZE, "%s/%s", at, hex);
}

int
sb_kyc_queue_cursor(const struct sb_conn *conn, const bson_oid_t *id,
    struct sb_queue_cursor *c, bson_error_t *e)
{
	return cursor_of(conn, id, NULL, c, e);
}

int64_t
sb_kyc_of_user(const struct sb_conn *conn, const bson_oid_t *user_id,
    const struct sb_cursor *after, int64_t limit,
    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER;
	bson_t	*projection = BCON_NEW("document_type", BCON_INT32(1),
	    "document_number", BCON_INT32(1), "dek", BCON_INT32(1),
	    "user_id", BCON_INT32(1), "status", BCON_INT32(1),
	    "submitted_at", BCON_INT32(1), "reviewed_at", BCON_INT32(1),
	    "review_notes", BCON_INT32(1), "reject_kind", BCON_INT32(1),
	    "reject_reasons", BCON_INT32(1), "reviewed_by", BCON_INT32(1),
	    /* for the earlier submissions an auditor sees; never printed
	     * to a customer */
	    "internal_note", BCON_INT32(1), "reopened_by", BCON_INT32(1),
	    "reopened_at", BCON_INT32(1),
	    /* for the customer's export */
	    "media_type", BCON_INT32(1), "document_size", BCON_INT32(1),
	    "document_purged_at", BCON_INT32(1), "purge_rule", BCON_INT32(1));
	int64_t	 n;

	/* Newest first. */
	BSON_APPEND_OID(&filter, "user_id", user_id);
	n = sb_db_page(conn, SB_COLL_KYC, &filter, "submitted_at", -1, after,
	    limit, projection, fn, arg, e);
	bson_destroy(projection);
	bson_destroy(&filter);
	return n;
}

int
sb_kyc_set_reviewed(const struct sb_conn *conn, const bson_oid_t *id,
    const struct sb_kyc_review *r, bson_error_t *e)
{
	bson_t	update = BSON_INITIALIZER, set, list;
	char	codes[256], key[16], *p, *next;
	int	rc;
	unsigned n = 0;

	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
	BSON_APPEND_UTF8(&set, "status", r->status);
	BSON_APPEND_OID(&set, "reviewed_by", r->reviewer);
	BSON_APPEND_DATE_TIME(&set, "reviewed_at", r->at);
	if (r->notes != NULL)
		BSON_APPEND_UTF8(&set, "review_notes", r->notes);
	else
		BSON_APPEND_NULL(&set, "review_notes");
	if (r->kind != NULL) {
		BSON_APPEND_UTF8(&set, "reject_kind", r->kind);
		BSON_APPEND_ARRAY_BEGIN(&set, "reject_reasons", &list);
		snprintf(codes, sizeof(codes), "%s", r->reasons != NULL ?
		    r->reasons : "");
		for (p = codes; *p != '\0'; p = next) {
			next = p + strcspn(p, ",");
			if (*next == ',')
				*next++ = '\0';
			snprintf(key, sizeof(key), "%u", n++);
			BSON_APPEND_UTF8(&list, key, p);
		}
		bson_append_array_end(&set, &list);
	}
	if (r->internal_note != NULL)
		BSON_APPEND_UTF8(&set, "internal_note", r->internal_note);
	bson_append_document_end(&update, &set);
	rc = sb_db_update_by_id(conn, SB_COLL_KYC, id, &update, e);
	bson_destroy(&update);
	return rc;
}

int
sb_kyc_reopen(const struct sb_conn *conn, const bson_oid_t *id,
    const bson_oid_t *reopener, int64_t at, bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{",
	    "reject_kind", BCON_UTF8("RETRY"), "reopened_by", BCON_OID(reopener),
	    "reopened_at", BCON_DATE_TIME(at), "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_KYC, id, update, e);

	bson_destroy(update);
	return rc;
}

/* Bounded: each round means a decision landed in between; its writer syncs too. */
#define SYNC_ROUNDS	4

static int
latest_status(const struct sb_conn *conn, const bson_oid_t *user_id,
    char status[SB_STATUS_LEN], bson_error_t *e)
{
	struct sb_kyc_latest l;

	if (sb_kyc_latest(conn, user_id, &l, e) == SB_ERR)
		return SB_ERR;
	snprintf(status, SB_STATUS_LEN, "%s", l.count == 0 ||
	    l.status[0] == '\0' ? SB_KYC_PENDING : l.status);
	return SB_OK;
}

int
sb_kyc_sync_user(const struct sb_conn *conn, const bson_oid_t *user_id,
    const char *known, bson_error_t *e)
{
	char	status[SB_STATUS_LEN], again[SB_STATUS_LEN];

	if (known != NULL)
		snprintf(status, sizeof(status), "%s", known);
	else if (latest_status(conn, user_id, status, e) == SB_ERR)
		return SB_ERR;
	for (int round = 0; round < SYNC_ROUNDS; round++) {
		if (sb_user_set_kyc_status(conn, user_id, status, e) == SB_ERR ||
		    latest_status(conn, user_id, again, e) == SB_ERR)
			return SB_ERR;
		if (strcmp(status, again) == 0)
			break;
		memcpy(status, again, sizeof(status));
	}
	return SB_OK;
}

int
sb_kyc_rename_in_review(const struct sb_conn *conn, const bson_oid_t *user_id,
    const char *name, bson_error_t *e)
{
	bson_oid_t	 ids[8];	/* one in review at a time (ops/submission.c) */
	bson_t		*filter = BCON_NEW("user_id", BCON_OID(user_id),
	    "status", BCON_UTF8(SB_KYC_SUBMITTED));
	bson_t		*update;
	char		 key[SB_NAME_KEY_SIZE];
	int64_t		 n;
	int		 rc = SB_OK;

	/* The customer's few ids first (user_submitted), then each by _id:
	 * an update by any other filter is a scan on FerretDB. */
	n = sb_db_ids(conn, SB_COLL_KYC, filter, NULL, ids,
	    (int64_t)SB_NELEM(ids), e);
	bson_destroy(filter);
	if (n == SB_ERR)
		return SB_ERR;
	sb_name_key(name, key, sizeof(key));
	update = BCON_NEW("$set", "{", "user_name", BCON_UTF8(name),
	    "user_name_key", BCON_UTF8(key), "}");
	for (int64_t i = 0; i < n && rc == SB_OK; i++)
		rc = sb_db_update_by_id(conn, SB_COLL_KYC, &ids[i], update, e);
	bson_destroy(update);
	return rc;
}

int
sb_kyc_pseudonymise_user(const struct sb_conn *conn, const bson_oid_t *user_id,
    const char *name, const char *email, bson_error_t *e)
{
	bson_oid_t	 ids[64];
	bson_t		*filter = BCON_NEW("user_id", BCON_OID(user_id),
	    "user_email", "{", "$ne", BCON_UTF8(email), "}");
	bson_t		*update;
	char		 key[SB_NAME_KEY_SIZE];
	int64_t		 n;
	int		 rc = SB_OK;

	sb_name_key(name, key, sizeof(key));
	update = BCON_NEW("$set", "{", "user_name", BCON_UTF8(name),
	    "user_name_key", BCON_UTF8(key), "user_email", BCON_UTF8(email),
	    "}");
	/* A batch at a time, each by _id (see sb_kyc_rename_in_review); those
	 * done leave the filter. */
	do {
		n = sb_db_ids(conn, SB_COLL_KYC, filter, NULL, ids,
		    (int64_t)SB_NELEM(ids), e);
		if (n == SB_ERR)
			rc = SB_ERR;
		for (int64_t i = 0; rc == SB_OK && i < n; i++)
			rc = sb_db_update_by_id(conn, SB_COLL_KYC, &ids[i],
			    update, e);
	} while (rc == SB_OK && n == (int64_t)SB_NELEM(ids));
	bson_destroy(update);
	bson_destroy(filter);
	return rc;
}

/* What the sweep needs of a marked document. */
static void
read_marked(const bson_t *d, struct sb_marked *m)
{
	sb_bson_oid(d, "_id", &m->id);
	sb_bson_oid(d, "user_id", &m->user_id);
	sb_bson_str(d, "document_type", m->text, sizeof(m->text));
	sb_bson_str(d, "submitted_from", m->ip, sizeof(m->ip));
	sb_bson_str(d, "number_index", m->key, sizeof(m->key));
	m->at = sb_bson_date(d, "submitted_at");
}

int64_t
sb_kyc_marked(const struct sb_conn *conn, struct sb_marked *out, int64_t max,
    bson_error_t *e)
{
	return sb_db_marked(conn, SB_COLL_KYC, read_marked, out, max, e);
}

int
sb_kyc_clear_mark(const struct sb_conn *conn, const bson_oid_t *id,
    bson_error_t *e)
{
	return sb_db_unset_by_id(conn, SB_COLL_KYC, id, SB_FOLLOWUP_FIELD, e);
}
