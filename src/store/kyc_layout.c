/*
 * kyc_layout.c -- migrate's and rotate-keys' writes on kyc_docs
 * (kyc_layout.h).
 */
#include "config.h"
#include "store/kyc_layout.h"

#include <stdio.h>
#include <string.h>

#include "base/keyring.h"
#include "base/model.h"
#include "base/seal.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/collections.h"

int64_t
sb_kyc_old_layout(const struct sb_conn *conn, bson_oid_t *out, int64_t max,
    bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("$or", "[",
	    "{", "document_data", "{", "$exists", BCON_BOOL(true), "}", "}",
	    "{", "user_name", "{", "$exists", BCON_BOOL(false), "}", "}",
	    "{", "queue_key", "{", "$exists", BCON_BOOL(false), "}", "}",
	    "{", "user_name_key", "{", "$exists", BCON_BOOL(false), "}", "}",
	    "{", "duplicate", "{", "$exists", BCON_BOOL(false), "}", "}",
	    "{", "sealing", "{", "$exists", BCON_BOOL(true), "}", "}",
	    "{", "dek", "{", "$exists", BCON_BOOL(false), "}",
	    "document_purged_at", "{", "$exists", BCON_BOOL(false), "}", "}",
	    /* Wrapped by a KEK, before customers had keys. */
	    "{", "dek.kek", "{", "$exists", BCON_BOOL(true), "}", "}",
	    "]");
	int64_t	 n = sb_db_ids(conn, SB_COLL_KYC, filter, NULL, out, max, e);

	bson_destroy(filter);
	return n;
}

int
sb_kyc_set_layout(const struct sb_conn *conn, const bson_oid_t *id,
    const char *encoding, const char *media_type, int64_t size,
    const char *sha256, const char *user_name, const char *user_email,
    bson_error_t *e)
{
	bson_t	update = BSON_INITIALIZER, set, unset;
	char	name_key[SB_NAME_KEY_SIZE];
	int	rc;

	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
	if (media_type != NULL) {
		BSON_APPEND_UTF8(&set, "document_encoding", encoding);
		BSON_APPEND_UTF8(&set, "media_type", media_type);
		BSON_APPEND_INT64(&set, "document_size", size);
		BSON_APPEND_UTF8(&set, "document_sha256", sha256);
	}
	BSON_APPEND_UTF8(&set, "user_name", user_name);
	sb_name_key(user_name, name_key, sizeof(name_key));
	BSON_APPEND_UTF8(&set, "user_name_key", name_key);
	BSON_APPEND_UTF8(&set, "user_email", user_email);
	bson_append_document_end(&update, &set);
	BSON_APPEND_DOCUMENT_BEGIN(&update, "$unset", &unset);
	if (media_type != NULL)
		BSON_APPEND_UTF8(&unset, "document_data", "");
	BSON_APPEND_UTF8(&unset, "sealing", "");
	bson_append_document_end(&update, &unset);
	rc = sb_db_update_by_id(conn, SB_COLL_KYC, id, &update, e);
	bson_destroy(&update);
	return rc;
}

int
sb_kyc_set_name_key(const struct sb_conn *conn, const bson_oid_t *id,
    const char *user_name, bson_error_t *e)
{
	char	 key[SB_NAME_KEY_SIZE];
	bson_t	*update;
	int	 rc;

	sb_name_key(user_name, key, sizeof(key));
	update = BCON_NEW("$set", "{", "user_name_key", BCON_UTF8(key), "}");
	rc = sb_db_update_by_id(conn, SB_COLL_KYC, id, update, e);
	bson_destroy(update);
	return rc;
}

int
sb_kyc_set_queue_key(const struct sb_conn *conn, const bson_oid_t *id,
    int64_t submitted_at, bson_error_t *e)
{
	bson_t	update = BSON_INITIALIZER, set;
	char	key[SB_KYC_QUEUE_KEY_SIZE];
	int	rc;

	sb_kyc_queue_key(submitted_at, id, key);
	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
	BSON_APPEND_UTF8(&set, "queue_key", key);
	bson_append_document_end(&update, &set);
	rc = sb_db_update_by_id(conn, SB_COLL_KYC, id, &update, e);
	bson_destroy(&update);
	return rc;
}

