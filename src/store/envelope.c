/*
 * envelope.c -- data keys in kyc_doc, wrapped and unwrapped.
 */
#include "config.h"
#include "store/envelope.h"

#include <string.h>

#include <openssl/crypto.h>

#include "base/keyring.h"
#include "base/log.h"
#include "base/model.h"
#include "store/bsonx.h"
#include "store/customer_key.h"

int
sb_envelope_new(const bson_oid_t *id, const bson_oid_t *user_id,
    struct sb_envelope *env, bson_error_t *e)
{
	memset(env, 0, sizeof(*env));
	bson_oid_copy(id, &env->id);
	bson_oid_copy(user_id, &env->user_id);
	env->v = SB_SEAL_VERSION_CUSTOMER;
	if (sb_dek_new(env->dek) == -1) {
		bson_set_error(e, 0, 0, "no random bytes for a data key");
		return SB_ERR;
	}
	return SB_OK;
}

int
sb_envelope_append(const struct sb_conn *conn, const struct sb_envelope *env,
    int fresh, bson_t *doc, bson_error_t *e)
{
	struct sb_kek	rk = { .id = "record" };
	uint8_t		wrapped[SB_WRAPPED_LEN];
	bson_t		sub;
	int		rc;

	rc = sb_record_key_get(conn, &env->user_id, &env->id, fresh ?
	    SB_RECORD_KEY_NEW : SB_RECORD_KEY_ADD, rk.key, e);
	if (rc == SB_FOUND && sb_dek_wrap(&rk, env->id.bytes, env->dek,
	    wrapped) == -1) {
		bson_set_error(e, 0, 0, "could not wrap a data key");
		rc = SB_ERR;
	}
	OPENSSL_cleanse(rk.key, sizeof(rk.key));
	if (rc != SB_FOUND)
		return SB_ERR;
	BSON_APPEND_DOCUMENT_BEGIN(doc, "dek", &sub);
	BSON_APPEND_INT32(&sub, "v", SB_SEAL_VERSION_CUSTOMER);
	BSON_APPEND_BINARY(&sub, "key", BSON_SUBTYPE_BINARY, wrapped,
	    sizeof(wrapped));
	bson_append_document_end(doc, &sub);
	return SB_OK;
}

int
sb_envelope_append_v1(const struct sb_conn *conn,
    const struct sb_envelope *env, bson_t *doc, bson_error_t *e)
{
	const struct sb_kek	*kek = sb_keyring_newest(conn->keys);
	uint8_t			 wrapped[SB_WRAPPED_LEN];
	bson_t			 sub;

	if (kek == NULL || sb_dek_wrap(kek, env->id.bytes, env->dek,
	    wrapped) == -1) {
		bson_set_error(e, 0, 0, "could not wrap a data key");
		return SB_ERR;
	}
	BSON_APPEND_DOCUMENT_BEGIN(doc, "dek", &sub);
	BSON_APPEND_UTF8(&sub, "kek", kek->id);
	BSON_APPEND_INT32(&sub, "v", SB_SEAL_VERSION);
	BSON_APPEND_BINARY(&sub, "key", BSON_SUBTYPE_BINARY, wrapped,
	    sizeof(wrapped));
	bson_append_document_end(doc, &sub);
	return SB_OK;
}

int
sb_envelope_fail(const bson_oid_t *id, const char *what, bson_error_t *e)
{
	char hex[SB_ID_HEX_LEN + 1];

	bson_oid_to_string(id, hex);
	sb_log(SB_LOG_ERROR, "sealed_unreadable", "kyc_id=%s what=%s", hex,
	    what);
	bson_set_error(e, SB_SEALED_ERROR_DOMAIN, 1, "%s of KYC %s does not "
	    "open (modified, moved, or its key is not in the key file)", what,
	    hex);
	return SB_ERR;
}

int
sb_envelope_open(const struct sb_conn *conn, const bson_t *kyc,
    struct sb_envelope *env, bson_error_t *e)
{
	const struct sb_kek	*kek;
	struct sb_kek		 rk = { .id = "record" };
	const uint8_t		*wrapped;
	bson_subtype_t		 subtype;
	bson_iter_t		 it, sub;
	uint32_t		 n;
	int64_t			 v = SB_SEAL_VERSION;
	char			 kek_id[SB_KEY_ID_MAX + 1] = "";
	int			 rc;

