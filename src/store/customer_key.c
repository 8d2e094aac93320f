/*
 * customer_key.c -- customers' keys and their records' salts (see
 * customer_key.h).
 */
#include "config.h"
#include "store/customer_key.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "base/log.h"
#include "base/model.h"
#include "base/seal.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/collections.h"

#define FIELD		"customer_key"	/* what the wrapped key is sealed as */
#define SALT_KEY_MAX	(sizeof("salts.k") + SB_ID_HEX_LEN)
#define ROTATE_BATCH	100

/* "salts.k<hex>" for the KYC id (with_prefix), or "k<hex>" (without). */
static void
salt_key(const bson_oid_t *kyc, int with_prefix, char out[SALT_KEY_MAX])
{
	char hex[SB_ID_HEX_LEN + 1];

	bson_oid_to_string(kyc, hex);
	snprintf(out, SALT_KEY_MAX, "%sk%s", with_prefix ? "salts." : "", hex);
}

static int
unreadable(const bson_oid_t *user, bson_error_t *e)
{
	char hex[SB_ID_HEX_LEN + 1];

	bson_oid_to_string(user, hex);
	sb_log(SB_LOG_ERROR, "sealed_unreadable", "user_id=%s "
	    "what=customer_key", hex);
	bson_set_error(e, SB_SEALED_ERROR_DOMAIN, 1, "the key of customer %s "
	    "does not open (modified, moved, or its key-encryption key is not "
	    "in the key file)", hex);
	return SB_ERR;
}

/* A binary field of exactly len bytes, or NULL. */
static const uint8_t *
binary(const bson_t *d, const char *dotted, uint32_t len)
{
	const uint8_t	*data = NULL;
	bson_subtype_t	 st;
	bson_iter_t	 it, f;
	uint32_t	 n = 0;

	if (!bson_iter_init(&it, d) || !bson_iter_find_descendant(&it, dotted,
	    &f) || !BSON_ITER_HOLDS_BINARY(&f))
		return NULL;
	bson_iter_binary(&f, &st, &n, &data);
	return n == len ? data : NULL;
}

/* The customer's key, unwrapped from their document d.  SB_OK or SB_ERR. */
static int
unwrap(const struct sb_conn *conn, const bson_oid_t *user, const bson_t *d,
    uint8_t ck[SB_KEY_LEN], bson_error_t *e)
{
	const uint8_t		*wrapped = binary(d, "key", SB_WRAPPED_LEN);
	const struct sb_kek	*kek;
	char			 kek_id[SB_KEY_ID_MAX + 1];

	sb_bson_str(d, "kek", kek_id, sizeof(kek_id));
	if (wrapped == NULL ||
	    (kek = sb_keyring_find(conn->keys, kek_id)) == NULL ||
	    sb_unseal(kek->key, user->bytes, FIELD, wrapped, SB_WRAPPED_LEN,
	    ck) == -1)
		return unreadable(user, e);
	return SB_OK;
}

/* A fresh customer's key, wrapped under the newest KEK, into doc. */
static int
append_new_key(const struct sb_conn *conn, const bson_oid_t *user,
    bson_t *doc, bson_error_t *e)
{
	const struct sb_kek	*kek = sb_keyring_newest(conn->keys);
	uint8_t			 box[SB_WRAPPED_LEN];
	int			 ok;

	ok = kek != NULL &&
	    RAND_bytes(box + SB_NONCE_LEN, SB_KEY_LEN) == 1 &&
	    sb_seal(kek->key, user->bytes, FIELD, box, SB_KEY_LEN) == 0;
	if (!ok) {
		OPENSSL_cleanse(box, sizeof(box));
		bson_set_error(e, 0, 0, "could not make a customer's key");
		return SB_ERR;
	}
	BSON_APPEND_INT32(doc, "v", 1);
	BSON_APPEND_UTF8(doc, "kek", kek->id);
	BSON_APPEND_BINARY(doc, "key", BSON_SUBTYPE_BINARY, box, sizeof(box));
	BSON_APPEND_DATE_TIME(doc, "created_at", sb_now_ms());
	return SB_OK;
}

/*
 * Make the customer's document if there is none, setting salt_field (if
 * not NULL) to a fresh salt in the same write; the document as it is
 * afterwards into out (always destroyed by the caller).  SB_OK or SB_ERR.
 */