int
sb_kyc_set_envelope(const struct sb_conn *conn, const bson_oid_t *id,
    const struct sb_envelope *env, const char *type, const char *number,
    bson_error_t *e)
{
	bson_t	update = BSON_INITIALIZER, set, *filter;
	char	index[65];
	int	rc = SB_ERR;

	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
	if (number != NULL) {
		if (sb_blind_index(conn->keys->index_key, type, number,
		    index) == -1) {
			bson_set_error(e, 0, 0, "no blind index for the number");
			goto out;
		}
		BSON_APPEND_UTF8(&set, "number_index", index);
		if (sb_envelope_seal_str(env, "document_number", number, &set,
		    e) == SB_ERR)
			goto out;
	}
	if (sb_envelope_append(conn, env, 0, &set, e) == SB_ERR)
		goto out;
	BSON_APPEND_BOOL(&set, "sealing", true);
	bson_append_document_end(&update, &set);
	/*
	 * Only a record with no key yet and not purged: two migrations at
	 * once cannot put a second data key over the first (whose boxes
	 * would then never open), nor a key onto a purged record.
	 */
	filter = BCON_NEW("_id", BCON_OID(id), "dek", "{", "$exists",
	    BCON_BOOL(false), "}", "document_purged_at", "{", "$exists",
	    BCON_BOOL(false), "}");
	rc = sb_db_update_one(conn, SB_COLL_KYC, filter, &update, e);
	bson_destroy(filter);
out:
	bson_destroy(&update);
	return rc;
}

struct ids {
	bson_oid_t	*out;
	int64_t		 n;
};

static int
id_one(const bson_t *d, void *arg)
{
	struct ids *c = arg;

	if (sb_bson_oid(d, "_id", &c->out[c->n]))
		c->n++;
	return SB_NEXT;
}

int64_t
sb_kyc_wrapped_elsewhere(const struct sb_conn *conn, const char *kek_id,
    const bson_oid_t *after, bson_oid_t *out, int64_t max, bson_error_t *e)
{
	struct ids	 c = { out, 0 };
	bson_t		 filter = BSON_INITIALIZER, sub;
	bson_t		*opts = BCON_NEW("sort", "{", "_id", BCON_INT32(1), "}",
	    "limit", BCON_INT64(max), "projection", "{", "_id", BCON_INT32(1),
	    "}");
	int64_t		 n;

	BSON_APPEND_DOCUMENT_BEGIN(&filter, "dek.kek", &sub);
	BSON_APPEND_BOOL(&sub, "$exists", true);
	BSON_APPEND_UTF8(&sub, "$ne", kek_id);
	bson_append_document_end(&filter, &sub);
	if (after != NULL) {
		BSON_APPEND_DOCUMENT_BEGIN(&filter, "_id", &sub);
		BSON_APPEND_OID(&sub, "$gt", after);
		bson_append_document_end(&filter, &sub);
	}
	n = sb_db_find_each(conn, SB_COLL_KYC, &filter, opts, id_one, &c, e);
	bson_destroy(opts);
	bson_destroy(&filter);
	return n == SB_ERR ? SB_ERR : c.n;
}

int
sb_kyc_rewrap(const struct sb_conn *conn, const struct sb_envelope *env,
    int to_customer, bson_error_t *e)
{
	bson_t	update = BSON_INITIALIZER, set, *filter;
	int	rc;

	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &set);
	if ((to_customer ? sb_envelope_append(conn, env, 0, &set, e) :
	    sb_envelope_append_v1(conn, env, &set, e)) == SB_ERR) {
		bson_destroy(&update);
		return SB_ERR;
	}
	bson_append_document_end(&update, &set);
	/*
	 * Only over the key it was opened from, and never onto a purged
	 * record: a purge (or another rotation) that ran meanwhile keeps what
	 * it wrote.  The _id equality is what the local database reads by.
	 */
	filter = BCON_NEW("_id", BCON_OID(&env->id), "dek.kek",
	    BCON_UTF8(env->kek), "document_purged_at", "{", "$exists",
	    BCON_BOOL(false), "}");
	rc = sb_db_update_one(conn, SB_COLL_KYC, filter, &update, e);
	bson_destroy(filter);
	bson_destroy(&update);
	return rc;
}
