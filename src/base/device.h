/*
 * device.h -- device credentials: what a client that logged in to an
 * account once shows at its next login, so that the throttle can tell the
 * owner's device from a stranger (OWASP, "Slow Down Online Guessing
 * Attacks with Device Cookies").
 *
 * "d1.<user id>.<nonce>.<expiry>.<mac>": the user id (24 hex digits), 16
 * random bytes in hex, the expiry in seconds since the epoch, and
 * HMAC-SHA256 of the rest and of the user's password hash, under a key
 * derived from SMARTBANK_JWT_SECRET.  So a credential is bound to its
 * account, cannot be forged or extended, and stops working when the
 * password changes; a disabled or closed account refuses every login
 * anyway.  The nonce names the device for its own small limit.
 */
#ifndef SB_DEVICE_H
#define SB_DEVICE_H

#include <stdint.h>

struct sb_config;

#define SB_DEVICE_MAX		160	/* bytes of a credential, NUL included */
#define SB_DEVICE_NONCE_LEN	32	/* hex digits */
#define SB_DEVICE_COOKIE	"sb_device"

/*
 * A credential for user uid_hex, whose password hash is hash, valid
 * SMARTBANK_LOGIN_DEVICE_DAYS from now (s), into out.  SB_OK or SB_ERR.
 */
int	sb_device_issue(const struct sb_config *, const char *uid_hex,
	    const char *hash, int64_t now, char out[SB_DEVICE_MAX]);
/*
 * 1 when cred is a credential of uid_hex under hash, not expired at now,
 * with its nonce copied to nonce; 0 otherwise.
 */
int	sb_device_verify(const struct sb_config *, const char *cred,
	    const char *uid_hex, const char *hash, int64_t now,
	    char nonce[SB_DEVICE_NONCE_LEN + 1]);

#endif
