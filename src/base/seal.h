/*
 * seal.h -- envelope encryption of identity data (OpenSSL EVP only).
 *
 * Each submission has its own random 256-bit data key (DEK).  A field is
 * sealed with AES-256-GCM under the DEK: a box is nonce (12 random bytes)
 * || ciphertext || tag (16 bytes), and its associated data is
 * "smartbank:v1:" || the record's 12-byte id || ":" || the field's name,
 * so a box moved to another record or field does not open.  The DEK is
 * stored wrapped: sealed the same way under a key-encryption key (field
 * "dek"), beside that key's id.  Document numbers also get a blind index:
 * HMAC-SHA256, under a key of its own, of the normalised number.
 *
 * Version 2 (store/customer_key.h): the data key is wrapped instead under
 * a record key, HMAC-SHA256 under the customer's own key of the record's
 * id and a random salt that the customer's key document keeps, so that
 * forgetting the salt (one record) or the customer's key (all of them)
 * leaves no key that opens the record, in the database or in any backup
 * of the data without the key collection.
 */
#ifndef SB_SEAL_H
#define SB_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/keyring.h"

#define SB_SEAL_VERSION		1	/* dek wrapped by a KEK */
#define SB_SEAL_VERSION_CUSTOMER 2	/* dek wrapped by a record key */
#define SB_SALT_LEN		32
#define SB_DEK_LEN		32
#define SB_RECORD_ID_LEN	12	/* an ObjectId's bytes */
#define SB_NONCE_LEN		12
#define SB_TAG_LEN		16
#define SB_SEAL_OVERHEAD	(SB_NONCE_LEN + SB_TAG_LEN)
#define SB_WRAPPED_LEN		(SB_DEK_LEN + SB_SEAL_OVERHEAD)
#define SB_SEAL_FIELD_MAX	32	/* characters of a field name */
/* An error of this domain: sealed data (or a key) that does not open. */
#define SB_SEALED_ERROR_DOMAIN	0x5e41
/* The normalised number a blind index is made of, at most. */
#define SB_BLIND_INPUT_MAX	128

/* A fresh random data key.  SB_OK, or SB_ERR (no randomness). */
int	sb_dek_new(uint8_t dek[SB_DEK_LEN]);
/* Wrap dek for the record id under kek.  SB_OK, or SB_ERR. */
int	sb_dek_wrap(const struct sb_kek *, const uint8_t id[SB_RECORD_ID_LEN],
	    const uint8_t dek[SB_DEK_LEN], uint8_t out[SB_WRAPPED_LEN]);
/*
 * Unwrap a stored wrapped key of the record id with kek.  SB_OK, or
 * SB_ERR (the wrong length, key or record, or tampered with).
 */
int	sb_dek_unwrap(const struct sb_kek *,
	    const uint8_t id[SB_RECORD_ID_LEN], const uint8_t *wrapped,
	    size_t len, uint8_t dek[SB_DEK_LEN]);

/*
 * The record key of the record id: HMAC-SHA256 under the customer's key
 * of "smartbank:record-key:v1:" || id || salt.  SB_OK, or SB_ERR.
 */
int	sb_record_key(const uint8_t customer_key[SB_KEY_LEN],
	    const uint8_t id[SB_RECORD_ID_LEN], const uint8_t salt[SB_SALT_LEN],
	    uint8_t out[SB_KEY_LEN]);

/*
 * Seal in place: box holds SB_NONCE_LEN bytes of room, the n bytes of
 * plaintext, and SB_TAG_LEN bytes of room (n + SB_SEAL_OVERHEAD in all);
 * the nonce, ciphertext and tag are written over them.  SB_OK, or SB_ERR.
 */
int	sb_seal(const uint8_t dek[SB_DEK_LEN],
	    const uint8_t id[SB_RECORD_ID_LEN], const char *field,
	    uint8_t *box, size_t n);
/*
 * Open a box of len bytes into out (len - SB_SEAL_OVERHEAD bytes).  SB_OK,
 * or SB_ERR when it does not open (too short, wrong key, record or field,
 * modified); out is then wiped.
 */
int	sb_unseal(const uint8_t dek[SB_DEK_LEN],
	    const uint8_t id[SB_RECORD_ID_LEN], const char *field,
	    const uint8_t *box, size_t len, uint8_t *out);

/*
 * The blind index of a document number: HMAC-SHA256 under key of
 * "TYPE:NUMBER", NUMBER being the letters and digits of number in upper
 * case (spaces, dashes and case do not matter), as 64 hex digits.  SB_OK,
 * or SB_ERR (a number with nothing to index, or too long).
 */
int	sb_blind_index(const uint8_t key[SB_KEY_LEN], const char *type,
	    const char *number, char out[65]);

#endif
