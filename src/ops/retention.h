/*
 * retention.h -- purging identity scans when the bank may no longer keep
 * them, never because they are old (smartbank-admin purge, and the
 * workers' sweep).
 *
 * Indian banks keep identification records for at least five years after
 * the relationship ends (RBI KYC Master Direction), so the rules are:
 *   rejected  a REJECTED submission (superseded by the customer's next one,
 *             or not), SMARTBANK_RETENTION_REJECTED_DAYS after its
 *             rejection (0: kept);
 *   closed    every submission of a customer whose relationship was closed
 *             (smartbank-admin close-customer), SMARTBANK_RETENTION_CLOSED_
 *             DAYS after the closure (default 1825; 0: kept).
 * The current approved or submitted scan of an open customer matches
 * neither, however old.
 *
 * A purge is crypto-shredding: one update of the kyc_doc removes its data
 * key, its sealed number, the blind index of the number and the scan's
 * SHA-256 (a purged number is neither found nor counted as a duplicate,
 * and no hash confirms a guess), and sets document_purged_at, purge_rule
 * and purge_entry; then the record's salt is forgotten
 * (store/customer_key.h: no key that opens the record is left, not even
 * for a backup of the data restored later), the scan's bytes are deleted,
 * DOCUMENT_PURGED is written under the id purge_entry names -- made from
 * the KYC id, so that two purges of one KYC at once write one entry --
 * and the mark goes.  A customer whose every record is purged by the
 * closed rule loses their key document too.  A purge interrupted at any
 * step is finished by the next run.  kyc_doc keeps the scan's size and
 * media type.
 */
#ifndef SB_OPS_RETENTION_H
#define SB_OPS_RETENTION_H

#include <stdint.h>

#include "ops/audit.h"
#include "store/db.h"

struct sb_config;

#define SB_PURGE_RULE_REJECTED	"rejected"
#define SB_PURGE_RULE_CLOSED	"closed_customer"
#define SB_PURGE_RULE_ERASURE	"erasure"

struct sb_purge_counts {
	int64_t	rejected;	/* purged by the rejected rule */
	int64_t	closed;		/* purged by the closed-customer rule */
	int64_t	finished;	/* interrupted purges finished */
	int64_t	erased;		/* customers erased (ops/erasure.h) */
};

/*
 * Erase user now: every record purged by the erasure rule (at most max
 * of them into ids; *all says whether that was all), then, when it was,
 * their key and the addresses they logged in from forgotten, their
 * submissions and their record pseudonymised, and CUSTOMER_ERASED
 * written once (its id fixed by the user's).  A run cut short anywhere is
 * finished by the next.  The audit entries stay as they are: they name
 * the user by id.  SB_OK or SB_ERR.
 */
int	sb_erase(const struct sb_conn *, const struct sb_actor *who,
	    const bson_oid_t *user, bson_oid_t *ids, int64_t max, int *all,
	    bson_error_t *);

/*
 * Which rule keeps a record, and until when: what a customer's export
 * says of each item.  rule is SB_PURGE_RULE_REJECTED or _CLOSED when that
 * rule will purge it (until: when, in ms), else "relationship" (kept while
 * the customer is one; until 0, not known yet) or "kept" (a rule set to 0
 * days: no end).  status and reviewed_at are the submission's (NULL and 0
 * for the profile); closed_at the customer's (0: open).
 */
struct sb_retention {
	const char	*rule;
	int64_t		 until;
};
#define SB_RETENTION_RELATIONSHIP	"relationship"
#define SB_RETENTION_KEPT		"kept"
struct sb_retention sb_retention_of(const struct sb_config *,
	    const char *status, int64_t reviewed_at, int64_t closed_at);

/*
 * Purge what the rules allow, at most max of each rule (a full batch means
 * there may be more), and erase the customers whose erasure is due
 * (erase_after passed), audited as who.  SB_OK or SB_ERR.
 */
int	sb_purge(const struct sb_conn *, const struct sb_config *,
	    const struct sb_actor *who, int64_t max, struct sb_purge_counts *,
	    bson_error_t *);

#endif
