/*
 * delivery.c -- events to webhook endpoints (see delivery.h).
 */
#include "config.h"
#include "ops/delivery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "base/conf.h"
#include "base/event.h"
#include "base/json.h"
#include "base/log.h"
#include "base/model.h"
#include "base/webhook_post.h"
#include "base/webhook_sign.h"
#include "ops/audit.h"
#include "ops/webhook.h"
#include "store/audit_tree.h"
#include "store/bsonx.h"
#include "store/user.h"
#include "store/user_log.h"
#include "store/webhook_delivery.h"
#include "store/webhook_endpoint.h"

#define BATCH		100	/* audit leaves looked at a time */
#define PER_ROUND	200	/* deliveries to one endpoint in a round */
#define PER_BATCH	20	/* pending deliveries read at a time */

/* The audit actions that are events. */
static const struct {
	const char	*action;
	enum sb_event	 event;
} events[] = {
	{ SB_AUDIT_USER_REGISTERED, SB_EVENT_USER_REGISTERED },
	{ SB_AUDIT_KYC_SUBMITTED, SB_EVENT_KYC_SUBMITTED },
	{ SB_AUDIT_KYC_APPROVED, SB_EVENT_KYC_APPROVED },
	{ SB_AUDIT_KYC_REJECTED, SB_EVENT_KYC_REJECTED },
	{ SB_AUDIT_KYC_REOPENED, SB_EVENT_KYC_REOPENED },
	{ SB_AUDIT_CUSTOMER_CLOSED, SB_EVENT_CUSTOMER_CLOSED },
	{ SB_AUDIT_USER_DISABLED, SB_EVENT_CUSTOMER_DISABLED },
	{ SB_AUDIT_DOCUMENT_PURGED, SB_EVENT_DOCUMENT_PURGED },
};

int
sb_deliverer_init(struct sb_deliverer *d, const struct sb_config *cfg,
    const struct sb_conn *conn, struct sb_poster *poster)
{
	char	err[128];
	int	n;

	memset(d, 0, sizeof(*d));
	d->conn = conn;
	d->poster = poster;
	d->timeout_ms = cfg->webhook_timeout_ms;
	if ((n = sb_durations_parse(cfg->webhook_retries, d->wait,
	    SB_NELEM(d->wait), err, sizeof(err))) == SB_ERR)
		return SB_ERR;
	d->nwait = n;
	return SB_OK;
}

/* A string of the entry's details, or "" when absent. */
static void
detail(const bson_t *entry, const char *key, char *out, size_t cap)
{
	bson_iter_t	it, sub;

	out[0] = '\0';
	if (bson_iter_init_find(&it, entry, "details") &&
	    BSON_ITER_HOLDS_DOCUMENT(&it) && bson_iter_recurse(&it, &sub) &&
	    bson_iter_find(&sub, key) && BSON_ITER_HOLDS_UTF8(&sub))
		snprintf(out, cap, "%s", bson_iter_utf8(&sub, NULL));
}

static void
add_detail(cJSON *data, const bson_t *entry, const char *key)
{
	char v[256];

	detail(entry, key, v, sizeof(v));
	if (v[0] != '\0')
		cJSON_AddStringToObject(data, key, v);
}

/* "a,b" as ["a", "b"]; "unspecified" (no reason given) as []. */
static void
add_reasons(cJSON *data, const bson_t *entry)
{
	cJSON	*list = cJSON_AddArrayToObject(data, "reasons");
	char	 v[256], *tok, *save = NULL;

	detail(entry, "reasons", v, sizeof(v));
	if (list == NULL || strcmp(v, "unspecified") == 0)
		return;
	for (tok = strtok_r(v, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save))
		cJSON_AddItemToArray(list, cJSON_CreateString(tok));
}

/*
 * The envelope of event ev from entry, leaf seq: a new string (*len its
 * length) and its webhook-id into msg_id, or NULL (out of memory).
 */
