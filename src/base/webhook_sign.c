/*
 * webhook_sign.c -- Standard Webhooks 1.0 secrets and signatures.
 */
#include "config.h"
#include "base/webhook_sign.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/base64.h"
#include "base/hs256.h"
#include "base/model.h"

void
sb_whsec_format(const uint8_t secret[SB_WEBHOOK_SECRET_LEN],
    char out[SB_WHSEC_SIZE])
{
	size_t n;

	memcpy(out, SB_WHSEC_PREFIX, 6);
	n = sb_base64_encode_into(secret, SB_WEBHOOK_SECRET_LEN, out + 6);
	out[6 + n] = '\0';
}

ssize_t
sb_whsec_parse(const char *s, uint8_t out[SB_WEBHOOK_SECRET_MAX])
{
	ssize_t	n;
	size_t	len;

	if (strncmp(s, SB_WHSEC_PREFIX, 6) == 0)
		s += 6;
	len = strlen(s);
	if ((n = sb_base64_decoded_len(s, len)) <= 0 ||
	    n > SB_WEBHOOK_SECRET_MAX)
		return -1;
	return (ssize_t)sb_base64_decode(s, len, out);
}

int
sb_webhook_sign(const uint8_t *secret, size_t secret_len, const char *id,
    int64_t timestamp, const void *body, size_t len,
    char out[SB_WEBHOOK_SIG_SIZE])
{
	struct sb_hs256	*h;
	char		 ts[24];
	uint8_t		 mac[SB_HS256_LEN];
	const void	*part[5];
	size_t		 plen[5], n;
	int		 rc;

	snprintf(ts, sizeof(ts), "%" PRId64, timestamp);
	part[0] = id;	plen[0] = strlen(id);
	part[1] = ".";	plen[1] = 1;
	part[2] = ts;	plen[2] = strlen(ts);
	part[3] = ".";	plen[3] = 1;
	part[4] = body;	plen[4] = len;
	if ((h = sb_hs256_new(secret, secret_len)) == NULL)
		return SB_ERR;
	rc = sb_hs256_parts(h, part, plen, 5, mac);
	sb_hs256_free(h);
	if (rc == SB_ERR)
		return SB_ERR;
	memcpy(out, "v1,", 3);
	n = sb_base64_encode_into(mac, sizeof(mac), out + 3);
	out[3 + n] = '\0';
	return SB_OK;
}