static int
upsert(const struct sb_conn *conn, const bson_oid_t *user,
    const char *salt_field, bson_t *out, bson_error_t *e)
{
	mongoc_collection_t		*coll = sb_db_coll(conn,
	    SB_COLL_CUSTOMER_KEY);
	mongoc_find_and_modify_opts_t	*opts = mongoc_find_and_modify_opts_new();
	bson_t				 query = BSON_INITIALIZER, update =
	    BSON_INITIALIZER, sub, reply;
	bson_iter_t			 it;
	uint8_t				 salt[SB_SALT_LEN];
	int				 rc = SB_ERR;

	bson_init(out);
	BSON_APPEND_OID(&query, "_id", user);
	BSON_APPEND_DOCUMENT_BEGIN(&update, "$setOnInsert", &sub);
	if (append_new_key(conn, user, &sub, e) == SB_ERR)
		goto done;
	bson_append_document_end(&update, &sub);
	if (salt_field != NULL) {
		if (RAND_bytes(salt, sizeof(salt)) != 1) {
			bson_set_error(e, 0, 0, "no random bytes for a salt");
			goto done;
		}
		BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &sub);
		BSON_APPEND_BINARY(&sub, salt_field, BSON_SUBTYPE_BINARY, salt,
		    sizeof(salt));
		bson_append_document_end(&update, &sub);
	}
	mongoc_find_and_modify_opts_set_update(opts, &update);
	mongoc_find_and_modify_opts_set_flags(opts,
	    MONGOC_FIND_AND_MODIFY_UPSERT | MONGOC_FIND_AND_MODIFY_RETURN_NEW);
	if (!mongoc_collection_find_and_modify_with_opts(coll, &query, opts,
	    &reply, e)) {
		bson_destroy(&reply);
		goto done;
	}
	if (bson_iter_init_find(&it, &reply, "value") &&
	    BSON_ITER_HOLDS_DOCUMENT(&it)) {
		const uint8_t	*data;
		uint32_t	 len;
		bson_t		 v;

		bson_iter_document(&it, &len, &data);
		if (bson_init_static(&v, data, len)) {
			bson_destroy(out);
			bson_copy_to(&v, out);
			rc = SB_OK;
		}
	}
	if (rc == SB_ERR)
		bson_set_error(e, 0, 0, "no customer key document in the reply");
	bson_destroy(&reply);
done:
	OPENSSL_cleanse(salt, sizeof(salt));
	bson_destroy(&update);
	bson_destroy(&query);
	mongoc_find_and_modify_opts_destroy(opts);
	mongoc_collection_destroy(coll);
	return rc;
}

/* The user's document, from the request's loaded ones if there. */
static int
find(const struct sb_conn *conn, const bson_oid_t *user, bson_t *out,
    bson_error_t *e)
{
	if (conn->known != NULL) {
		for (size_t i = 0; i < conn->known->n; i++) {
			bson_oid_t id;

			if (sb_bson_oid(&conn->known->docs[i], "_id", &id) &&
			    bson_oid_equal(&id, user)) {
				bson_copy_to(&conn->known->docs[i], out);
				return SB_FOUND;
			}
		}
	}
	return sb_db_find_by_id(conn, SB_COLL_CUSTOMER_KEY, user, NULL, out, e);
}

/* Give the record its salt unless it has one (two migrations at once
 * must agree on one).  SB_OK or SB_ERR. */
static int
add_salt(const struct sb_conn *conn, const bson_oid_t *user,
    const char *field, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER, update = BSON_INITIALIZER, sub;
	uint8_t	salt[SB_SALT_LEN];
	int	rc = SB_ERR;

	if (RAND_bytes(salt, sizeof(salt)) != 1) {
		bson_set_error(e, 0, 0, "no random bytes for a salt");
		return SB_ERR;
	}
	BSON_APPEND_OID(&filter, "_id", user);
	BSON_APPEND_DOCUMENT_BEGIN(&filter, field, &sub);
	BSON_APPEND_BOOL(&sub, "$exists", false);
	bson_append_document_end(&filter, &sub);
	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &sub);
	BSON_APPEND_BINARY(&sub, field, BSON_SUBTYPE_BINARY, salt,
	    sizeof(salt));
	bson_append_document_end(&update, &sub);
	rc = sb_db_update_one(conn, SB_COLL_CUSTOMER_KEY, &filter, &update, e);
	OPENSSL_cleanse(salt, sizeof(salt));
	bson_destroy(&update);
	bson_destroy(&filter);
	return rc;
}