static char *
envelope(enum sb_event ev, const bson_t *entry, int64_t seq,
    char msg_id[40], size_t *len)
{
	cJSON		*o = cJSON_CreateObject(), *data;
	bson_oid_t	 id, user;
	char		 hex[25], at[SB_ISO8601_LEN];
	char		*s = NULL;

	sb_bson_oid(entry, "_id", &id);
	bson_oid_to_string(&id, hex);
	snprintf(msg_id, 40, "msg_%s", hex);
	sb_iso8601(sb_bson_date(entry, "timestamp"), at);
	if (o == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "type", sb_event_names[ev]);
	cJSON_AddStringToObject(o, "id", msg_id);
	cJSON_AddStringToObject(o, "timestamp", at);
	cJSON_AddNumberToObject(o, "version", 1);
	if ((data = cJSON_AddObjectToObject(o, "data")) != NULL) {
		cJSON_AddNumberToObject(data, "seq", (double)seq);
		cJSON_AddStringToObject(data, "audit_entry", hex);
		if (sb_bson_oid(entry, "user_id", &user)) {
			bson_oid_to_string(&user, hex);
			cJSON_AddStringToObject(data, "user_id", hex);
		}
		add_detail(data, entry, "kyc_id");
		if (ev == SB_EVENT_KYC_SUBMITTED)
			add_detail(data, entry, "document_type");
		if (ev == SB_EVENT_KYC_APPROVED)
			cJSON_AddStringToObject(data, "status", SB_KYC_APPROVED);
		if (ev == SB_EVENT_KYC_REJECTED) {
			cJSON_AddStringToObject(data, "status", SB_KYC_REJECTED);
			add_reasons(data, entry);
			add_detail(data, entry, "kind");
		}
		if (ev == SB_EVENT_DOCUMENT_PURGED)
			add_detail(data, entry, "rule");
	}
	if (!sb_json_alloc_failed())
		s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (s != NULL)
		*len = strlen(s);
	return s;
}

/* One batch of leaves, as the endpoint's deliveries are made of them. */
struct batch {
	struct sb_deliverer	*dv;
	const struct sb_webhook	*w;
	const bson_oid_t	*entry;		/* by seq - from */
	int64_t			 from, n;
	char			*body[BATCH];	/* by seq - from, or NULL */
	size_t			 len[BATCH];
	char			 msg_id[BATCH][40];
	int			 event[BATCH];
	bson_error_t		*e;
	int			 rc;
};

/* Is the user a customer (USER_DISABLED is an event for customers only)? */
static int
customer(const struct sb_conn *conn, const bson_t *entry, bson_error_t *e)
{
	struct sb_user	u;
	bson_oid_t	id;
	int		found;

	if (!sb_bson_oid(entry, "user_id", &id))
		return 0;
	if ((found = sb_user_by_id(conn, &id, &u, e)) == SB_ERR)
		return SB_ERR;
	found = found == SB_FOUND &&
	    strcmp(u.role, SB_ROLE_NAME_CUSTOMER) == 0;
	OPENSSL_cleanse(&u, sizeof(u));
	return found;
}

static int
one_entry(const bson_t *entry, void *arg)
{
	struct batch	*b = arg;
	char		 action[40];
	bson_oid_t	 id;
	int64_t		 i;
	int		 ev = -1, is;

	sb_bson_oid(entry, "_id", &id);
	for (i = 0; i < b->n && !bson_oid_equal(&id, &b->entry[i]); i++)
		;
	if (i == b->n)
		return SB_NEXT;
	sb_bson_str(entry, "action", action, sizeof(action));
	for (size_t k = 0; k < SB_NELEM(events); k++)
		if (strcmp(events[k].action, action) == 0)
			ev = (int)events[k].event;
	if (ev < 0 || !(b->w->events & (1u << ev)))
		return SB_NEXT;
	if (ev == SB_EVENT_CUSTOMER_DISABLED &&
	    (is = customer(b->dv->conn, entry, b->e)) != 1) {
		b->rc = is;
		return is == SB_ERR ? SB_STOP : SB_NEXT;
	}
	b->event[i] = ev;
	b->body[i] = envelope((enum sb_event)ev, entry, b->from + i,
	    b->msg_id[i], &b->len[i]);
	if (b->body[i] == NULL) {
		bson_set_error(b->e, 0, 0, "out of memory");
		b->rc = SB_ERR;
		return SB_STOP;
	}
	return SB_NEXT;
}

