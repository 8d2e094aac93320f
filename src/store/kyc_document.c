/*
 * kyc_document.c -- the bytes of the submissions.
 */
#include "config.h"
#include "store/kyc_document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "base/base64.h"
#include "base/document.h"
#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"
#include "store/envelope.h"

int
sb_kyc_document_insert(const struct sb_conn *conn, struct sb_document_new *d,
    bson_error_t *e)
{
	bson_t		 doc = BSON_INITIALIZER;
	int		 text = strcmp(d->encoding, "text") == 0;
	uint8_t		*box, *scratch = NULL;
	const uint8_t	*src = (const uint8_t *)d->data;
	size_t		 n;
	int		 rc;

	/*
	 * Decoded size of base64 that the front line checked: the padding
	 * is all it needs.
	 */
	d->size = text ? d->len : d->len / 4 * 3 -
	    (d->len >= 1 && d->data[d->len - 1] == '=') -
	    (d->len >= 2 && d->data[d->len - 2] == '=');
	BSON_APPEND_OID(&doc, "_id", d->id);
	BSON_APPEND_OID(&doc, "user_id", d->user_id);
	BSON_APPEND_UTF8(&doc, "encoding", d->encoding);
	BSON_APPEND_INT64(&doc, "size", (int64_t)d->size);
	BSON_APPEND_INT32(&doc, "sealed", SB_SEAL_VERSION);
	BSON_APPEND_DATE_TIME(&doc, "created_at", d->at);
	/*
	 * The bytes last: the field is made at the size of the sealed box
	 * (filled from the data when it is at least as long, as base64 of
	 * all but the smallest scans is), then base64 is decoded straight
	 * into it and sealed in place -- no decoded copy outside the record.
	 */
	if (d->len < d->size + SB_SEAL_OVERHEAD &&
	    (src = scratch = calloc(1, d->size + SB_SEAL_OVERHEAD)) == NULL) {
		bson_destroy(&doc);
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	if (!bson_append_binary(&doc, "data", -1, BSON_SUBTYPE_BINARY, src,
	    (uint32_t)(d->size + SB_SEAL_OVERHEAD)) ||
	    /* The document is ours and not yet sent: its buffer is writable. */
	    (box = (uint8_t *)(uintptr_t)sb_kyc_document_bytes(&doc, &n)) ==
	    NULL) {
		free(scratch);
		bson_destroy(&doc);
		bson_set_error(e, 0, 0, "document of %zu bytes too large",
		    d->size);
		return SB_ERR;
	}
	free(scratch);
	if (text)
		memcpy(box + SB_NONCE_LEN, d->data, d->size);
	else
		(void)sb_base64_decode(d->data, d->len, box + SB_NONCE_LEN);
	if (d->release_data != NULL)
		d->release_data(d->release_arg);
	d->data = NULL;
	d->media_type = sb_document_media_type(box + SB_NONCE_LEN, d->size,
	    text);
	if (sb_sha256_hex(box + SB_NONCE_LEN, d->size, d->sha256) == SB_ERR ||
	    sb_seal(d->env->dek, d->id->bytes, "data", box, d->size) == -1) {
		OPENSSL_cleanse(box, n);
		bson_destroy(&doc);
		bson_set_error(e, 0, 0, "could not digest or seal the document");
		return SB_ERR;
	}
	/* Known only now, so after the bytes (box is stale from here on). */
	BSON_APPEND_UTF8(&doc, "sha256", d->sha256);
	BSON_APPEND_UTF8(&doc, "media_type", d->media_type);
	rc = sb_db_insert(conn, SB_COLL_DOCUMENT, &doc, e);
	bson_destroy(&doc);
	return rc;
}

const uint8_t *
sb_kyc_document_bytes(const bson_t *doc, size_t *len)
{
	bson_iter_t	 it;
	bson_subtype_t	 subtype;
	uint32_t	 n;
	const uint8_t	*p;

	if (!bson_iter_init_find(&it, doc, "data") ||
	    !BSON_ITER_HOLDS_BINARY(&it))
		return NULL;
	bson_iter_binary(&it, &subtype, &n, &p);
	*len = n;
	return p;
}

int
sb_kyc_document_seal(const struct sb_conn *conn, const struct sb_envelope *env,
    bson_error_t *e)
{
	const uint8_t	*bytes;
	uint8_t		*box;
	bson_t		 record, *update;
	size_t		 n;
	int		 found;

	found = sb_db_find_by_id(conn, SB_COLL_DOCUMENT, &env->id, NULL,
	    &record, e);
	if (found != SB_FOUND || bson_has_field(&record, "sealed")) {
		bson_destroy(&record);
		return found;
	}
	if ((bytes = sb_kyc_document_bytes(&record, &n)) == NULL) {
		bson_destroy(&record);
		return SB_NOTFOUND;
	}
	if ((box = malloc(n + SB_SEAL_OVERHEAD)) == NULL) {
		bson_destroy(&record);
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	memcpy(box + SB_NONCE_LEN, bytes, n);
	bson_destroy(&record);
	if (sb_seal(env->dek, env->id.bytes, "data", box, n) == -1) {
		OPENSSL_cleanse(box, n + SB_SEAL_OVERHEAD);
		free(box);
		bson_set_error(e, 0, 0, "could not seal the document");
		return SB_ERR;
	}
	update = BCON_NEW("$set", "{",
	    "data", BCON_BIN(BSON_SUBTYPE_BINARY, box,
	    (uint32_t)(n + SB_SEAL_OVERHEAD)),
	    "sealed", BCON_INT32(SB_SEAL_VERSION), "}");
	free(box);
	found = sb_db_update_by_id(conn, SB_COLL_DOCUMENT, &env->id, update,
	    e) == SB_OK ? SB_FOUND : SB_ERR;
	bson_destroy(update);
	return found;
}

int
sb_kyc_document_delete(const struct sb_conn *conn, const bson_oid_t *id,
    bson_error_t *e)
{
	return sb_db_delete_by_id(conn, SB_COLL_DOCUMENT, id, e);
}

/*
 * The sealed bytes of v, opened into a buffer of the view's own (the one
 * copy of the document that reading costs).  SB_FOUND or SB_ERR.
 */
static int
open_bytes(const struct sb_conn *conn, const bson_t *kyc,
    struct sb_document_view *v, bson_error_t *e)
{
	struct sb_envelope	env;
	int			found;

	if ((found = sb_envelope_open(conn, kyc, &env, e)) == SB_ERR)
		return SB_ERR;
	/* Sealed bytes whose data key is gone cannot be read. */
	if (found == SB_NOTFOUND || v->size < SB_SEAL_OVERHEAD)
		return sb_envelope_fail(&env.id, "data", e);
	/* One byte more: malloc(0) may answer NULL for an empty text. */
	if ((v->plain = malloc(v->size - SB_SEAL_OVERHEAD + 1)) == NULL) {
		sb_envelope_wipe(&env);
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	found = sb_envelope_unseal(&env, "data", v->bytes, v->size, v->plain,
	    e);
	sb_envelope_wipe(&env);
	v->plain_len = v->size - SB_SEAL_OVERHEAD;
	if (found == SB_ERR)
		return SB_ERR;
	v->bytes = v->plain;
	v->size = v->plain_len;
	return SB_FOUND;
}

void
sb_document_view_init(struct sb_document_view *v)
{
	memset(v, 0, sizeof(*v));
}

int
sb_document_view(const struct sb_conn *conn, const bson_t *kyc,
    struct sb_document_view *v, bson_error_t *e)
{
	const bson_t	*record;
	bson_iter_t	 it;
	bson_oid_t	 id;
	bson_t		 filter = BSON_INITIALIZER, *opts;
	uint32_t	 len;
	uint8_t		 head[SB_SNIFF_LEN + 3];
	int		 found = SB_NOTFOUND;

	sb_document_view_free(v);
	sb_bson_str(kyc, "document_encoding", v->encoding,
	    sizeof(v->encoding));
	/* The old layout: the bytes as uploaded, inside the kyc_doc. */
	if (bson_iter_init_find(&it, kyc, "document_data") &&
	    BSON_ITER_HOLDS_UTF8(&it)) {
		v->inline_data = bson_iter_utf8(&it, &len);
		v->inline_len = len;
		if (strcmp(v->encoding, "base64") != 0 ||
		    sb_base64_decoded_len(v->inline_data, len) < 0) {
			snprintf(v->encoding, sizeof(v->encoding), "text");
			snprintf(v->media_type, sizeof(v->media_type), "%s",
			    SB_MEDIA_TEXT);
		} else {
			snprintf(v->media_type, sizeof(v->media_type), "%s",
			    sb_document_media_type(head, sb_base64_decode(
			    v->inline_data, len < 16 ? len : 16, head), 0));
		}
		return SB_FOUND;
	}
	if (!sb_bson_oid(kyc, "_id", &id))
		return SB_NOTFOUND;
	BSON_APPEND_OID(&filter, "_id", &id);
	opts = BCON_NEW("limit", BCON_INT64(1));
	v->coll = sb_db_coll(conn, SB_COLL_DOCUMENT);
	v->cursor = mongoc_collection_find_with_opts(v->coll, &filter, opts,
	    NULL);
	bson_destroy(opts);
	bson_destroy(&filter);
	if (mongoc_cursor_next(v->cursor, &record)) {
		v->bytes = sb_kyc_document_bytes(record, &v->size);
		sb_bson_str(record, "encoding", v->encoding,
		    sizeof(v->encoding));
		sb_bson_str(record, "media_type", v->media_type,
		    sizeof(v->media_type));
		found = v->bytes != NULL ? SB_FOUND : SB_NOTFOUND;
		if (found == SB_FOUND && bson_has_field(record, "sealed"))
			found = open_bytes(conn, kyc, v, e);
	} else if (mongoc_cursor_error(v->cursor, e)) {
		found = SB_ERR;
	}
	if (found == SB_FOUND && v->media_type[0] == '\0')
		snprintf(v->media_type, sizeof(v->media_type), "%s",
		    sb_document_media_type(v->bytes, v->size,
		    strcmp(v->encoding, "text") == 0));
	return found;
}

void
sb_document_view_free(struct sb_document_view *v)
{
	if (v->cursor != NULL)
		mongoc_cursor_destroy(v->cursor);
	if (v->coll != NULL)
		mongoc_collection_destroy(v->coll);
	if (v->plain != NULL) {
		OPENSSL_cleanse(v->plain, v->plain_len);
		free(v->plain);
	}
	memset(v, 0, sizeof(*v));
}
