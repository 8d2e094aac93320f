/*
 * keys.c -- re-wrapping data keys under the newest KEK.
 */
#include "config.h"
#include "ops/keys.h"

#include <stdio.h>
#include <string.h>

#include "base/keyring.h"
#include "base/model.h"
#include "ops/webhook.h"
#include "store/customer_key.h"
#include "store/envelope.h"
#include "store/kyc_doc.h"
#include "store/kyc_layout.h"

#define BATCH	100

/* One kyc_doc's data key.  SB_OK (see n), or SB_ERR (the database). */
static int
rewrap_one(const struct sb_conn *conn, const bson_oid_t *id,
    struct sb_rotate_counts *n, bson_error_t *e)
{
	struct sb_envelope	env;
	bson_t			kyc;
	int			found;

	if ((found = sb_kyc_find(conn, id, 0, &kyc, e)) == SB_FOUND)
		found = sb_envelope_open(conn, &kyc, &env, e);
	bson_destroy(&kyc);
	if (found == SB_ERR && e->domain == SB_SEALED_ERROR_DOMAIN) {
		n->failed++;		/* logged, with the KYC id */
		return SB_OK;
	}
	if (found != SB_FOUND)		/* gone or shredded meanwhile */
		return found == SB_ERR ? SB_ERR : SB_OK;
	found = sb_kyc_rewrap(conn, &env, 0, e);
	sb_envelope_wipe(&env);
	if (found == SB_OK)
		n->rewrapped++;
	return found;
}

int
sb_rotate_keys(const struct sb_conn *conn, const struct sb_actor *who,
    const char *operator_name, struct sb_rotate_counts *n, bson_error_t *e)
{
	const struct sb_kek		*newest = sb_keyring_newest(conn->keys);
	struct sb_customer_rotate_counts c;
	bson_oid_t			 ids[BATCH], last;
	bson_t				 details;
	char				 count[24], customers[24], hooks[24];
	int64_t				 got, failed;
	int				 rc, have_last = 0;

	memset(n, 0, sizeof(*n));
	if (sb_customer_keys_rotate(conn, &c, e) == SB_ERR)
		return SB_ERR;
	n->customers = c.rewrapped;
	n->failed = c.failed;
	do {
		got = sb_kyc_wrapped_elsewhere(conn, newest->id,
		    have_last ? &last : NULL, ids, BATCH, e);
		if (got == SB_ERR)
			return SB_ERR;
		for (int64_t i = 0; i < got; i++)
			if (rewrap_one(conn, &ids[i], n, e) == SB_ERR)
				return SB_ERR;
		if (got > 0) {
			bson_oid_copy(&ids[got - 1], &last);
			have_last = 1;
		}
	} while (got == BATCH);
	if (sb_webhook_reseal_all(conn, &n->webhooks, &failed, e) == SB_ERR)
		return SB_ERR;
	n->failed += failed;
	if (n->rewrapped + n->customers + n->webhooks == 0)
		return SB_OK;
	snprintf(count, sizeof(count), "%lld", (long long)n->rewrapped);
	snprintf(customers, sizeof(customers), "%lld",
	    (long long)n->customers);
	snprintf(hooks, sizeof(hooks), "%lld", (long long)n->webhooks);
	SB_DETAILS(&details, { "kek", newest->id }, { "rewrapped", count },
	    { "customers", customers }, { "webhooks", hooks },
	    { "operator", operator_name });
	rc = sb_audit(conn, who, SB_AUDIT_KEYS_ROTATED, NULL, &details, e);
	bson_destroy(&details);
	return rc;
}
