/*
 * user.c -- the user collection: insert, look up, set the KYC status.
 */
#include "config.h"
#include "store/user.h"

#include <stdio.h>
#include <string.h>

#include "base/purpose.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/collections.h"

/* Each consent whose at is set, as consents.NAME (prefix "consents.") or
 * as members of a consents document (prefix ""). */
static void
append_consents(bson_t *b, const char *prefix, const struct sb_consent *c)
{
	char key[64];

	for (size_t i = 0; i < sb_npurposes; i++) {
		bson_t one;

		if (c[i].at == 0)
			continue;
		snprintf(key, sizeof(key), "%s%s", prefix, sb_purposes[i].name);
		bson_append_document_begin(b, key, -1, &one);
		BSON_APPEND_BOOL(&one, "given", c[i].given != 0);
		BSON_APPEND_DATE_TIME(&one, "at", c[i].at);
		BSON_APPEND_UTF8(&one, "notice", c[i].notice);
		bson_append_document_end(b, &one);
	}
}

int
sb_user_insert(const struct sb_conn *conn, struct sb_user *u,
    const struct sb_consent *consents, const char *registered_from,
    bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER, sub;
	int	rc;

	bson_oid_init(&u->id, NULL);
	bson_oid_to_string(&u->id, u->id_hex);
	BSON_APPEND_OID(&doc, "_id", &u->id);
	BSON_APPEND_UTF8(&doc, "email", u->email);
	BSON_APPEND_UTF8(&doc, "password_hash", u->password_hash);
	BSON_APPEND_UTF8(&doc, "name", u->name);
	BSON_APPEND_UTF8(&doc, "phone", u->phone);
	BSON_APPEND_UTF8(&doc, "role", u->role);
	BSON_APPEND_UTF8(&doc, "kyc_status", u->kyc_status);
	BSON_APPEND_DATE_TIME(&doc, "created_at", u->created_at);
	BSON_APPEND_BOOL(&doc, "disabled", u->disabled != 0);
	if (consents != NULL) {
		BSON_APPEND_DOCUMENT_BEGIN(&doc, "consents", &sub);
		append_consents(&sub, "", consents);
		bson_append_document_end(&doc, &sub);
	}
	if (registered_from != NULL) {
		BSON_APPEND_UTF8(&doc, "registered_from", registered_from);
		BSON_APPEND_BOOL(&doc, SB_FOLLOWUP_FIELD, true);
	}
	rc = sb_db_insert(conn, SB_COLL_USER, &doc, e);
	bson_destroy(&doc);
	return rc;
}

static void
from_bson(const bson_t *d, struct sb_user *u)
{
	memset(u, 0, sizeof(*u));
	sb_bson_oid(d, "_id", &u->id);
	bson_oid_to_string(&u->id, u->id_hex);
	sb_bson_str(d, "email", u->email, sizeof(u->email));
	sb_bson_str(d, "name", u->name, sizeof(u->name));
	sb_bson_str(d, "phone", u->phone, sizeof(u->phone));
	sb_bson_str(d, "role", u->role, sizeof(u->role));
	sb_bson_str(d, "kyc_status", u->kyc_status, sizeof(u->kyc_status));
	sb_bson_str(d, "password_hash", u->password_hash,
	    sizeof(u->password_hash));
	u->created_at = sb_bson_date(d, "created_at");
	u->disabled = sb_bson_bool(d, "disabled");
	u->closed_at = sb_bson_date(d, "closed_at");
	u->tokens_from = sb_bson_date(d, "tokens_from");
}

static int
find_one(const struct sb_conn *conn, const bson_t *filter, struct sb_user *u,
    bson_error_t *e)
{
	bson_t	d;
	int	found = sb_db_find_one(conn, SB_COLL_USER, filter, NULL, &d, e);

	if (found == SB_FOUND)
		from_bson(&d, u);
	bson_destroy(&d);
	return found;
}

int
sb_user_by_email(const struct sb_conn *conn, const char *email,
    struct sb_user *u, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER;
	int	found;

	BSON_APPEND_UTF8(&filter, "email", email);
	found = find_one(conn, &filter, u, e);
	bson_destroy(&filter);
	return found;
}

