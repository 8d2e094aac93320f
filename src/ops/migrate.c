/*
 * migrate.c -- the old layout to the new, one kyc_doc at a time.
 */
#include "config.h"
#include "ops/migrate.h"

#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/model.h"
#include "store/bsonx.h"
#include "store/envelope.h"
#include "store/kyc_doc.h"
#include "store/kyc_document.h"
#include "store/kyc_duplicate.h"
#include "store/kyc_layout.h"
#include "store/user.h"

/* The customer's name and email as they are now ("" when gone). */
static int
customer(const struct sb_conn *conn, const bson_t *kyc, struct sb_user *u,
    bson_error_t *e)
{
	bson_oid_t	uid;
	int		found;

	memset(u, 0, sizeof(*u));
	if (!sb_bson_oid(kyc, "user_id", &uid))
		return SB_OK;
	found = sb_user_by_id(conn, &uid, u, e);
	if (found == SB_NOTFOUND)
		memset(u, 0, sizeof(*u));
	return found == SB_ERR ? SB_ERR : SB_OK;
}

/*
 * The data key of the kyc_doc, stored before anything is sealed under it:
 * the one it has, or a new one, written with its number sealed.  *fresh
 * says which.  SB_OK or SB_ERR.
 */
static int
envelope(const struct sb_conn *conn, const bson_t *kyc, struct sb_envelope *env,
    int *fresh, bson_error_t *e)
{
	bson_iter_t	it;
	bson_oid_t	id, uid;
	bson_t		now;
	char		type[32];
	int		found;

	*fresh = 0;
	if ((found = sb_envelope_open(conn, kyc, env, e)) != SB_NOTFOUND)
		return found == SB_ERR ? SB_ERR : SB_OK;
	sb_bson_oid(kyc, "_id", &id);
	if (!sb_bson_oid(kyc, "user_id", &uid)) {
		bson_set_error(e, 0, 0, "a KYC without a user_id");
		return SB_ERR;
	}
	if (sb_envelope_new(&id, &uid, env, e) == SB_ERR)
		return SB_ERR;
	sb_bson_str(kyc, "document_type", type, sizeof(type));
	*fresh = 1;
	if (sb_kyc_set_envelope(conn, &id, env, type,
	    bson_iter_init_find(&it, kyc, "document_number") &&
	    BSON_ITER_HOLDS_UTF8(&it) ? bson_iter_utf8(&it, NULL) : NULL,
	    e) == SB_ERR)
		return SB_ERR;
	/*
	 * The write was conditional: what is stored now wins (another
	 * migration's key), and a record purged meanwhile has none.
	 */
	sb_envelope_wipe(env);
	if ((found = sb_kyc_find(conn, &id, 0, &now, e)) == SB_FOUND)
		found = sb_envelope_open(conn, &now, env, e);
	bson_destroy(&now);
	if (found == SB_NOTFOUND)
		bson_set_error(e, 0, 0, "a KYC was purged while it was "
		    "migrated: run migrate again");
	return found == SB_FOUND ? SB_OK : SB_ERR;
}

/* The inline bytes of an old-layout kyc_doc into kyc_document, sealed. */
static int
move_bytes(const struct sb_conn *conn, const bson_t *kyc, bson_iter_t *data,
    const bson_oid_t *uid, const struct sb_envelope *env,
    struct sb_document_new *d, bson_error_t *e)
{
	uint32_t	len;
	char		enc[16];

	memset(d, 0, sizeof(*d));
	d->data = bson_iter_utf8(data, &len);
	d->len = len;
	sb_bson_str(kyc, "document_encoding", enc, sizeof(enc));
	/* Anything that is not base64 was kept as text (the seed's rule). */
	d->encoding = strcmp(enc, "base64") == 0 &&
	    sb_base64_decoded_len(d->data, d->len) >= 0 ? "base64" : "text";
	d->id = &env->id;
	d->user_id = uid;
	d->env = env;
	d->at = sb_bson_date(kyc, "submitted_at");
	if (sb_kyc_document_insert(conn, d, e) == SB_OK)
		return SB_OK;
	if (!sb_db_error_is_duplicate(e))
		return SB_ERR;
	/* Stored by an earlier, interrupted run: kept, and sealed if not. */
	return sb_kyc_document_seal(conn, env, e) == SB_ERR ? SB_ERR : SB_OK;
}

/*
 * Is the kyc_doc in the new layout, maybe but for its derived keys (its
 * queue_key, its user_name_key) and its data key's form?  Its name and email
 * stay the ones copied in when it was made.
 */
static int
in_new_layout(const bson_t *kyc)
{
	return bson_has_field(kyc, "user_name") &&
	    !bson_has_field(kyc, "document_data") &&
	    !bson_has_field(kyc, "sealing") &&
	    (bson_has_field(kyc, "dek") ||
	    bson_has_field(kyc, "document_purged_at"));
}

/* Is its data key wrapped by a KEK (before customers had keys)? */
static int
under_a_kek(const bson_t *kyc)
{
	bson_iter_t it, f;

	return bson_iter_init(&it, kyc) &&
	    bson_iter_find_descendant(&it, "dek.kek", &f);
}

/*
 * Its data key under its record key instead, over the KEK-wrapped one (a
 * purge or rotation meanwhile wins; the next run sees the record again).
 */
static int
customer_key(const struct sb_conn *conn, const bson_t *kyc,
    struct sb_envelope *env, struct sb_migrate_counts *n, bson_error_t *e)
{
	int found = sb_envelope_open(conn, kyc, env, e);