/*
 * The endpoint's next leaves made into deliveries, and its cursor moved
 * past them.  How many leaves (0: none yet), or SB_ERR.
 */
static int64_t
materialize(struct sb_deliverer *dv, const struct sb_webhook *w,
    bson_error_t *e)
{
	bson_oid_t		entry[BATCH];
	struct sb_delivery	made[BATCH];
	struct batch		b;
	int64_t			n, now = sb_now_ms();
	size_t			nmade = 0;
	int			rc = SB_OK;

	if ((n = sb_audit_tree_leaves(dv->conn, (uint64_t)w->cursor, BATCH,
	    entry, e)) <= 0)
		return n;
	memset(&b, 0, sizeof(b));
	b.dv = dv;
	b.w = w;
	b.entry = entry;
	b.from = w->cursor;
	b.n = n;
	b.e = e;
	if (sb_user_log_by_ids(dv->conn, entry, (size_t)n, one_entry, &b,
	    e) == SB_ERR || b.rc == SB_ERR)
		rc = SB_ERR;
	for (int64_t i = 0; i < n && rc == SB_OK; i++) {
		struct sb_delivery *d = &made[nmade];

		if (b.body[i] == NULL)
			continue;
		memset(d, 0, sizeof(*d));
		bson_oid_init(&d->id, NULL);
		d->endpoint = w->id;
		d->seq = b.from + i;
		snprintf(d->event, sizeof(d->event), "%s",
		    sb_event_names[b.event[i]]);
		snprintf(d->msg_id, sizeof(d->msg_id), "%s", b.msg_id[i]);
		d->body = b.body[i];
		d->len = b.len[i];
		d->next_at = d->created_at = now;
		nmade++;
	}
	if (rc == SB_OK)
		rc = sb_delivery_insert(dv->conn, made, nmade, e);
	for (int64_t i = 0; i < n; i++)
		cJSON_free(b.body[i]);
	/* Moved by another deliverer meanwhile: its deliveries are the same. */
	if (rc == SB_ERR || sb_webhook_set_cursor(dv->conn, &w->id, w->cursor,
	    w->cursor + n, e) == SB_ERR)
		return SB_ERR;
	return n;
}

/* "v1,<sig> v1,<sig>" for every secret that signs now, into out. */
static int
signatures(const struct sb_deliverer *dv, const struct sb_webhook *w,
    const struct sb_delivery *d, int64_t ts, char *out, size_t cap)
{
	uint8_t	secret[SB_WEBHOOK_SECRETS][SB_WEBHOOK_SECRET_LEN];
	char	sig[SB_WEBHOOK_SIG_SIZE];
	int	n, rc = SB_OK;

	out[0] = '\0';
	if ((n = sb_webhook_secrets(dv->conn, w, sb_now_ms(), secret)) <= 0)
		return SB_ERR;
	for (int i = 0; i < n && rc == SB_OK; i++) {
		rc = sb_webhook_sign(secret[i], SB_WEBHOOK_SECRET_LEN,
		    d->msg_id, ts, d->body, d->len, sig);
		if (rc == SB_OK && strlen(out) + strlen(sig) + 2 < cap)
			snprintf(out + strlen(out), cap - strlen(out), "%s%s",
			    i > 0 ? " " : "", sig);
	}
	OPENSSL_cleanse(secret, sizeof(secret));
	return rc;
}

/*
 * Attempt d now; its outcome into d.  1 when delivered, 0 when not.
 */
static int
attempt(struct sb_deliverer *dv, const struct sb_webhook *w,
    struct sb_delivery *d, int64_t now)
{
	char			sigs[2 * SB_WEBHOOK_SIG_SIZE + 2], ts[24];
	struct sb_post_result	r;
	struct sb_post		p = { .url = w->url, .allow_local =
	    w->allow_local, .id = d->msg_id, .timestamp = ts,
	    .signature = sigs, .body = d->body, .len = d->len,
	    .timeout_ms = dv->timeout_ms };

