/*
 * envelope.h -- the data key of a submission, as the store keeps it: made
 * and wrapped into a kyc_doc, unwrapped from one, and the fields it seals
 * (base/seal.h says how).  Return conventions: base/model.h.
 *
 * In a kyc_doc: dek {v: 2, key: binary (the data key wrapped under the
 * record key, store/customer_key.h)}, document_number as a sealed box
 * (binary), and number_index, the blind index of the number.  The scan's
 * bytes in kyc_document are sealed under the same data key (field
 * "data"), so removing dek, or the record's salt, shreds both.  Records
 * sealed before customers had keys hold dek {kek: the wrapping key's id,
 * v: 1, key} (wrapped under a KEK directly) until smartbank-admin migrate
 * moves them; records written before encryption hold their number as a
 * string and their bytes in the clear, and read as such until migrate
 * seals them.
 */
#ifndef SB_STORE_ENVELOPE_H
#define SB_STORE_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/seal.h"
#include "store/db.h"

/* What a client is told of it (a 500: the fault is the bank's). */
#define SB_UNREADABLE_MESSAGE	"Stored document unreadable"

struct sb_envelope {
	bson_oid_t	id;		/* the KYC's */
	bson_oid_t	user_id;	/* its customer's */
	uint8_t		dek[SB_DEK_LEN];
	int		v;		/* opened: SB_SEAL_VERSION... */
	char		kek[SB_KEY_ID_MAX + 1];	/* opened v1: what wrapped it */
};

/* A new data key for the KYC id of user_id.  SB_OK or SB_ERR. */
int	sb_envelope_new(const bson_oid_t *id, const bson_oid_t *user_id,
	    struct sb_envelope *, bson_error_t *);
/*
 * Append the data key, wrapped under its record key, as the dek field of
 * doc: for a new record (fresh: its salt is made in the same write as the
 * customer's key, if that is new), or for one that exists (its salt kept
 * if it has one).  SB_OK or SB_ERR.
 */
int	sb_envelope_append(const struct sb_conn *, const struct sb_envelope *,
	    int fresh, bson_t *doc, bson_error_t *);
/*
 * Append the data key of a version 1 record, wrapped under the newest KEK
 * (key rotation of records not yet migrated).  SB_OK or SB_ERR.
 */
int	sb_envelope_append_v1(const struct sb_conn *,
	    const struct sb_envelope *, bson_t *doc, bson_error_t *);
/*
 * The data key of a kyc_doc as found.  SB_FOUND; SB_NOTFOUND when it has
 * none (written in the clear, or its data shredded); SB_ERR when it does
 * not unwrap, or its record key is forgotten (an error of
 * SB_SEALED_ERROR_DOMAIN naming the KYC, and a log line).
 */
int	sb_envelope_open(const struct sb_conn *, const bson_t *kyc,
	    struct sb_envelope *, bson_error_t *);
/* Wipe the data key. */
void	sb_envelope_wipe(struct sb_envelope *);

/* Append s sealed under the envelope as the binary field name.  SB_OK/ERR. */
int	sb_envelope_seal_str(const struct sb_envelope *, const char *name,
	    const char *s, bson_t *doc, bson_error_t *);
/*
 * Open n bytes sealed as field into out (n - SB_SEAL_OVERHEAD bytes).
 * SB_OK, or SB_ERR as sb_envelope_open().
 */
int	sb_envelope_unseal(const struct sb_envelope *, const char *field,
	    const uint8_t *box, size_t n, uint8_t *out, bson_error_t *);

/* Set e to "<what> of KYC <id> does not open", log it, return SB_ERR. */
int	sb_envelope_fail(const bson_oid_t *id, const char *what,
	    bson_error_t *e);

#endif
