/*
 * retention.c -- purging scans by the retention rules (see retention.h).
 */
#include "config.h"
#include "ops/retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"
#include "base/model.h"
#include "base/util.h"
#include "store/bsonx.h"
#include "store/customer_key.h"
#include "store/kyc_doc.h"
#include "store/kyc_document.h"
#include "store/kyc_duplicate.h"
#include "store/kyc_retention.h"
#include "store/login_known.h"
#include "store/user.h"

#define DAY_MS	(24 * 3600 * 1000LL)

struct sb_retention
sb_retention_of(const struct sb_config *cfg, const char *status,
    int64_t reviewed_at, int64_t closed_at)
{
	int64_t	rejected = 0, closed = 0;

	/* The rules as sb_purge applies them: whichever comes first. */
	if (status != NULL && strcmp(status, SB_KYC_REJECTED) == 0 &&
	    cfg->retention_rejected_days > 0 && reviewed_at != 0)
		rejected = reviewed_at + cfg->retention_rejected_days * DAY_MS;
	if (closed_at != 0 && cfg->retention_closed_days > 0)
		closed = closed_at + cfg->retention_closed_days * DAY_MS;
	if (rejected != 0 && (closed == 0 || rejected <= closed))
		return (struct sb_retention){ SB_PURGE_RULE_REJECTED, rejected };
	if (closed != 0)
		return (struct sb_retention){ SB_PURGE_RULE_CLOSED, closed };
	if (closed_at != 0)
		return (struct sb_retention){ SB_RETENTION_KEPT, 0 };
	return (struct sb_retention){ SB_RETENTION_RELATIONSHIP, 0 };
}

/*
 * The record's salt goes (no key that opens it is left), the bytes go,
 * the entry is written (once), the mark goes.
 */