	if (found != SB_FOUND)
		return found == SB_ERR ? SB_ERR : SB_OK;
	if (env->v != SB_SEAL_VERSION) {	/* else the next batch again */
		bson_set_error(e, 0, 0, "a data key with a KEK id that is not "
		    "of version 1");
		return SB_ERR;
	}
	if (sb_kyc_rewrap(conn, env, 1, e) == SB_ERR)
		return SB_ERR;
	n->rekeyed++;
	return SB_OK;
}

/*
 * A kyc_doc's duplicate flag (store/kyc_duplicate.h), from the other
 * customers' KYCs with its number: when there are any, theirs too.
 */
static int
duplicate_flag(const struct sb_conn *conn, const bson_t *kyc,
    const bson_oid_t *id, struct sb_migrate_counts *n, bson_error_t *e)
{
	bson_oid_t	uid;
	char		index[65];
	int64_t		dups = 0;

	n->checked++;
	sb_bson_str(kyc, "number_index", index, sizeof(index));
	if (sb_bson_oid(kyc, "user_id", &uid) &&
	    (dups = sb_kyc_count_duplicates(conn, index, &uid, e)) == SB_ERR)
		return SB_ERR;
	if (dups == 0)
		return sb_kyc_set_duplicate(conn, id, 0, e);
	return sb_kyc_mark_duplicates(conn, index, e);
}

/*
 * The keys derived from a kyc_doc's own fields that it lacks: its
 * queue_key, its user_name_key (once it has a user_name), and its
 * duplicate flag.
 */
static int
derived_keys(const struct sb_conn *conn, const bson_t *kyc,
    const bson_oid_t *id, struct sb_migrate_counts *n, bson_error_t *e)
{
	char	name[SB_NAME_KEY_SIZE];

	if (!bson_has_field(kyc, "queue_key")) {
		n->keyed++;
		if (sb_kyc_set_queue_key(conn, id, sb_bson_date(kyc,
		    "submitted_at"), e) == SB_ERR)
			return SB_ERR;
	}
	sb_bson_str(kyc, "user_name", name, sizeof(name));
	if (!bson_has_field(kyc, "user_name_key") &&
	    bson_has_field(kyc, "user_name")) {
		n->searchable++;
		if (sb_kyc_set_name_key(conn, id, name, e) == SB_ERR)
			return SB_ERR;
	}
	if (!bson_has_field(kyc, "duplicate"))
		return duplicate_flag(conn, kyc, id, n, e);
	return SB_OK;
}

static int
migrate_one(const struct sb_conn *conn, const bson_oid_t *id,
    struct sb_migrate_counts *n, bson_error_t *e)
{
	struct sb_document_new	 d;
	struct sb_envelope	 env;
	struct sb_user		 u;
	bson_t			 kyc;
	bson_iter_t		 it;
	bson_oid_t		 uid;
	int			 found, fresh = 0, rc = SB_ERR;

	if ((found = sb_kyc_find(conn, id, 1, &kyc, e)) != SB_FOUND) {
		bson_destroy(&kyc);
		return found == SB_ERR ? SB_ERR : SB_OK;	/* gone meanwhile */
	}
	memset(&env, 0, sizeof(env));
	if (in_new_layout(&kyc)) {
		rc = derived_keys(conn, &kyc, id, n, e);
		if (rc == SB_OK && under_a_kek(&kyc))
			rc = customer_key(conn, &kyc, &env, n, e);
		goto out;
	}
	if (customer(conn, &kyc, &u, e) == SB_ERR)
		goto out;
	/* Shredded by a purge: nothing left to seal. */
	if (bson_has_field(&kyc, "document_purged_at")) {
		if ((rc = sb_kyc_set_layout(conn, id, NULL, NULL, 0, NULL,
		    u.name, u.email, e)) == SB_OK)
			rc = derived_keys(conn, &kyc, id, n, e);
		goto out;
	}
	if (envelope(conn, &kyc, &env, &fresh, e) == SB_ERR)
		goto out;
	if (bson_iter_init_find(&it, &kyc, "document_data") &&
	    BSON_ITER_HOLDS_UTF8(&it)) {
		sb_bson_oid(&kyc, "user_id", &uid);
		if (move_bytes(conn, &kyc, &it, &uid, &env, &d, e) == SB_ERR ||
		    sb_kyc_set_layout(conn, id, d.encoding, d.media_type,
		    (int64_t)d.size, d.sha256, u.name, u.email, e) == SB_ERR)
			goto out;
		n->moved++;
	} else {
		if (sb_kyc_document_seal(conn, &env, e) == SB_ERR ||
		    sb_kyc_set_layout(conn, id, NULL, NULL, 0, NULL, u.name,
		    u.email, e) == SB_ERR)
			goto out;
		n->named++;
	}
	if (fresh)
		n->sealed++;
	rc = derived_keys(conn, &kyc, id, n, e);
out:
	sb_envelope_wipe(&env);
	bson_destroy(&kyc);
	return rc;
}

int
sb_migrate(const struct sb_conn *conn, int64_t max,
    struct sb_migrate_counts *n, bson_error_t *e)
{
	bson_oid_t	*ids = calloc((size_t)max, sizeof(*ids));
	int64_t		 count;
	int		 rc = SB_OK;

	memset(n, 0, sizeof(*n));
	if (ids == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	if ((count = sb_kyc_old_layout(conn, ids, max, e)) == SB_ERR)
		rc = SB_ERR;
	for (int64_t i = 0; rc == SB_OK && i < count; i++)
		rc = migrate_one(conn, &ids[i], n, e);
	n->seen = count;
	free(ids);
	return rc;
}
