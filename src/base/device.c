/*
 * device.c -- issuing and checking device credentials.
 */
#include "config.h"
#include "base/device.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "base/conf.h"
#include "base/hs256.h"
#include "base/id.h"
#include "base/model.h"
#include "base/password.h"

/* The MAC of "d1.<uid>.<nonce>.<expiry>" and hash, in hex. */
static int
mac_hex(const struct sb_config *cfg, const char *signed_part, size_t len,
    const char *hash, char out[SB_HS256_LEN * 2 + 1])
{
	uint8_t	mac[SB_HS256_LEN];
	char	msg[SB_DEVICE_MAX + SB_HASH_MAX + 2];
	int	n, rc;

	n = snprintf(msg, sizeof(msg), "%.*s\n%s", (int)len, signed_part, hash);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return SB_ERR;
	rc = sb_hs256(cfg->device_mac, msg, (size_t)n, mac);
	OPENSSL_cleanse(msg, sizeof(msg));
	if (rc == -1)
		return SB_ERR;
	sb_hex_encode(mac, sizeof(mac), out);
	return SB_OK;
}

int
sb_device_issue(const struct sb_config *cfg, const char *uid_hex,
    const char *hash, int64_t now, char out[SB_DEVICE_MAX])
{
	uint8_t	rnd[SB_DEVICE_NONCE_LEN / 2];
	char	nonce[SB_DEVICE_NONCE_LEN + 1], mac[SB_HS256_LEN * 2 + 1];
	int	n;

	if (strlen(uid_hex) != SB_ID_HEX_LEN || RAND_bytes(rnd, sizeof(rnd)) != 1)
		return SB_ERR;
	sb_hex_encode(rnd, sizeof(rnd), nonce);
	n = snprintf(out, SB_DEVICE_MAX, "d1.%s.%s.%" PRId64, uid_hex, nonce,
	    now + cfg->login_device_days * 86400);
	if (n < 0 || n >= SB_DEVICE_MAX ||
	    mac_hex(cfg, out, (size_t)n, hash, mac) == SB_ERR ||
	    (size_t)n + 1 + strlen(mac) >= SB_DEVICE_MAX)
		return SB_ERR;
	out[n] = '.';
	memcpy(out + n + 1, mac, strlen(mac) + 1);
	return SB_OK;
}

int
sb_device_verify(const struct sb_config *cfg, const char *cred,
    const char *uid_hex, const char *hash, int64_t now,
    char nonce[SB_DEVICE_NONCE_LEN + 1])
{
	char		 mac[SB_HS256_LEN * 2 + 1];
	const char	*p, *dot;
	int64_t		 expiry = 0;

	if (cred == NULL || strlen(cred) >= SB_DEVICE_MAX ||
	    (dot = strrchr(cred, '.')) == NULL ||
	    strlen(dot + 1) != SB_HS256_LEN * 2)
		return 0;
	/* "d1." uid "." nonce "." digits, each exactly as issued. */
	p = cred;
	if (strncmp(p, "d1.", 3) != 0)
		return 0;
	p += 3;
	if (strncmp(p, uid_hex, SB_ID_HEX_LEN) != 0 ||
	    strlen(uid_hex) != SB_ID_HEX_LEN || p[SB_ID_HEX_LEN] != '.')
		return 0;
	p += SB_ID_HEX_LEN + 1;
	for (size_t i = 0; i < SB_DEVICE_NONCE_LEN; i++)
		if (strchr("0123456789abcdef", p[i]) == NULL || p[i] == '\0')
			return 0;
	if (p[SB_DEVICE_NONCE_LEN] != '.')
		return 0;
	memcpy(nonce, p, SB_DEVICE_NONCE_LEN);
	nonce[SB_DEVICE_NONCE_LEN] = '\0';
	p += SB_DEVICE_NONCE_LEN + 1;
	if (p == dot || dot - p > 12)
		return 0;
	for (; p < dot; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		expiry = expiry * 10 + (*p - '0');
	}
	if (expiry <= now ||
	    mac_hex(cfg, cred, (size_t)(dot - cred), hash, mac) == SB_ERR)
		return 0;
	return CRYPTO_memcmp(mac, dot + 1, sizeof(mac) - 1) == 0;
}
