/*
 * submission.c -- KYC submissions, at once or finished after a crash.
 */
#include "config.h"
#include "ops/submission.h"

#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/conf.h"
#include "base/model.h"
#include "base/reasons.h"
#include "base/util.h"
#include "store/kyc_duplicate.h"
#include "store/kyc_upload.h"

#define DAY_MS		(24 * 3600 * 1000LL)

/* The size the bytes will have: decided before anything is decoded. */
static int64_t
decoded_size(const struct sb_submission *s)
{
	return strcmp(s->encoding, "text") == 0 ? (int64_t)s->len :
	    (int64_t)sb_base64_decoded_len(s->data, s->len);
}

/* Within the quotas: OK, or the quota outcome with retry_after_s set. */
static int
check_quotas(const struct sb_config *cfg, const struct sb_kyc_usage *use,
    struct sb_submission *s, int64_t now)
{
	if (use->since_count >= cfg->kyc_max_per_day) {
		/* When the oldest of the day's submissions leaves the day. */
		s->retry_after_s = (use->since_oldest + DAY_MS - now + 999) /
		    1000;
		if (s->retry_after_s < 1)
			s->retry_after_s = 1;
		return SB_SUBMIT_DAILY_QUOTA;
	}
	if (use->stored_bytes + decoded_size(s) > cfg->kyc_max_stored) {
		/* Kept scans are purged by an operator, not by time. */
		s->retry_after_s = DAY_MS / 1000;
		return SB_SUBMIT_STORAGE_QUOTA;
	}
	return SB_SUBMIT_OK;
}

/*
 * A scan (base64) decoded and checked whole, in a buffer of its own that
 * goes at once: OK with s->scan filled, or BAD_DOCUMENT with s->invalid.
 */
