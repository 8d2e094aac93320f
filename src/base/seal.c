/*
 * seal.c -- AES-256-GCM boxes, wrapped data keys, blind indexes.
 */
#include "config.h"
#include "base/seal.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "base/model.h"

#define AAD_PREFIX	"smartbank:v1:"
#define AAD_MAX		(sizeof(AAD_PREFIX) - 1 + SB_RECORD_ID_LEN + 1 + \
			    SB_SEAL_FIELD_MAX)

/* The associated data of a field of a record: its length, or 0. */
static size_t
aad(const uint8_t id[SB_RECORD_ID_LEN], const char *field,
    uint8_t out[AAD_MAX])
{
	size_t	plen = sizeof(AAD_PREFIX) - 1, flen = strlen(field);

	if (flen == 0 || flen > SB_SEAL_FIELD_MAX)
		return 0;
	memcpy(out, AAD_PREFIX, plen);
	memcpy(out + plen, id, SB_RECORD_ID_LEN);
	out[plen + SB_RECORD_ID_LEN] = ':';
	memcpy(out + plen + SB_RECORD_ID_LEN + 1, field, flen); /* NOLINT(bugprone-not-null-terminated-result): bytes, not a string */
	return plen + SB_RECORD_ID_LEN + 1 + flen;
}

/*
 * One AES-256-GCM pass over n bytes at in into out (which may be in):
 * encrypting writes tag, decrypting checks it.  0, or -1.
 */
static int
gcm(int encrypt, const uint8_t key[32], const uint8_t nonce[SB_NONCE_LEN],
    const uint8_t *ad, size_t adlen, const uint8_t *in, size_t n,
    uint8_t *out, uint8_t tag[SB_TAG_LEN])
{
	EVP_CIPHER_CTX	*c;
	int		 len, ok;

	if (n > INT_MAX || (c = EVP_CIPHER_CTX_new()) == NULL)
		return SB_ERR;
	ok = EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, key, nonce,
	    encrypt) == 1 &&
	    EVP_CipherUpdate(c, NULL, &len, ad, (int)adlen) == 1 &&
	    EVP_CipherUpdate(c, out, &len, in, (int)n) == 1 &&
	    (encrypt || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG,
	    SB_TAG_LEN, tag) == 1) &&
	    EVP_CipherFinal_ex(c, out + len, &len) == 1 &&
	    (!encrypt || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG,
	    SB_TAG_LEN, tag) == 1);
	EVP_CIPHER_CTX_free(c);
	return ok ? SB_OK : SB_ERR;
}

int
sb_dek_new(uint8_t dek[SB_DEK_LEN])
{
	return RAND_bytes(dek, SB_DEK_LEN) == 1 ? SB_OK : SB_ERR;
}

int
sb_seal(const uint8_t dek[SB_DEK_LEN], const uint8_t id[SB_RECORD_ID_LEN],
    const char *field, uint8_t *box, size_t n)
{
	uint8_t	ad[AAD_MAX];
	size_t	adlen = aad(id, field, ad);

	if (adlen == 0 || RAND_bytes(box, SB_NONCE_LEN) != 1)
		return SB_ERR;
	return gcm(1, dek, box, ad, adlen, box + SB_NONCE_LEN, n,
	    box + SB_NONCE_LEN, box + SB_NONCE_LEN + n);
}

int
sb_unseal(const uint8_t dek[SB_DEK_LEN], const uint8_t id[SB_RECORD_ID_LEN],
    const char *field, const uint8_t *box, size_t len, uint8_t *out)
{
	uint8_t	ad[AAD_MAX], tag[SB_TAG_LEN];
	size_t	adlen = aad(id, field, ad), n;

	if (adlen == 0 || len < SB_SEAL_OVERHEAD)
		return SB_ERR;
	n = len - SB_SEAL_OVERHEAD;
	memcpy(tag, box + SB_NONCE_LEN + n, SB_TAG_LEN);
	if (gcm(0, dek, box, ad, adlen, box + SB_NONCE_LEN, n, out,
	    tag) == SB_ERR) {
		/* Nothing that failed its tag is ever looked at. */
		OPENSSL_cleanse(out, n);
		return SB_ERR;
	}
	return SB_OK;
}

int
sb_dek_wrap(const struct sb_kek *kek, const uint8_t id[SB_RECORD_ID_LEN],
    const uint8_t dek[SB_DEK_LEN], uint8_t out[SB_WRAPPED_LEN])
{
	memcpy(out + SB_NONCE_LEN, dek, SB_DEK_LEN);
	return sb_seal(kek->key, id, "dek", out, SB_DEK_LEN);
}

int
sb_dek_unwrap(const struct sb_kek *kek, const uint8_t id[SB_RECORD_ID_LEN],
    const uint8_t *wrapped, size_t len, uint8_t dek[SB_DEK_LEN])
{
	if (len != SB_WRAPPED_LEN)
		return SB_ERR;
	return sb_unseal(kek->key, id, "dek", wrapped, len, dek);
}

int
sb_record_key(const uint8_t customer_key[SB_KEY_LEN],
    const uint8_t id[SB_RECORD_ID_LEN], const uint8_t salt[SB_SALT_LEN],
    uint8_t out[SB_KEY_LEN])
{
	static const char	 label[] = "smartbank:record-key:v1:";
	uint8_t			 in[sizeof(label) - 1 + SB_RECORD_ID_LEN +
				    SB_SALT_LEN];
	unsigned		 mdlen = 0;
	int			 ok;

	memcpy(in, label, sizeof(label) - 1); /* NOLINT(bugprone-not-null-terminated-result): bytes, not a string */
	memcpy(in + sizeof(label) - 1, id, SB_RECORD_ID_LEN);
	memcpy(in + sizeof(label) - 1 + SB_RECORD_ID_LEN, salt, SB_SALT_LEN);
	ok = HMAC(EVP_sha256(), customer_key, SB_KEY_LEN, in, sizeof(in), out,
	    &mdlen) != NULL && mdlen == SB_KEY_LEN;
	OPENSSL_cleanse(in, sizeof(in));
	if (!ok)
		OPENSSL_cleanse(out, SB_KEY_LEN);
	return ok ? SB_OK : SB_ERR;
}

int
sb_blind_index(const uint8_t key[SB_KEY_LEN], const char *type,
    const char *number, char out[65])
{
	static const char	 hex[] = "0123456789abcdef";
	char			 in[SB_BLIND_INPUT_MAX + 1];
	uint8_t			 md[EVP_MAX_MD_SIZE];
	unsigned		 mdlen = 0;
	size_t			 n, digits = 0;
	int			 len;

	len = snprintf(in, sizeof(in), "%s:", type);
	if (len < 0 || (size_t)len >= sizeof(in))
		return SB_ERR;
	n = (size_t)len;
	for (const char *p = number; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p))
			continue;
		if (n == SB_BLIND_INPUT_MAX)
			return SB_ERR;
		in[n++] = (char)toupper((unsigned char)*p);
		digits++;
	}
	if (digits == 0 || HMAC(EVP_sha256(), key, SB_KEY_LEN,
	    (const uint8_t *)in, n, md, &mdlen) == NULL || mdlen != 32)
		return SB_ERR;
	for (unsigned i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	OPENSSL_cleanse(in, sizeof(in));
	return SB_OK;
}
