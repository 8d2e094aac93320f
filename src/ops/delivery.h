/*
 * delivery.h -- events delivered to webhook endpoints, at least once and
 * in order of the audit log, by the deliverer process (server/deliver.c).
 *
 * The audit log is the source: every change is one entry there with its
 * leaf number (seq), so an endpoint's cursor walks the leaves in order,
 * and each entry whose action is an event the endpoint takes becomes a
 * delivery (store/webhook_delivery.h) before its first attempt.  Each
 * endpoint gets its deliveries one at a time, lowest seq first: a 2xx
 * answer delivers; anything else, or no answer in time, is tried again
 * after the next wait of SMARTBANK_WEBHOOK_RETRY_SCHEDULE (plus up to a
 * tenth), and after the last the delivery is failed, the endpoint marked
 * failing and the log told; the next delivery follows.  Each attempt is
 * signed (base/webhook_sign.h) by every secret that signs at that time.
 *
 * The envelope, version 1, never carries a scan, a number or a hash:
 *   {"type": "kyc.approved", "id": "msg_<entry id>", "timestamp": the
 *    entry's time, "version": 1, "data": {"seq", "audit_entry",
 *    "user_id", and by type: "kyc_id", "document_type", "status",
 *    "reasons", "kind", "rule"}}
 */
#ifndef SB_OPS_DELIVERY_H
#define SB_OPS_DELIVERY_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/util.h"
#include "store/db.h"

struct sb_actor;
struct sb_config;
struct sb_delivery;
struct sb_poster;

struct sb_deliverer {
	const struct sb_conn	*conn;
	struct sb_poster	*poster;
	long			 timeout_ms;
	int64_t			 wait[SB_DURATIONS_MAX];	/* the schedule */
	int			 nwait;
	int64_t			 delivered, failed;	/* so far */
};

/*
 * Set up d for conn (cfg's schedule and timeout) with poster.  SB_OK, or
 * SB_ERR (a schedule that does not parse: checked at start-up already).
 */
int	sb_deliverer_init(struct sb_deliverer *, const struct sb_config *,
	    const struct sb_conn *, struct sb_poster *);
/*
 * One round over every enabled endpoint: new events become deliveries,
 * and what is due is attempted.  The ms until the next delivery is due
 * (at most max_ms), or SB_ERR with e set (the database).
 */
int64_t	sb_deliver_round(struct sb_deliverer *, int64_t max_ms,
	    bson_error_t *);

/* What a resend did. */
enum sb_resend {
	SB_RESEND_DONE,		/* pending again, due now */
	SB_RESEND_NOT_FOUND,
	SB_RESEND_PENDING,	/* it is pending already: nothing to do */
};
/*
 * Send delivery id again (an auditor's request, who): pending, due now,
 * before the endpoint's later deliveries; audited WEBHOOK_RESENT.  Its
 * state after into d (body not kept).  An outcome, or SB_ERR.
 */
int	sb_delivery_resend_by(const struct sb_conn *, const struct sb_actor *,
	    const bson_oid_t *id, struct sb_delivery *d, bson_error_t *);

#endif