int
sb_record_key_get(const struct sb_conn *conn, const bson_oid_t *user,
    const bson_oid_t *kyc, enum sb_record_key_use use,
    uint8_t out[SB_KEY_LEN], bson_error_t *e)
{
	char		 field[SALT_KEY_MAX];
	const uint8_t	*salt;
	uint8_t		 ck[SB_KEY_LEN];
	bson_t		 d;
	int		 rc;

	salt_key(kyc, 1, field);
	switch (use) {
	case SB_RECORD_KEY_READ:
		rc = find(conn, user, &d, e);
		break;
	case SB_RECORD_KEY_NEW:
		rc = upsert(conn, user, field, &d, e) == SB_OK ? SB_FOUND :
		    SB_ERR;
		break;
	default:
		rc = upsert(conn, user, NULL, &d, e);
		if (rc == SB_OK && binary(&d, field, SB_SALT_LEN) == NULL) {
			bson_destroy(&d);
			rc = add_salt(conn, user, field, e);
			if (rc == SB_OK)
				rc = sb_db_find_by_id(conn,
				    SB_COLL_CUSTOMER_KEY, user, NULL, &d, e);
			else
				bson_init(&d);
		} else if (rc == SB_OK) {
			rc = SB_FOUND;
		}
		break;
	}
	if (rc != SB_FOUND) {
		bson_destroy(&d);
		return rc;
	}
	if ((salt = binary(&d, field, SB_SALT_LEN)) == NULL) {
		bson_destroy(&d);
		return SB_NOTFOUND;	/* the record was forgotten */
	}
	if (unwrap(conn, user, &d, ck, e) == SB_ERR) {
		bson_destroy(&d);
		return SB_ERR;
	}
	rc = sb_record_key(ck, kyc->bytes, salt, out) == 0 ? SB_FOUND : SB_ERR;
	OPENSSL_cleanse(ck, sizeof(ck));
	bson_destroy(&d);
	if (rc == SB_ERR)
		bson_set_error(e, 0, 0, "could not make a record key");
	return rc;
}

int
sb_customer_key_forget_record(const struct sb_conn *conn,
    const bson_oid_t *user, const bson_oid_t *kyc, bson_error_t *e)
{
	bson_t	update = BSON_INITIALIZER, sub;
	char	field[SALT_KEY_MAX];
	int	rc;

	salt_key(kyc, 1, field);
	BSON_APPEND_DOCUMENT_BEGIN(&update, "$unset", &sub);
	BSON_APPEND_UTF8(&sub, field, "");
	bson_append_document_end(&update, &sub);
	rc = sb_db_update_by_id(conn, SB_COLL_CUSTOMER_KEY, user, &update, e);
	bson_destroy(&update);
	return rc;
}

int
sb_customer_key_forget(const struct sb_conn *conn, const bson_oid_t *user,
    bson_error_t *e)
{
	return sb_db_delete_by_id(conn, SB_COLL_CUSTOMER_KEY, user, e);
}

int
sb_customer_key_exists(const struct sb_conn *conn, const bson_oid_t *user,
    bson_error_t *e)
{
	bson_t	 d;
	bson_t	*opts = BCON_NEW("projection", "{", "_id", BCON_INT32(1), "}");
	int	 found = sb_db_find_by_id(conn, SB_COLL_CUSTOMER_KEY, user, opts,
	    &d, e);

	bson_destroy(opts);
	bson_destroy(&d);
	return found;
}

struct loading {
	struct sb_customer_keys	*keys;
	size_t			 cap;
};

static int
load_one(const bson_t *d, void *arg)
{
	struct loading *l = arg;

	if (l->keys->n < l->cap)
		bson_copy_to(d, &l->keys->docs[l->keys->n++]);
	return SB_NEXT;
}