	snprintf(ts, sizeof(ts), "%lld", (long long)(now / 1000));
	d->attempts++;
	d->last_at = now;
	d->last_status = 0;
	if (signatures(dv, w, d, now / 1000, sigs, sizeof(sigs)) == SB_ERR) {
		snprintf(d->last_error, sizeof(d->last_error), "no secret "
		    "opens (is its key still in the key file?)");
		return 0;
	}
	if (sb_poster_send(dv->poster, &p, &r) == SB_ERR) {
		snprintf(d->last_error, sizeof(d->last_error), "%s", r.error);
		return 0;
	}
	d->last_status = r.status;
	if (r.status >= 200 && r.status < 300) {
		d->last_error[0] = '\0';
		return 1;
	}
	snprintf(d->last_error, sizeof(d->last_error), r.status >= 300 &&
	    r.status < 400 ? "answered %ld: a redirect, not followed" :
	    "answered %ld", r.status);
	return 0;
}

/* After a failed attempt: the next one, or the end. */
static void
schedule(const struct sb_deliverer *dv, struct sb_delivery *d, int64_t now)
{
	int64_t wait;

	if (d->attempts > dv->nwait) {
		snprintf(d->status, sizeof(d->status), SB_DELIVERY_FAILED);
		return;
	}
	wait = dv->wait[d->attempts - 1];
	/* Up to a tenth more, so that endpoints' retries drift apart. */
	d->next_at = now + wait + (int64_t)arc4random_uniform(
	    (uint32_t)(wait / 10 + 1));
}

/*
 * Attempt d (due) for w and record the outcome.  0 to go on with the
 * endpoint's next delivery, 1 to stop (d waits for a retry), or SB_ERR.
 */
static int
deliver_one(struct sb_deliverer *dv, struct sb_webhook *w,
    struct sb_delivery *d, int64_t now, bson_error_t *e)
{
	int64_t	was = d->attempts;
	int	delivered, failed;
	char	q[96];

	if ((delivered = attempt(dv, w, d, now))) {
		snprintf(d->status, sizeof(d->status), "%s",
		    SB_DELIVERY_DELIVERED);
		d->delivered_at = sb_now_ms();
		dv->delivered++;
		sb_log(SB_LOG_INFO, "webhook_delivered", "endpoint=%s seq=%lld "
		    "event=%s status=%lld attempts=%lld", w->id_hex,
		    (long long)d->seq, d->event, (long long)d->last_status,
		    (long long)d->attempts);
	} else {
		schedule(dv, d, now);
	}
	failed = strcmp(d->status, SB_DELIVERY_FAILED) == 0;
	if (!delivered)
		sb_log(SB_LOG_WARN, failed ? "webhook_failed" : "webhook_retry",
		    "endpoint=%s seq=%lld event=%s attempts=%lld error=%s",
		    w->id_hex, (long long)d->seq, d->event,
		    (long long)d->attempts,
		    sb_log_quote(d->last_error, q, sizeof(q)));
	if (sb_delivery_record(dv->conn, d, was, e) == SB_ERR)
		return SB_ERR;
	/* The endpoint is failing from its first failed delivery on, until
	 * one is delivered again. */
	if ((failed && w->failing_since == 0) ||
	    (delivered && w->failing_since != 0)) {
		w->failing_since = failed ? sb_now_ms() : 0;
		if (sb_webhook_set_failing(dv->conn, &w->id, w->failing_since,
		    e) == SB_ERR)
			return SB_ERR;
	}
	dv->failed += failed;
	return delivered || failed ? 0 : 1;
}

/*
 * Deliver what is due to w, a batch of its pending deliveries at a time,
 * lowest seq first.  The ms until its next is due, or SB_ERR.
 */