static int
finish(const struct sb_conn *conn, const struct sb_actor *who,
    const struct sb_purge *p, long days, bson_error_t *e)
{
	bson_t	details;
	char	hex[SB_ID_HEX_LEN + 1], d[24];
	int	rc;

	if (sb_customer_key_forget_record(conn, &p->user_id, &p->id, e) ==
	    SB_ERR || sb_kyc_document_delete(conn, &p->id, e) == SB_ERR)
		return SB_ERR;
	bson_oid_to_string(&p->id, hex);
	snprintf(d, sizeof(d), "%ld", days);
	SB_DETAILS(&details, { "kyc_id", hex }, { "rule", p->rule },
	    { "retention_days", days >= 0 ? d : NULL });
	rc = sb_audit_once(conn, &(const struct sb_audit){ .id = &p->entry,
	    .action = SB_AUDIT_DOCUMENT_PURGED, .user_id = &p->user_id,
	    .actor_id = who->id, .actor_role = who->role,
	    .ip_address = who->address, .details = &details,
	    .at_ms = p->at }, e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	return sb_kyc_purge_done(conn, &p->id, e);
}

/*
 * The id of a KYC's DOCUMENT_PURGED entry, made from the KYC id so that
 * workers (and smartbank-admin) purging the same KYC at once write one
 * entry between them: the five bytes an ObjectId draws at random per
 * process, flipped.
 */
static void
entry_id(const bson_oid_t *kyc, bson_oid_t *out)
{
	bson_oid_copy(kyc, out);
	for (int i = 4; i < 9; i++)
		out->bytes[i] ^= 0xa5;
}

/*
 * Purge the KYC id by rule: read once for its owner (the entry's) and its
 * number's blind index, which goes with the shred.  Before the shred, the
 * others with that number may no longer be duplicates
 * (store/kyc_duplicate.h): done first, so that a purge cut short between
 * the two leaves no stale flag, since it is tried again until the shred
 * is made.  SB_FOUND purged, SB_NOTFOUND gone meanwhile, or SB_ERR.
 */
static int
purge_one(const struct sb_conn *conn, const struct sb_actor *who,
    const bson_oid_t *id, const char *rule, long days, bson_error_t *e)
{
	struct sb_purge	p;
	bson_t		kyc;
	char		index[65];
	int		found;

	memset(&p, 0, sizeof(p));
	index[0] = '\0';
	if ((found = sb_kyc_find(conn, id, 0, &kyc, e)) == SB_FOUND) {
		sb_bson_oid(&kyc, "user_id", &p.user_id);
		sb_bson_str(&kyc, "number_index", index, sizeof(index));
	}
	bson_destroy(&kyc);
	if (found != SB_FOUND)
		return found;
	bson_oid_copy(id, &p.id);
	entry_id(id, &p.entry);
	snprintf(p.rule, sizeof(p.rule), "%s", rule);
	p.at = sb_now_ms();
	if (sb_kyc_recount_duplicates(conn, index, id, e) == SB_ERR ||
	    sb_kyc_shred(conn, id, rule, p.at, &p.entry, e) == SB_ERR ||
	    finish(conn, who, &p, days, e) == SB_ERR)
		return SB_ERR;
	return SB_FOUND;
}

static int
purge_rejected(const struct sb_conn *conn, const struct sb_config *cfg,
    const struct sb_actor *who, bson_oid_t *ids, int64_t max, int64_t *done,
    bson_error_t *e)
{
	int64_t	n;
	int	found;

	if (cfg->retention_rejected_days == 0)
		return SB_OK;
	n = sb_kyc_rejected_before(conn, sb_now_ms() -
	    cfg->retention_rejected_days * DAY_MS, ids, max, e);
	if (n == SB_ERR)
		return SB_ERR;
	for (int64_t i = 0; i < n; i++) {
		if ((found = purge_one(conn, who, &ids[i],
		    SB_PURGE_RULE_REJECTED, cfg->retention_rejected_days, e)) ==
		    SB_ERR)
			return SB_ERR;
		if (found == SB_FOUND)
			(*done)++;
	}
	return SB_OK;
}

/*
 * Purge every record user still has by rule, at most room of them
 * (*done counts those purged); when that was all of them, their key goes
 * and they are done with (*all set).  SB_OK or SB_ERR.
 */
static int
purge_user(const struct sb_conn *conn, const struct sb_actor *who,
    const bson_oid_t *user, const char *rule, long days, bson_oid_t *ids,
    int64_t room, int64_t *done, int *all, bson_error_t *e)
{
	int64_t	n;

	*all = 0;
	if ((n = sb_kyc_kept_of_user(conn, user, ids, room, e)) == SB_ERR)
		return SB_ERR;
	for (int64_t i = 0; i < n; i++) {
		int found = purge_one(conn, who, &ids[i], rule, days, e);

		if (found == SB_ERR)
			return SB_ERR;
		if (found == SB_FOUND)
			(*done)++;
	}
	if (n == room)
		return SB_OK;
	*all = 1;
	if (sb_customer_key_forget(conn, user, e) == SB_ERR)
		return SB_ERR;
	return sb_user_set_purged(conn, user, sb_now_ms(), e);
}

static int
purge_closed(const struct sb_conn *conn, const struct sb_config *cfg,
    const struct sb_actor *who, bson_oid_t *ids, int64_t max, int64_t *done,
    bson_error_t *e)
{
	bson_oid_t	*users;
	int64_t		 nu;
	int		 rc = SB_OK, all;

	if (cfg->retention_closed_days == 0)
		return SB_OK;
	if ((users = calloc((size_t)max, sizeof(*users))) == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	nu = sb_user_closed_before(conn, sb_now_ms() -
	    cfg->retention_closed_days * DAY_MS, users, max, e);
	if (nu == SB_ERR)
		rc = SB_ERR;
	for (int64_t u = 0; rc == SB_OK && u < nu && *done < max; u++)
		rc = purge_user(conn, who, &users[u], SB_PURGE_RULE_CLOSED,
		    cfg->retention_closed_days, ids, max - *done, done, &all, e);
	free(users);
	return rc;
}

/*
 * The id of a user's CUSTOMER_ERASED entry, made from the user id as
 * entry_id() makes a purge's (another bit pattern): one entry, however
 * many run the erasure at once.
 */
static void
erased_entry_id(const bson_oid_t *user, bson_oid_t *out)
{
	bson_oid_copy(user, out);
	for (int i = 4; i < 9; i++)
		out->bytes[i] ^= 0x5a;
}

int
sb_erase(const struct sb_conn *conn, const struct sb_actor *who,
    const bson_oid_t *user, bson_oid_t *ids, int64_t max, int *all,
    bson_error_t *e)
{
	bson_oid_t	entry;
	bson_t		details;
	char		hex[25], email[64];
	int64_t		done = 0, at;
	int		rc;

	if (purge_user(conn, who, user, SB_PURGE_RULE_ERASURE, -1, ids, max,
	    &done, all, e) == SB_ERR)
		return SB_ERR;
	if (!*all)
		return SB_OK;	/* more than max records: the next run goes on */
	bson_oid_to_string(user, hex);
	sb_user_erased_email(hex, email);
	at = sb_now_ms();
	if (sb_kyc_pseudonymise_user(conn, user, SB_ERASED_NAME, email, e) ==
	    SB_ERR || sb_known_addresses_forget(conn, hex, e) == SB_ERR)
		return SB_ERR;
	/* The entry before the mark goes: a run cut short between them is
	 * run again, and writes the entry once (its id is fixed). */
	erased_entry_id(user, &entry);
	SB_DETAILS(&details, { "rule", SB_PURGE_RULE_ERASURE });
	rc = sb_audit_once(conn, &(const struct sb_audit){ .id = &entry,
	    .action = SB_AUDIT_CUSTOMER_ERASED, .user_id = user,
	    .actor_id = who->id, .actor_role = who->role,
	    .ip_address = who->address, .details = &details, .at_ms = at }, e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	return sb_user_pseudonymise(conn, user, at, e);
}

/* Erasures whose day has come (ops/erasure.h), at most max records. */
static int
erase_due(const struct sb_conn *conn, const struct sb_actor *who,
    bson_oid_t *ids, int64_t max, int64_t *done, bson_error_t *e)
{
	bson_oid_t	users[64];
	int64_t		nu;
	int		all;

	nu = sb_user_erasures_due(conn, sb_now_ms(), users,
	    (int64_t)SB_NELEM(users), e);
	if (nu == SB_ERR)
		return SB_ERR;
	for (int64_t u = 0; u < nu; u++) {
		if (sb_erase(conn, who, &users[u], ids, max, &all, e) == SB_ERR)
			return SB_ERR;
		if (all)
			(*done)++;
	}
	return SB_OK;
}

int
sb_purge(const struct sb_conn *conn, const struct sb_config *cfg,
    const struct sb_actor *who, int64_t max, struct sb_purge_counts *n,
    bson_error_t *e)
{
	struct sb_purge	*pending;
	bson_oid_t	*ids;
	int64_t		 np;
	int		 rc = SB_OK;

	memset(n, 0, sizeof(*n));
	pending = calloc((size_t)max, sizeof(*pending));
	ids = calloc((size_t)max, sizeof(*ids));
	if (pending == NULL || ids == NULL) {
		free(pending);
		free(ids);
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	/* First what an earlier run left half-done. */
	if ((np = sb_kyc_purges_pending(conn, pending, max, e)) == SB_ERR)
		rc = SB_ERR;
	for (int64_t i = 0; rc == SB_OK && i < np; i++) {
		rc = finish(conn, who, &pending[i], -1, e);
		if (rc == SB_OK)
			n->finished++;
	}
	if (rc == SB_OK)
		rc = purge_rejected(conn, cfg, who, ids, max, &n->rejected, e);
	if (rc == SB_OK)
		rc = purge_closed(conn, cfg, who, ids, max, &n->closed, e);
	if (rc == SB_OK)
		rc = erase_due(conn, who, ids, max, &n->erased, e);
	free(pending);
	free(ids);
	return rc;
}