int
sb_user_by_id(const struct sb_conn *conn, const bson_oid_t *id,
    struct sb_user *u, bson_error_t *e)
{
	bson_t	d;
	int	found = sb_db_find_by_id(conn, SB_COLL_USER, id, NULL, &d, e);

	if (found == SB_FOUND)
		from_bson(&d, u);
	bson_destroy(&d);
	return found;
}

struct each_user {
	int	(*fn)(const struct sb_user *, void *);
	void	*arg;
};

static int
each_user(const bson_t *d, void *arg)
{
	struct each_user	*eu = arg;
	struct sb_user		 u;

	from_bson(d, &u);
	return eu->fn(&u, eu->arg);
}

int64_t
sb_user_each_by_ids(const struct sb_conn *conn, const bson_t *ids,
    int (*fn)(const struct sb_user *, void *), void *arg, bson_error_t *e)
{
	struct each_user	 eu = { fn, arg };
	bson_t			 filter = BSON_INITIALIZER, in;
	bson_t			*opts = BCON_NEW("projection", "{", "name",
	    BCON_INT32(1), "email", BCON_INT32(1), "}");
	int64_t			 n;

	BSON_APPEND_DOCUMENT_BEGIN(&filter, "_id", &in);
	BSON_APPEND_ARRAY(&in, "$in", ids);
	bson_append_document_end(&filter, &in);
	n = sb_db_find_each(conn, SB_COLL_USER, &filter, opts, each_user, &eu,
	    e);
	bson_destroy(opts);
	bson_destroy(&filter);
	return n;
}

int
sb_user_set_kyc_status(const struct sb_conn *conn, const bson_oid_t *id,
    const char *status, bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", "kyc_status", BCON_UTF8(status),
	    "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_USER, id, update, e);

	bson_destroy(update);
	return rc;
}

int
sb_user_set_disabled(const struct sb_conn *conn, const bson_oid_t *id,
    bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", "disabled", BCON_BOOL(true), "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_USER, id, update, e);

	bson_destroy(update);
	return rc;
}

/* Set the date field of the user id to at (ms).  SB_OK or SB_ERR. */
static int
set_date(const struct sb_conn *conn, const bson_oid_t *id, const char *field,
    int64_t at, bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", field, BCON_DATE_TIME(at), "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_USER, id, update, e);

	bson_destroy(update);
	return rc;
}

int
sb_user_set_tokens_from(const struct sb_conn *conn, const bson_oid_t *id,
    int64_t from, bson_error_t *e)
{
	return set_date(conn, id, "tokens_from", from, e);
}

int
sb_user_replace_hash(const struct sb_conn *conn, const bson_oid_t *id,
    const char *old, const char *fresh, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("_id", BCON_OID(id), "password_hash",
	    BCON_UTF8(old));
	bson_t	*update = BCON_NEW("$set", "{", "password_hash",
	    BCON_UTF8(fresh), "}");
	int	 rc = sb_db_update_one(conn, SB_COLL_USER, filter, update, e);

	bson_destroy(update);
	bson_destroy(filter);
	return rc;
}

/* The consents of user document d, one per purpose, into out. */
static void
read_consents(const bson_t *d, struct sb_consent *out)
{
	bson_iter_t	it, one;
	bson_t		sub;

	memset(out, 0, sb_npurposes * sizeof(*out));
	if (!bson_iter_init_find(&it, d, "consents") ||
	    !BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &one))
		return;
	while (bson_iter_next(&one)) {
		const struct sb_purpose	*p = sb_purpose_find(bson_iter_key(&one));
		const uint8_t		*data;
		uint32_t		 len;
		struct sb_consent	*c;

		if (p == NULL || !BSON_ITER_HOLDS_DOCUMENT(&one))
			continue;
		bson_iter_document(&one, &len, &data);
		if (!bson_init_static(&sub, data, len))
			continue;
		c = &out[p - sb_purposes];
		c->given = sb_bson_bool(&sub, "given");
		c->at = sb_bson_date(&sub, "at");
		sb_bson_str(&sub, "notice", c->notice, sizeof(c->notice));
	}
}

