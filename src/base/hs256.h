/*
 * hs256.h -- HMAC-SHA256 under one key, set up once.
 *
 * OpenSSL 3's one-shot HMAC() fetches the algorithm from its provider and
 * schedules the key on every call; the token of every request paid that.
 * Here the MAC is fetched and keyed once (at configuration), and each
 * message only re-initialises the context with the same key.
 */
#ifndef SB_HS256_H
#define SB_HS256_H

#include <stddef.h>
#include <stdint.h>

#define SB_HS256_LEN	32

struct sb_hs256;

/* A MAC keyed by key (len bytes), or NULL (out of memory, no provider). */
struct sb_hs256	*sb_hs256_new(const void *key, size_t len);
/* HMAC-SHA256 of msg (len bytes) into out.  SB_OK, or SB_ERR. */
int		 sb_hs256(struct sb_hs256 *, const void *msg, size_t len,
		    uint8_t out[SB_HS256_LEN]);
/* The same of the n parts part[i] (len[i] bytes each), in order. */
int		 sb_hs256_parts(struct sb_hs256 *, const void *const *part,
		    const size_t *len, size_t n, uint8_t out[SB_HS256_LEN]);
void		 sb_hs256_free(struct sb_hs256 *);

#endif