int
sb_customer_keys_load(const struct sb_conn *conn, const bson_oid_t *users,
    size_t n, struct sb_customer_keys *keys, bson_error_t *e)
{
	struct loading	 l = { keys, n };
	bson_t		 filter = BSON_INITIALIZER;
	int64_t		 got;

	keys->n = 0;
	if (n == 0) {
		keys->docs = NULL;
		return SB_OK;
	}
	if ((keys->docs = calloc(n, sizeof(*keys->docs))) == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	sb_db_append_id_in(&filter, users, n);
	got = sb_db_find_each(conn, SB_COLL_CUSTOMER_KEY, &filter, NULL,
	    load_one, &l, e);
	bson_destroy(&filter);
	if (got == SB_ERR) {
		sb_customer_keys_free(keys);
		return SB_ERR;
	}
	return SB_OK;
}

void
sb_customer_keys_free(struct sb_customer_keys *keys)
{
	for (size_t i = 0; i < keys->n; i++)
		bson_destroy(&keys->docs[i]);
	free(keys->docs);
	keys->docs = NULL;
	keys->n = 0;
}

/* Re-wrap one customer's key d under newest, over the key read. */
static int
rewrap_one(const struct sb_conn *conn, const struct sb_kek *newest,
    const bson_t *d, struct sb_customer_rotate_counts *n, bson_error_t *e)
{
	const uint8_t	*old = binary(d, "key", SB_WRAPPED_LEN);
	bson_oid_t	 user;
	bson_t		 filter = BSON_INITIALIZER, update = BSON_INITIALIZER,
			 sub;
	uint8_t		 ck[SB_KEY_LEN], box[SB_WRAPPED_LEN];
	char		 kek_id[SB_KEY_ID_MAX + 1];
	int		 rc;

	if (!sb_bson_oid(d, "_id", &user) || old == NULL)
		return SB_OK;
	if (unwrap(conn, &user, d, ck, e) == SB_ERR) {
		n->failed++;		/* logged */
		return SB_OK;
	}
	memcpy(box + SB_NONCE_LEN, ck, SB_KEY_LEN);
	OPENSSL_cleanse(ck, sizeof(ck));
	if (sb_seal(newest->key, user.bytes, FIELD, box, SB_KEY_LEN) == -1) {
		OPENSSL_cleanse(box, sizeof(box));
		bson_set_error(e, 0, 0, "could not wrap a customer's key");
		return SB_ERR;
	}
	sb_bson_str(d, "kek", kek_id, sizeof(kek_id));
	BSON_APPEND_OID(&filter, "_id", &user);
	BSON_APPEND_UTF8(&filter, "kek", kek_id);
	BSON_APPEND_BINARY(&filter, "key", BSON_SUBTYPE_BINARY, old,
	    SB_WRAPPED_LEN);
	BSON_APPEND_DOCUMENT_BEGIN(&update, "$set", &sub);
	BSON_APPEND_UTF8(&sub, "kek", newest->id);
	BSON_APPEND_BINARY(&sub, "key", BSON_SUBTYPE_BINARY, box, sizeof(box));
	bson_append_document_end(&update, &sub);
	rc = sb_db_update_one(conn, SB_COLL_CUSTOMER_KEY, &filter, &update, e);
	bson_destroy(&update);
	bson_destroy(&filter);
	if (rc == SB_OK)
		n->rewrapped++;
	return rc;
}

struct batch {
	bson_t	docs[ROTATE_BATCH];
	size_t	n;
};

static int
batch_one(const bson_t *d, void *arg)
{
	struct batch *b = arg;

	if (b->n < ROTATE_BATCH)
		bson_copy_to(d, &b->docs[b->n++]);
	return SB_NEXT;
}

int
sb_customer_keys_rotate(const struct sb_conn *conn,
    struct sb_customer_rotate_counts *n, bson_error_t *e)
{
	const struct sb_kek	*newest = sb_keyring_newest(conn->keys);
	struct batch		*b = calloc(1, sizeof(*b));
	bson_oid_t		 last;
	int			 have_last = 0, rc = SB_OK;

	memset(n, 0, sizeof(*n));
	if (b == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	do {
		bson_t	 filter = BSON_INITIALIZER, sub;
		bson_t	*opts = BCON_NEW("sort", "{", "_id", BCON_INT32(1), "}",
		    "limit", BCON_INT64(ROTATE_BATCH));

		BSON_APPEND_DOCUMENT_BEGIN(&filter, "kek", &sub);
		BSON_APPEND_UTF8(&sub, "$ne", newest->id);
		bson_append_document_end(&filter, &sub);
		if (have_last) {
			BSON_APPEND_DOCUMENT_BEGIN(&filter, "_id", &sub);
			BSON_APPEND_OID(&sub, "$gt", &last);
			bson_append_document_end(&filter, &sub);
		}
		b->n = 0;
		if (sb_db_find_each(conn, SB_COLL_CUSTOMER_KEY, &filter, opts,
		    batch_one, b, e) == SB_ERR)
			rc = SB_ERR;
		bson_destroy(opts);
		bson_destroy(&filter);
		for (size_t i = 0; i < b->n; i++) {
			if (rc == SB_OK)
				rc = rewrap_one(conn, newest, &b->docs[i], n, e);
			if (i == b->n - 1 && sb_bson_oid(&b->docs[i], "_id",
			    &last))
				have_last = 1;
			bson_destroy(&b->docs[i]);
		}
	} while (rc == SB_OK && b->n == ROTATE_BATCH);
	free(b);
	return rc;
}
