/*
 * user.h -- the user collection.  Return conventions: base/model.h.
 */
#ifndef SB_STORE_USER_H
#define SB_STORE_USER_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/model.h"
#include "base/password.h"
#include "base/purpose.h"
#include "store/db.h"

struct sb_user {
	bson_oid_t	id;
	char		id_hex[25];
	char		email[255];
	char		name[401];
	char		phone[20];
	char		role[SB_STATUS_LEN];
	char		kyc_status[SB_STATUS_LEN];
	char		password_hash[SB_HASH_MAX];
	int64_t		created_at;
	int64_t		closed_at;	/* 0: open */
	int64_t		tokens_from;	/* ms: tokens issued before are void */
	int		disabled;
};

/*
 * A customer's answer for one purpose of the privacy notice
 * (base/purpose.h), stored as consents.NAME {given, at, notice}.  A
 * purpose never asked about has at 0 and is not given.
 */
#define SB_NOTICE_VERSION_LEN	16
struct sb_consent {
	int	given;
	int64_t	at;				/* ms */
	char	notice[SB_NOTICE_VERSION_LEN];	/* the notice's version */
};

/*
 * Insert u (u->id is set here), with its consents: one per purpose of
 * sb_purposes, those with at 0 left out; NULL for none.  A taken email
 * fails with code 11000.  registered_from: the client's address for a
 * registration, whose follow-up (followup.h) is then marked pending; NULL
 * for none.
 */
int	sb_user_insert(const struct sb_conn *, struct sb_user *u,
	    const struct sb_consent *consents, const char *registered_from,
	    bson_error_t *);
/*
 * The user's consents, one per purpose of sb_purposes, into out.
 * SB_FOUND, SB_NOTFOUND, or SB_ERR.
 */
int	sb_user_consents(const struct sb_conn *, const bson_oid_t *,
	    struct sb_consent *out, bson_error_t *);
/*
 * The purposes given, "kyc,marketing", into out (cut at cap - 1 bytes;
 * SB_CONSENTS_TEXT holds them all).
 */
#define SB_CONSENTS_TEXT	(SB_PURPOSES_MAX * (SB_PURPOSE_NAME_MAX + 1))
void	sb_user_consents_text(const struct sb_consent *, char *out,
	    size_t cap);
/* Store the consents whose at is not 0, one per purpose.  SB_OK, SB_ERR. */
int	sb_user_set_consents(const struct sb_conn *, const bson_oid_t *,
	    const struct sb_consent *, bson_error_t *);
/* Set the name, the phone, or both (NULL: kept).  SB_OK or SB_ERR. */
int	sb_user_set_profile(const struct sb_conn *, const bson_oid_t *,
	    const char *name, const char *phone, bson_error_t *);
/* SB_FOUND, SB_NOTFOUND, or SB_ERR. */
int	sb_user_by_email(const struct sb_conn *, const char *email,
	    struct sb_user *, bson_error_t *);
int	sb_user_by_id(const struct sb_conn *, const bson_oid_t *,
	    struct sb_user *, bson_error_t *);
/*
 * The users whose ids are the values of the BSON array ids (name and email
 * only), to fn.  Count seen, or -1.  One $in query: FerretDB has no $lookup.
 */
int64_t	sb_user_each_by_ids(const struct sb_conn *, const bson_t *ids,
	    int (*fn)(const struct sb_user *, void *), void *arg,
	    bson_error_t *);
/* Set kyc_status (idempotent). */
int	sb_user_set_kyc_status(const struct sb_conn *, const bson_oid_t *,
	    const char *status, bson_error_t *);
/* Mark the user disabled: their tokens stop at once (idempotent). */
/*
 * Close a customer's relationship at at (ms): disabled (no login, tokens
 * stop) and closed_at, in one update.  SB_OK or SB_ERR.
 */
int	sb_user_close(const struct sb_conn *, const bson_oid_t *, int64_t at,
	    bson_error_t *);
/*
 * Ids of users closed before cutoff (ms) whose scans are not all purged
 * yet, at most max, into out.  The count, or SB_ERR.
 */
int64_t	sb_user_closed_before(const struct sb_conn *, int64_t cutoff,
	    bson_oid_t *out, int64_t max, bson_error_t *);
/* Every scan of the closed user was purged at at.  SB_OK or SB_ERR. */
int	sb_user_set_purged(const struct sb_conn *, const bson_oid_t *,
	    int64_t at, bson_error_t *);
int	sb_user_set_disabled(const struct sb_conn *, const bson_oid_t *,
	    bson_error_t *);
/* Tokens issued before from (ms) stop working (a logout).  SB_OK, SB_ERR. */
int	sb_user_set_tokens_from(const struct sb_conn *, const bson_oid_t *,
	    int64_t from, bson_error_t *);
/*
 * Replace the password hash old by fresh (the same password at a higher
 * cost); a hash that is no longer old is kept.  SB_OK or SB_ERR.
 */
int	sb_user_replace_hash(const struct sb_conn *, const bson_oid_t *,
	    const char *old, const char *fresh, bson_error_t *);
/*
 * Erasure (ops/erasure.h).  A request closes the customer at at (disabled,
 * closed_at unless already closed, tokens void from at) and marks them
 * erasure_pending with erase_after (ms; 0: never, the rules keep their
 * records: stored as SB_ERASE_NEVER), in one update.  SB_OK or SB_ERR.
 */
#define SB_ERASE_NEVER	253402300799000LL	/* 9999-12-31T23:59:59Z */
int	sb_user_request_erasure(const struct sb_conn *, const bson_oid_t *,
	    int64_t at, int64_t erase_after, bson_error_t *);
/* Ids of users whose erasure is due at now, at most max.  Count/SB_ERR. */
int64_t	sb_user_erasures_due(const struct sb_conn *, int64_t now,
	    bson_oid_t *out, int64_t max, bson_error_t *);
/*
 * The erased user: name, email and phone replaced (the email by one made
 * from the id, so that the unique index holds and no login finds it),
 * the password hash by one that never verifies, consents and the
 * registration's address dropped, erased_at set, the mark gone.
 * SB_OK or SB_ERR.
 */
#define SB_ERASED_NAME	"Erased customer"
int	sb_user_pseudonymise(const struct sb_conn *, const bson_oid_t *,
	    int64_t at, bson_error_t *);
/* The email an erased user id_hex is given, into out (64 bytes). */
void	sb_user_erased_email(const char *id_hex, char *out);
/*
 * Pending erasures, soonest first, to fn as their user documents (no
 * password hash).  Count, or SB_ERR.
 */
int64_t	sb_user_each_erasure_pending(const struct sb_conn *,
	    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *);

/* Every auditor, oldest first, to fn (no password hash).  Count, SB_ERR. */
int64_t	sb_user_each_auditor(const struct sb_conn *,
	    int (*fn)(const struct sb_user *, void *), void *arg,
	    bson_error_t *);

/*
 * Registrations whose follow-up is pending, at most max, into out.  The
 * count read, or SB_ERR.
 */
int64_t	sb_user_marked(const struct sb_conn *, struct sb_marked *out,
	    int64_t max, bson_error_t *);
/* The registration's follow-up is done. */
int	sb_user_clear_mark(const struct sb_conn *, const bson_oid_t *,
	    bson_error_t *);

#endif