void
sb_user_consents_text(const struct sb_consent *c, char *out, size_t cap)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sb_npurposes && used < cap; i++)
		if (c[i].given)
			used += (size_t)snprintf(out + used, cap - used, "%s%s",
			    used > 0 ? "," : "", sb_purposes[i].name);
}

int
sb_user_consents(const struct sb_conn *conn, const bson_oid_t *id,
    struct sb_consent *out, bson_error_t *e)
{
	bson_t	 d;
	bson_t	*opts = BCON_NEW("projection", "{", "consents", BCON_INT32(1),
	    "}");
	int	 found = sb_db_find_by_id(conn, SB_COLL_USER, id, opts, &d, e);

	bson_destroy(opts);
	read_consents(&d, out);
	bson_destroy(&d);
	return found;
}

int
sb_user_set_consents(const struct sb_conn *conn, const bson_oid_t *id,
    const struct sb_consent *c, bson_error_t *e)
{
	bson_t	update = BSON_INITIALIZER, set;
	int	rc;

	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
	append_consents(&set, "consents.", c);
	bson_append_document_end(&update, &set);
	rc = sb_db_update_by_id(conn, SB_COLL_USER, id, &update, e);
	bson_destroy(&update);
	return rc;
}

int
sb_user_set_profile(const struct sb_conn *conn, const bson_oid_t *id,
    const char *name, const char *phone, bson_error_t *e)
{
	bson_t	update = BSON_INITIALIZER, set;
	int	rc;

	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
	if (name != NULL)
		BSON_APPEND_UTF8(&set, "name", name);
	if (phone != NULL)
		BSON_APPEND_UTF8(&set, "phone", phone);
	bson_append_document_end(&update, &set);
	rc = sb_db_update_by_id(conn, SB_COLL_USER, id, &update, e);
	bson_destroy(&update);
	return rc;
}

int
sb_user_close(const struct sb_conn *conn, const bson_oid_t *id, int64_t at,
    bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", "disabled", BCON_BOOL(true),
	    "closed_at", BCON_DATE_TIME(at), "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_USER, id, update, e);

	bson_destroy(update);
	return rc;
}

int64_t
sb_user_closed_before(const struct sb_conn *conn, int64_t cutoff,
    bson_oid_t *out, int64_t max, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("closed_at", "{", "$lt",
	    BCON_DATE_TIME(cutoff), "}", "documents_purged_at", "{", "$exists",
	    BCON_BOOL(false), "}");
	int64_t	 n = sb_db_ids(conn, SB_COLL_USER, filter, NULL, out, max, e);

	bson_destroy(filter);
	return n;
}

int
sb_user_set_purged(const struct sb_conn *conn, const bson_oid_t *id,
    int64_t at, bson_error_t *e)
{
	return set_date(conn, id, "documents_purged_at", at, e);
}

int
sb_user_request_erasure(const struct sb_conn *conn, const bson_oid_t *id,
    int64_t at, int64_t erase_after, bson_error_t *e)
{
	struct sb_user	u;
	bson_t		update = BSON_INITIALIZER, set;
	int		found, rc;

	if ((found = sb_user_by_id(conn, id, &u, e)) != SB_FOUND) {
		if (found == SB_NOTFOUND)
			bson_set_error(e, 0, 0, "no such user");
		return SB_ERR;
	}
	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
	BSON_APPEND_BOOL(&set, "disabled", true);
	if (u.closed_at == 0)
		BSON_APPEND_DATE_TIME(&set, "closed_at", at);
	BSON_APPEND_DATE_TIME(&set, "tokens_from", at);
	BSON_APPEND_DATE_TIME(&set, "erasure_requested_at", at);
	BSON_APPEND_BOOL(&set, "erasure_pending", true);
	/* Never: a date no sweep reaches (the index orders dates only). */
	BSON_APPEND_DATE_TIME(&set, "erase_after",
	    erase_after != 0 ? erase_after : SB_ERASE_NEVER);
	bson_append_document_end(&update, &set);
	rc = sb_db_update_by_id(conn, SB_COLL_USER, id, &update, e);
	bson_destroy(&update);
	return rc;
}

