/*
 * consent.h -- a customer gives or withdraws the optional purposes of the
 * privacy notice (base/purpose.h).  Return conventions: base/model.h.
 */
#ifndef SB_OPS_CONSENT_H
#define SB_OPS_CONSENT_H

#include "ops/audit.h"
#include "store/user.h"

/*
 * Set the purposes that flags names ("marketing=1,product_research=0", as
 * the field keeps them; the required purpose only ever given) for user
 * id, each under the notice's current version, then one CONSENT_CHANGED
 * {given, withdrawn, notice} for what changed.  A purpose set as it
 * already was is no change; with no change nothing is written.  out: the
 * consents now, one per purpose.  SB_FOUND, SB_NOTFOUND (no such user),
 * or SB_ERR.
 */
int	sb_consent_set(const struct sb_conn *, const struct sb_actor *,
	    const bson_oid_t *id, const char *flags, struct sb_consent *out,
	    bson_error_t *);

#endif
