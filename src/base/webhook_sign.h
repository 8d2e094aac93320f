/*
 * webhook_sign.h -- Standard Webhooks 1.0: secrets and signatures.
 *
 * A delivery carries the headers webhook-id, webhook-timestamp (Unix
 * seconds) and webhook-signature: "v1,<base64 of HMAC-SHA256, under the
 * secret's bytes, of id "." timestamp "." body>", several of them
 * separated by spaces while a secret is being rotated.  A secret is shown
 * to the operator, once, as "whsec_<base64 of its bytes>", the form the
 * receivers' libraries take.
 */
#ifndef SB_WEBHOOK_SIGN_H
#define SB_WEBHOOK_SIGN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SB_WEBHOOK_SECRET_LEN	32	/* the bytes of a secret we make */
#define SB_WEBHOOK_SECRET_MAX	64	/* the bytes of one we can read */
#define SB_WHSEC_PREFIX		"whsec_"
/* "whsec_" and the base64 of a secret we make, and a NUL. */
#define SB_WHSEC_SIZE		(6 + 44 + 1)
/* "v1," and the base64 of a MAC, and a NUL. */
#define SB_WEBHOOK_SIG_SIZE	(3 + 44 + 1)

/* A secret of SB_WEBHOOK_SECRET_LEN bytes as the operator sees it. */
void	sb_whsec_format(const uint8_t secret[SB_WEBHOOK_SECRET_LEN],
	    char out[SB_WHSEC_SIZE]);
/*
 * The bytes of "whsec_<base64>" (the prefix optional, as the libraries
 * take it) into out (SB_WEBHOOK_SECRET_MAX bytes): their number, or -1
 * when s is not such a secret.
 */
ssize_t	sb_whsec_parse(const char *s, uint8_t out[SB_WEBHOOK_SECRET_MAX]);
/*
 * The signature of a delivery: "v1,<base64>" into out.  SB_OK, or SB_ERR
 * (out of memory).
 */
int	sb_webhook_sign(const uint8_t *secret, size_t secret_len,
	    const char *id, int64_t timestamp, const void *body, size_t len,
	    char out[SB_WEBHOOK_SIG_SIZE]);

#endif