int64_t
sb_user_erasures_due(const struct sb_conn *conn, int64_t now, bson_oid_t *out,
    int64_t max, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("erasure_pending", BCON_BOOL(true),
	    "erase_after", "{", "$lte", BCON_DATE_TIME(now), "}");
	int64_t	 n = sb_db_ids(conn, SB_COLL_USER, filter, NULL, out, max, e);

	bson_destroy(filter);
	return n;
}

void
sb_user_erased_email(const char *id_hex, char *out)
{
	snprintf(out, 64, "erased-%s@erased.invalid", id_hex);
}

int
sb_user_pseudonymise(const struct sb_conn *conn, const bson_oid_t *id,
    int64_t at, bson_error_t *e)
{
	char	 hex[25], email[64];
	bson_t	*update;
	int	 rc;

	bson_oid_to_string(id, hex);
	sb_user_erased_email(hex, email);
	update = BCON_NEW("$set", "{", "name", BCON_UTF8(SB_ERASED_NAME),
	    "email", BCON_UTF8(email), "phone", BCON_UTF8(""),
	    /* not a bcrypt hash: sb_password_verify() never matches it */
	    "password_hash", BCON_UTF8("!erased"),
	    "erased_at", BCON_DATE_TIME(at), "}",
	    "$unset", "{", "consents", BCON_UTF8(""), "registered_from",
	    BCON_UTF8(""), "erasure_pending", BCON_UTF8(""), "}");
	rc = sb_db_update_by_id(conn, SB_COLL_USER, id, update, e);
	bson_destroy(update);
	return rc;
}

int64_t
sb_user_each_erasure_pending(const struct sb_conn *conn,
    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("erasure_pending", BCON_BOOL(true));
	bson_t	*opts = BCON_NEW("sort", "{", "erase_after", BCON_INT32(1),
	    "}", "projection", "{", "password_hash", BCON_INT32(0), "}");
	int64_t	 n = sb_db_find_each(conn, SB_COLL_USER, filter, opts, fn, arg,
	    e);

	bson_destroy(opts);
	bson_destroy(filter);
	return n;
}

int64_t
sb_user_each_auditor(const struct sb_conn *conn,
    int (*fn)(const struct sb_user *, void *), void *arg, bson_error_t *e)
{
	struct each_user	 eu = { fn, arg };
	bson_t			*filter = BCON_NEW("role",
	    BCON_UTF8(SB_ROLE_NAME_AUDITOR));
	bson_t			*opts = BCON_NEW("sort", "{", "created_at",
	    BCON_INT32(1), "}", "projection", "{", "password_hash",
	    BCON_INT32(0), "}");
	int64_t			 n;

	n = sb_db_find_each(conn, SB_COLL_USER, filter, opts, each_user, &eu,
	    e);
	bson_destroy(opts);
	bson_destroy(filter);
	return n;
}

_Static_assert(sizeof(((struct sb_marked *)0)->key) >= SB_CONSENTS_TEXT,
    "a registration's consents fit in struct sb_marked");

/* What the sweep needs of a marked document. */
static void
read_marked(const bson_t *d, struct sb_marked *m)
{
	struct sb_consent consents[SB_PURPOSES_MAX];

	sb_bson_oid(d, "_id", &m->id);
	m->user_id = m->id;
	sb_bson_str(d, "email", m->text, sizeof(m->text));
	sb_bson_str(d, "registered_from", m->ip, sizeof(m->ip));
	m->at = sb_bson_date(d, "created_at");
	read_consents(d, consents);
	sb_user_consents_text(consents, m->key, sizeof(m->key));
}

int64_t
sb_user_marked(const struct sb_conn *conn, struct sb_marked *out, int64_t max,
    bson_error_t *e)
{
	return sb_db_marked(conn, SB_COLL_USER, read_marked, out, max, e);
}

int
sb_user_clear_mark(const struct sb_conn *conn, const bson_oid_t *id,
    bson_error_t *e)
{
	return sb_db_unset_by_id(conn, SB_COLL_USER, id, SB_FOLLOWUP_FIELD, e);
}
