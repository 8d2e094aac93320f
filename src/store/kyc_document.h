/*
 * kyc_document.h -- the kyc_document collection: the bytes of each
 * submission, one record per KYC under the KYC's own id, read and written
 * only by _id.  kyc_doc keeps the metadata and stays small: nothing that
 * lists or filters KYCs ever reads a scan.  Return conventions:
 * base/model.h.
 *
 * A record: {_id: the KYC id, user_id, data: binary, encoding: "base64"
 * (the bytes of a scan) or "text" (a text document's UTF-8 bytes), size,
 * sealed: 1, sha256 (hex, of the bytes), media_type (sniffed),
 * created_at}.  data is the bytes sealed under the KYC's data key
 * (store/envelope.h); a record without "sealed" holds them in the clear
 * (written before encryption, until smartbank-admin migrate).
 */
#ifndef SB_STORE_KYC_DOCUMENT_H
#define SB_STORE_KYC_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#include <mongoc/mongoc.h>

#include "store/db.h"

struct sb_envelope;

struct sb_document_new {
	const bson_oid_t	*id;		/* the KYC id */
	const bson_oid_t	*user_id;
	const char		*data;		/* as received */
	size_t			 len;
	const char		*encoding;	/* "base64" or "text" */
	const struct sb_envelope *env;		/* seals the bytes */
	int64_t			 at;
	/*
	 * Called, if set, once the bytes are in the new record and before it
	 * is sent: the caller frees its copy of data, so a large upload is
	 * held twice at most.
	 */
	void			(*release_data)(void *);
	void			*release_arg;
	/* Set here: what kyc_doc records of the bytes. */
	size_t			 size;
	char			 sha256[65];
	const char		*media_type;
};

/*
 * Decode d->data (base64 straight into the record's binary, text as its
 * bytes) and insert the record.  SB_OK, or SB_ERR (11000: one is there).
 */
int	sb_kyc_document_insert(const struct sb_conn *, struct sb_document_new *,
	    bson_error_t *);
/* The bytes of a found record (they live in it), or NULL. */
const uint8_t *sb_kyc_document_bytes(const bson_t *, size_t *len);
/*
 * A KYC's document as it is stored, in either layout: the new one (a
 * kyc_document record, whose bytes are read in place) or the old one
 * (document_data inside the kyc_doc, until smartbank-admin migrate).
 */
struct sb_document_view {
	/*
	 * New layout: the record is read in place, in the driver's reply
	 * (a 5 MiB scan is not copied out of it), which lives as long as
	 * the cursor.
	 */
	mongoc_collection_t	*coll;
	mongoc_cursor_t		*cursor;
	const uint8_t	*bytes;		/* new layout: the bytes */
	size_t		 size;
	uint8_t		*plain;		/* the bytes opened, when sealed */
	size_t		 plain_len;
	const char	*inline_data;	/* old layout: in the caller's kyc_doc */
	size_t		 inline_len;
	char		 encoding[16];	/* "base64" or "text" */
	char		 media_type[64];
};

/*
 * The document of the KYC kyc (its kyc_doc as found) into v; release it
 * with sb_document_view_free() (before the client goes back to its pool;
 * also after a failure, and after sb_document_view_init() alone).
 * SB_FOUND, SB_NOTFOUND (no bytes in either layout), or SB_ERR.
 */
void	sb_document_view_init(struct sb_document_view *);
int	sb_document_view(const struct sb_conn *, const bson_t *kyc,
	    struct sb_document_view *v, bson_error_t *);
void	sb_document_view_free(struct sb_document_view *);

/*
 * Seal the bytes of the record of env's KYC, stored in the clear before
 * encryption, under env (one copy of the document in memory).  SB_FOUND
 * (sealed now or before), SB_NOTFOUND (no record), or SB_ERR.
 */
int	sb_kyc_document_seal(const struct sb_conn *, const struct sb_envelope *,
	    bson_error_t *);
/* Remove the record of the KYC id, if there is one.  SB_OK or SB_ERR. */
int	sb_kyc_document_delete(const struct sb_conn *, const bson_oid_t *id,
	    bson_error_t *);

#endif
