/*
 * customer_key.h -- each customer's own key, and the salts of their
 * records, in a small collection of its own (customer_key).
 *
 * A document: {_id: the user's id, v: 1, kek: the id of the key-encryption
 * key that wraps it, key: the customer's key (32 random bytes) sealed
 * under that KEK for this user (base/seal.h, field "customer_key"), salts:
 * {"k<KYC id>": 32 random bytes, ...}}.  A submission's data key is
 * wrapped under its record key, made of the customer's key, the KYC's id
 * and its salt (sb_record_key()).  Forgetting a record removes its salt;
 * forgetting a customer removes the document.  Either way no key that
 * opens the record is left in the database, and a backup of the data
 * collections restored later cannot open it either: only a backup of this
 * collection from before the purge could, which is why its backups are
 * kept no longer than the retention grace (smartbank.conf(5)).
 *
 * Rotation (ops/keys.h) re-wraps the customer's key, one document per
 * customer, never the data keys.
 */
#ifndef SB_STORE_CUSTOMER_KEY_H
#define SB_STORE_CUSTOMER_KEY_H

#include <stddef.h>
#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/keyring.h"
#include "store/db.h"

enum sb_record_key_use {
	SB_RECORD_KEY_READ,	/* the salt must be there */
	SB_RECORD_KEY_NEW,	/* a new record: a fresh salt, in one write */
	SB_RECORD_KEY_ADD,	/* an existing record: its salt if it has one,
				   else a fresh one, never a second */
};

/*
 * The record key of the KYC kyc of user: SB_FOUND; SB_NOTFOUND (READ
 * only: the customer's key or the record's salt is gone, i.e. forgotten);
 * SB_ERR, the database, or a key that does not unwrap (an error of
 * SB_SEALED_ERROR_DOMAIN, logged).  The customer's key is made on first
 * use.  Wipe out after use.
 */
int	sb_record_key_get(const struct sb_conn *, const bson_oid_t *user,
	    const bson_oid_t *kyc, enum sb_record_key_use,
	    uint8_t out[SB_KEY_LEN], bson_error_t *);

/* Forget the salt of the KYC kyc of user.  SB_OK or SB_ERR. */
int	sb_customer_key_forget_record(const struct sb_conn *,
	    const bson_oid_t *user, const bson_oid_t *kyc, bson_error_t *);
/* Forget the customer's key, and with it every salt.  SB_OK or SB_ERR. */
int	sb_customer_key_forget(const struct sb_conn *, const bson_oid_t *user,
	    bson_error_t *);
/* Does the user have a key document?  SB_FOUND, SB_NOTFOUND or SB_ERR. */
int	sb_customer_key_exists(const struct sb_conn *, const bson_oid_t *user,
	    bson_error_t *);

/*
 * The key documents of a page's customers, read in one query and kept
 * for the request (struct sb_conn's known), so that a page of n records
 * costs one read of keys, not n.
 */
struct sb_customer_keys {
	bson_t	*docs;
	size_t	 n;
};

/* Read the documents of the n users (repeats allowed).  SB_OK or SB_ERR. */
int	sb_customer_keys_load(const struct sb_conn *, const bson_oid_t *users,
	    size_t n, struct sb_customer_keys *, bson_error_t *);
void	sb_customer_keys_free(struct sb_customer_keys *);

struct sb_customer_rotate_counts {
	int64_t	rewrapped;	/* customers' keys now under the newest KEK */
	int64_t	failed;		/* that did not unwrap (logged) */
};

/*
 * Re-wrap every customer's key under the newest KEK, each write
 * conditional on the wrapped key read (a purge or another rotation meanwhile
 * keeps what it wrote).  SB_OK or SB_ERR.
 */
int	sb_customer_keys_rotate(const struct sb_conn *,
	    struct sb_customer_rotate_counts *, bson_error_t *);

#endif