static int64_t
endpoint_round(struct sb_deliverer *dv, const struct sb_webhook *w,
    int64_t max_ms, bson_error_t *e)
{
	struct sb_delivery	batch[PER_BATCH];
	struct sb_webhook	now_w;
	int64_t			n, made, now, due = -1;
	int			found, rc = 0;

	for (int round = 0; round < PER_ROUND / PER_BATCH; round++) {
		if ((n = sb_delivery_pending(dv->conn, &w->id, batch,
		    PER_BATCH, e)) == SB_ERR)
			return SB_ERR;
		if (n == 0) {
			/* Nothing owed: the next leaves, if any. */
			if ((made = materialize(dv, w, e)) == SB_ERR)
				return SB_ERR;
			if (made == 0)
				return max_ms;
			continue;
		}
		/* As it is now: disabled, or its secrets rotated, meanwhile. */
		if ((found = sb_webhook_get(dv->conn, &w->id, &now_w, e)) !=
		    SB_FOUND || !now_w.enabled) {
			rc = found == SB_ERR ? SB_ERR : 1;
			due = max_ms;
		}
		for (int64_t i = 0; i < n && rc == 0; i++) {
			now = sb_now_ms();
			if (batch[i].next_at > now) {
				due = batch[i].next_at - now;
				rc = 1;
			} else if ((rc = deliver_one(dv, &now_w, &batch[i], now,
			    e)) == 1) {
				due = batch[i].next_at - now;
			}
		}
		for (int64_t i = 0; i < n; i++)
			sb_delivery_clear(&batch[i]);
		if (rc == SB_ERR)
			return SB_ERR;
		if (rc == 1)
			return due < max_ms ? due : max_ms;
	}
	return 0;		/* more is due: come back at once */
}

struct round {
	struct sb_deliverer	*dv;
	int64_t			 next_ms;
	bson_error_t		*e;
	int			 rc;
};

static int
round_one(const struct sb_webhook *w, void *arg)
{
	struct round	*r = arg;
	int64_t		 due;

	if (!w->enabled)
		return SB_NEXT;
	if ((due = endpoint_round(r->dv, w, r->next_ms, r->e)) == SB_ERR) {
		r->rc = SB_ERR;
		return SB_STOP;
	}
	if (due < r->next_ms)
		r->next_ms = due;
	return SB_NEXT;
}

int
sb_delivery_resend_by(const struct sb_conn *conn, const struct sb_actor *who,
    const bson_oid_t *id, struct sb_delivery *d, bson_error_t *e)
{
	char	hex[25], endpoint[25], seq[24], was[16];
	bson_t	details;
	int	found, rc;

	for (int tries = 0; tries < 3; tries++) {
		if ((found = sb_delivery_get(conn, id, d, e)) != SB_FOUND)
			return found == SB_ERR ? SB_ERR : SB_RESEND_NOT_FOUND;
		sb_delivery_clear(d);
		if (strcmp(d->status, SB_DELIVERY_PENDING) == 0)
			return SB_RESEND_PENDING;
		snprintf(was, sizeof(was), "%s", d->status);
		if ((found = sb_delivery_resend(conn, id, was, e)) == SB_ERR)
			return SB_ERR;
		if (found == SB_NOTFOUND)
			continue;	/* it changed meanwhile: look again */
		bson_oid_to_string(id, hex);
		bson_oid_to_string(&d->endpoint, endpoint);
		snprintf(seq, sizeof(seq), "%lld", (long long)d->seq);
		SB_DETAILS(&details, { "delivery", hex },
		    { "endpoint", endpoint }, { "seq", seq },
		    { "event", d->event }, { "was", was });
		rc = sb_audit(conn, who, SB_AUDIT_WEBHOOK_RESENT, NULL, &details,
		    e);
		bson_destroy(&details);
		if (rc == SB_ERR)
			return SB_ERR;
		if ((found = sb_delivery_get(conn, id, d, e)) != SB_FOUND)
			return found == SB_ERR ? SB_ERR : SB_RESEND_NOT_FOUND;
		sb_delivery_clear(d);
		return SB_RESEND_DONE;
	}
	return SB_RESEND_PENDING;
}

int64_t
sb_deliver_round(struct sb_deliverer *dv, int64_t max_ms, bson_error_t *e)
{
	struct round r = { .dv = dv, .next_ms = max_ms, .e = e, .rc = SB_OK };

	if (sb_webhook_each(dv->conn, round_one, &r, e) == SB_ERR ||
	    r.rc == SB_ERR)
		return SB_ERR;
	return r.next_ms;
}