static int
check_scan(struct sb_submission *s, bson_error_t *e)
{
	ssize_t	 len;
	uint8_t	*bytes;

	if (strcmp(s->encoding, "base64") != 0)
		return SB_SUBMIT_OK;	/* text: checked by the front line */
	if ((len = sb_base64_decoded_len(s->data, s->len)) < 0) {
		s->invalid = "Document must be valid base64";
		return SB_SUBMIT_BAD_DOCUMENT;
	}
	if ((bytes = malloc(len > 0 ? (size_t)len : 1)) == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	(void)sb_base64_decode(s->data, s->len, bytes);
	s->invalid = sb_scan_check(bytes, (size_t)len, &s->scan);
	free(bytes);
	return s->invalid != NULL ? SB_SUBMIT_BAD_DOCUMENT : SB_SUBMIT_OK;
}

/* Undo the bytes of an upload that did not become a KYC. */
static int
abandon(const struct sb_conn *conn, const bson_oid_t *id, bson_error_t *e)
{
	if (sb_kyc_document_delete(conn, id, e) == SB_ERR)
		return SB_ERR;
	return sb_kyc_upload_end(conn, id, e);
}

/*
 * The bytes, then the kyc_doc, both sealed under env; then the follow-up.
 * SB_SUBMIT_OK, SB_SUBMIT_PENDING (a race lost), or SB_ERR.
 */
static int
store(const struct sb_conn *conn, const struct sb_user *u, const char *address,
    struct sb_submission *s, const struct sb_envelope *env, int64_t now,
    int64_t attempt, bson_error_t *e)
{
	struct sb_document_new	 d;
	struct sb_kyc_new	 k;
	bson_error_t		 ignored;

	memset(&d, 0, sizeof(d));
	d.id = &s->id;
	d.user_id = &u->id;
	d.data = s->data;
	d.len = s->len;
	d.encoding = s->encoding;
	d.env = env;
	d.at = now;
	d.release_data = s->release_data;
	d.release_arg = s->release_arg;
	s->data = NULL;		/* released by the store */
	if (sb_kyc_document_insert(conn, &d, e) == SB_ERR)
		return SB_ERR;	/* the sweep removes what is left */

	memset(&k, 0, sizeof(k));
	k.id = s->id;
	k.user_id = &u->id;
	k.user_name = u->name;
	k.user_email = u->email;
	k.document_type = s->document_type;
	k.document_number = s->document_number;
	k.env = env;
	k.encoding = s->encoding;
	k.media_type = d.media_type;
	k.size = (int64_t)d.size;
	k.sha256 = d.sha256;
	k.width = s->scan.width;
	k.height = s->scan.height;
	k.pages = s->scan.pages;
	k.submitted_from = address;
	k.submitted_at = now;
	k.attempt = attempt;
	if (sb_kyc_insert(conn, &k, e) == SB_ERR) {
		if (!sb_db_error_is_duplicate(e))
			return SB_ERR;
		/*
		 * Another upload of this attempt won the race.  Its bytes go
		 * now; should that fail, the sweep removes them later.
		 */
		(void)abandon(conn, &s->id, &ignored);
		return SB_SUBMIT_PENDING;
	}
	/* A KYC with its bytes: the upload is no longer under way. */
	if (sb_kyc_upload_end(conn, &s->id, e) == SB_ERR)
		return SB_ERR;
	/* Stored: should this fail, a sweep finishes it later. */
	if (sb_submitted(conn, &s->id, &u->id, s->document_type,
	    k.number_index, address, now, 1, e) == SB_ERR)
		return SB_ERR;
	return SB_SUBMIT_OK;
}

int
sb_submit(const struct sb_conn *conn, const struct sb_config *cfg,
    const struct sb_user *u, const char *address, struct sb_submission *s,
    bson_error_t *e)
{
	struct sb_kyc_usage	 use;
	struct sb_kyc_latest	*l = &use.latest;
	struct sb_envelope	 env;
	int64_t			 now = sb_now_ms();
	int			 outcome;

	/* One read of the user's submissions decides the rules and quotas. */
	if (sb_kyc_usage(conn, &u->id, now - DAY_MS, &use, e) == SB_ERR)
		return SB_ERR;
	if (strcmp(l->status, SB_KYC_SUBMITTED) == 0 ||
	    strcmp(l->status, SB_KYC_APPROVED) == 0) {
		/* The user's kyc_status is mended if a crash left it behind. */
		if (strcmp(u->kyc_status, l->status) != 0 &&
		    sb_kyc_sync_user(conn, &u->id, l->status, e) == SB_ERR)
			return SB_ERR;
		return strcmp(l->status, SB_KYC_SUBMITTED) == 0 ?
		    SB_SUBMIT_PENDING : SB_SUBMIT_APPROVED;
	}
	/* A FINAL rejection is not answered by another upload. */
	if (strcmp(l->status, SB_KYC_REJECTED) == 0 &&
	    strcmp(l->reject_kind, SB_KIND_FINAL) == 0)
		return SB_SUBMIT_FINAL;
	if ((outcome = check_quotas(cfg, &use, s, now)) != SB_SUBMIT_OK ||
	    (outcome = check_scan(s, e)) != SB_SUBMIT_OK)
		return outcome;

	/* The bytes first, under the id the KYC will have. */
	bson_oid_init(&s->id, NULL);
	if (sb_kyc_upload_begin(conn, &s->id, &u->id, now, e) == SB_ERR ||
	    sb_envelope_new(&s->id, &u->id, &env, e) == SB_ERR)
		return SB_ERR;
	outcome = store(conn, u, address, s, &env, now, l->count, e);
	sb_envelope_wipe(&env);
	return outcome;
}

int
sb_submitted(const struct sb_conn *conn, const bson_oid_t *kyc_id,
    const bson_oid_t *user_id, const char *document_type,
    const char *number_index, const char *address, int64_t at_ms, int fresh,
    bson_error_t *e)
{
	bson_t	details;
	char	kyc_hex[SB_ID_HEX_LEN + 1];
	int64_t	dups;
	int	rc;

	if (sb_kyc_sync_user(conn, user_id, fresh ? SB_KYC_SUBMITTED : NULL,
	    e) == SB_ERR)
		return SB_ERR;
	/* Other customers' KYCs with this number, as the auditor will see. */
	if ((dups = sb_kyc_count_duplicates(conn, number_index, user_id, e)) ==
	    SB_ERR)
		return SB_ERR;
	/* Its duplicate flag, and theirs (store/kyc_duplicate.h). */
	if (dups > 0 && sb_kyc_mark_duplicates(conn, number_index, e) ==
	    SB_ERR)
		return SB_ERR;
	bson_oid_to_string(kyc_id, kyc_hex);
	SB_DETAILS(&details, { "kyc_id", kyc_hex },
	    { "document_type", document_type });
	BSON_APPEND_INT64(&details, "duplicate_count", dups);
	rc = sb_audit_once(conn, &(const struct sb_audit){ .id = kyc_id,
	    .action = SB_AUDIT_KYC_SUBMITTED, .user_id = user_id,
	    .actor_id = user_id, .actor_role = SB_ROLE_NAME_CUSTOMER,
	    .ip_address = address, .details = &details, .at_ms = at_ms }, e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	return sb_kyc_clear_mark(conn, kyc_id, e);
}
