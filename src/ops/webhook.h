/*
 * webhook.h -- webhook endpoints, managed by operators only
 * (smartbank-admin webhook): added, disabled, their secrets rotated, each
 * audited with actor_role admin and never with a secret.
 *
 * Where events may go: https, or http to a loopback address; no
 * credentials in the URL; every address the host resolves to public --
 * or, for an endpoint added with allow_local, loopback or private too;
 * never link-local (a cloud's metadata service lives there) nor reserved.
 * The delivery checks the address it connects to the same way.
 */
#ifndef SB_OPS_WEBHOOK_H
#define SB_OPS_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/webhook_sign.h"
#include "ops/audit.h"
#include "store/db.h"
#include "store/webhook_endpoint.h"

/* May events go to url?  SB_OK, or SB_ERR with why in err. */
int	sb_webhook_url_check(const char *url, int allow_local, char *err,
	    size_t errsz);
/*
 * A new endpoint for events (base/event.h's mask) at url, which the
 * caller has checked, into w; its secret, to show once, into whsec.
 * SB_OK or SB_ERR.
 */
int	sb_webhook_add(const struct sb_conn *, const struct sb_actor *,
	    const char *operator_name, const char *url, unsigned events,
	    int allow_local, struct sb_webhook *w, char whsec[SB_WHSEC_SIZE],
	    bson_error_t *);
/* Stop delivering to w.  SB_OK or SB_ERR. */
int	sb_webhook_stop(const struct sb_conn *, const struct sb_actor *,
	    const char *operator_name, const struct sb_webhook *w,
	    bson_error_t *);
/*
 * A new secret for w, into whsec; the current one goes on signing for
 * grace_ms.  SB_FOUND, SB_NOTFOUND (another rotation won meanwhile:
 * nothing changed), or SB_ERR.
 */
int	sb_webhook_rotate(const struct sb_conn *, const struct sb_actor *,
	    const char *operator_name, struct sb_webhook *w, int64_t grace_ms,
	    char whsec[SB_WHSEC_SIZE], bson_error_t *);
/*
 * Every endpoint's secrets sealed again by the newest key-encryption key
 * (smartbank-admin rotate-keys, ops/keys.h), each endpoint written over
 * the secrets it was read with.  *resealed endpoints changed, *failed
 * whose secrets did not open (logged).  SB_OK or SB_ERR.
 */
int	sb_webhook_reseal_all(const struct sb_conn *, int64_t *resealed,
	    int64_t *failed, bson_error_t *);
/*
 * The secrets that sign w's deliveries at now (ms): the current one, and
 * the one before while its grace lasts.  Their number, or SB_ERR (a
 * secret does not open: its key is gone from the key file).
 */
int	sb_webhook_secrets(const struct sb_conn *, const struct sb_webhook *w,
	    int64_t now, uint8_t out[SB_WEBHOOK_SECRETS][SB_WEBHOOK_SECRET_LEN]);

#endif
