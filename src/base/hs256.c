/*
 * hs256.c -- HMAC-SHA256 under one key, set up once (see the header).
 */
#include "config.h"
#include "base/hs256.h"

#include <stdlib.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "base/model.h"

struct sb_hs256 {
	EVP_MAC		*mac;
	EVP_MAC_CTX	*ctx;	/* keyed; re-initialised per message */
};

struct sb_hs256 *
sb_hs256_new(const void *key, size_t len)
{
	char		 digest[] = "SHA256";
	OSSL_PARAM	 params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest,
		    0),
		OSSL_PARAM_construct_end(),
	};
	struct sb_hs256	*h;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	if ((h->mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
	    (h->ctx = EVP_MAC_CTX_new(h->mac)) == NULL ||
	    EVP_MAC_init(h->ctx, key, len, params) != 1) {
		sb_hs256_free(h);
		return NULL;
	}
	return h;
}

int
sb_hs256(struct sb_hs256 *h, const void *msg, size_t len,
    uint8_t out[SB_HS256_LEN])
{
	return sb_hs256_parts(h, &msg, &len, 1, out);
}

int
sb_hs256_parts(struct sb_hs256 *h, const void *const *part,
    const size_t *len, size_t n, uint8_t out[SB_HS256_LEN])
{
	size_t got = 0;

	/* No key: the one given to sb_hs256_new() is used again. */
	if (EVP_MAC_init(h->ctx, NULL, 0, NULL) != 1)
		return SB_ERR;
	for (size_t i = 0; i < n; i++)
		if (EVP_MAC_update(h->ctx, part[i], len[i]) != 1)
			return SB_ERR;
	if (EVP_MAC_final(h->ctx, out, &got, SB_HS256_LEN) != 1 ||
	    got != SB_HS256_LEN)
		return SB_ERR;
	return SB_OK;
}

void
sb_hs256_free(struct sb_hs256 *h)
{
	if (h == NULL)
		return;
	EVP_MAC_CTX_free(h->ctx);
	EVP_MAC_free(h->mac);
	free(h);
}