	memset(env, 0, sizeof(*env));
	if (!sb_bson_oid(kyc, "_id", &env->id))
		return SB_NOTFOUND;
	sb_bson_oid(kyc, "user_id", &env->user_id);
	if (!bson_iter_init_find(&it, kyc, "dek"))
		return SB_NOTFOUND;
	if (!BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &sub))
		return sb_envelope_fail(&env->id, "the data key", e);
	wrapped = NULL;
	n = 0;
	while (bson_iter_next(&sub)) {
		if (strcmp(bson_iter_key(&sub), "kek") == 0 &&
		    BSON_ITER_HOLDS_UTF8(&sub))
			snprintf(kek_id, sizeof(kek_id), "%s",
			    bson_iter_utf8(&sub, NULL));
		else if (strcmp(bson_iter_key(&sub), "key") == 0 &&
		    BSON_ITER_HOLDS_BINARY(&sub))
			bson_iter_binary(&sub, &subtype, &n, &wrapped);
		else if (strcmp(bson_iter_key(&sub), "v") == 0 &&
		    BSON_ITER_HOLDS_INT(&sub))
			v = bson_iter_as_int64(&sub);
	}
	if (wrapped == NULL)
		return sb_envelope_fail(&env->id, "the data key", e);
	if (v == SB_SEAL_VERSION_CUSTOMER) {
		/* Under its record key: a forgotten one fails closed. */
		rc = sb_record_key_get(conn, &env->user_id, &env->id,
		    SB_RECORD_KEY_READ, rk.key, e);
		if (rc == SB_FOUND && sb_dek_unwrap(&rk, env->id.bytes, wrapped,
		    n, env->dek) == -1)
			rc = SB_NOTFOUND;
		OPENSSL_cleanse(rk.key, sizeof(rk.key));
		if (rc == SB_ERR && e->domain != SB_SEALED_ERROR_DOMAIN)
			return SB_ERR;		/* the database */
		if (rc != SB_FOUND)
			return sb_envelope_fail(&env->id, "the data key", e);
		env->v = SB_SEAL_VERSION_CUSTOMER;
		return SB_FOUND;
	}
	if (v != SB_SEAL_VERSION ||
	    (kek = sb_keyring_find(conn->keys, kek_id)) == NULL ||
	    sb_dek_unwrap(kek, env->id.bytes, wrapped, n, env->dek) == -1)
		return sb_envelope_fail(&env->id, "the data key", e);
	memcpy(env->kek, kek->id, sizeof(env->kek));
	env->v = SB_SEAL_VERSION;
	return SB_FOUND;
}

void
sb_envelope_wipe(struct sb_envelope *env)
{
	OPENSSL_cleanse(env->dek, sizeof(env->dek));
}

int
sb_envelope_seal_str(const struct sb_envelope *env, const char *name,
    const char *s, bson_t *doc, bson_error_t *e)
{
	size_t	n = strlen(s);
	uint8_t	box[256 + SB_SEAL_OVERHEAD];

	if (n > 256) {
		bson_set_error(e, 0, 0, "%s too long to seal", name);
		return SB_ERR;
	}
	memcpy(box + SB_NONCE_LEN, s, n); /* NOLINT(bugprone-not-null-terminated-result): the NUL is not sealed */
	if (sb_seal(env->dek, env->id.bytes, name, box, n) == -1) {
		OPENSSL_cleanse(box, sizeof(box));
		bson_set_error(e, 0, 0, "could not seal %s", name);
		return SB_ERR;
	}
	BSON_APPEND_BINARY(doc, name, BSON_SUBTYPE_BINARY, box,
	    (uint32_t)(n + SB_SEAL_OVERHEAD));
	return SB_OK;
}

int
sb_envelope_unseal(const struct sb_envelope *env, const char *field,
    const uint8_t *box, size_t n, uint8_t *out, bson_error_t *e)
{
	if (sb_unseal(env->dek, env->id.bytes, field, box, n, out) == -1)
		return sb_envelope_fail(&env->id, field, e);
	return SB_OK;
}
