/*
 * account.h -- accounts: a customer registers, an operator creates an
 * auditor or disables a user.  Return conventions: base/model.h.
 *
 * A registration inserts the user marked followup_pending; what follows
 * (the USER_REGISTERED entry, whose _id is the user's, then clearing the
 * mark) is idempotent, and finished by the sweep (ops/sweep.h) if the
 * request dies half-way.
 */
#ifndef SB_OPS_ACCOUNT_H
#define SB_OPS_ACCOUNT_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/user.h"

struct sb_config;

enum sb_register {
	SB_REGISTER_OK,		/* u->id is set */
	SB_REGISTER_TAKEN,	/* the email is taken */
	SB_REGISTER_THROTTLED,	/* *retry_after_s is set */
};

/*
 * Register u (email, name, phone filled and valid) as a customer with
 * password hashed at the configured cost and consents (flags of the
 * notice's purposes as the field keeps them, or NULL: the required
 * purpose only).  Every attempt counts against
 * SMARTBANK_REGISTER_MAX_PER_ADDR of the client's address first (except
 * SMARTBANK_LOGIN_TRUSTED_ADDRS); a taken email is found before any hash
 * is made, and between concurrent registrations the unique index decides.
 * An enum sb_register, or SB_ERR with e set.
 */
int	sb_account_register(const struct sb_conn *, const struct sb_config *,
	    const struct sb_actor *, struct sb_user *u, const char *password,
	    const char *consents, int64_t *retry_after_s, bson_error_t *);
/*
 * USER_REGISTERED for a new customer ({consents: the purposes given,
 * notice: its version}; the customer by id, never by email), then clear
 * the mark.
 */
int	sb_account_registered(const struct sb_conn *, const bson_oid_t *id,
	    const char *consents, const char *address, int64_t at_ms,
	    bson_error_t *);

/*
 * Create u as an auditor, audited AUDITOR_CREATED with the operator's
 * name.  SB_OK, or SB_ERR (a duplicate key for a taken email).
 */
int	sb_account_create_auditor(const struct sb_conn *,
	    const struct sb_actor *, const char *operator_name,
	    struct sb_user *u, const char *password, int cost,
	    bson_error_t *);

/*
 * Close customer u's relationship with the bank: no login, tokens stop,
 * a submitted KYC leaves the review queue (store/kyc_queue.h), and the
 * retention clock of its scans starts (ops/retention.h); audited
 * CUSTOMER_CLOSED.  SB_OK or SB_ERR.
 */
int	sb_account_close(const struct sb_conn *, const struct sb_actor *,
	    const char *operator_name, const struct sb_user *u,
	    bson_error_t *);
/* Disable u, audited USER_DISABLED.  SB_OK or SB_ERR. */
int	sb_account_disable(const struct sb_conn *, const struct sb_actor *,
	    const char *operator_name, const struct sb_user *u,
	    bson_error_t *);

#endif
