/*
 * migrate.h -- moving a database of the old layout to the new one, in
 * place (smartbank-admin migrate).
 *
 * The old layout kept each document's bytes inside its kyc_doc
 * (document_data) and no copy of the customer's name and email.  For each
 * such kyc_doc: its bytes are stored in kyc_document under its id (one
 * already there is kept), then the kyc_doc gets the bytes' metadata and
 * the customer's name and email, and loses document_data, in one update.
 * Records written before encryption are sealed too: first the kyc_doc
 * gets its data key (wrapped) and its number sealed, marked "sealing",
 * then the bytes are sealed under that key, then the mark goes -- the key
 * is stored before anything depends on it.  Every step is idempotent, so
 * a run that is killed half-way is finished by the next, to the same end
 * state.  Every kyc_doc without a queue_key gets it (its place in the
 * review queue, store/kyc_doc.h); the queue lists those without one first
 * meanwhile; every one without a user_name_key (the name it is searched by,
 * store/kyc_queue.h) gets that, and every one without a duplicate flag
 * (store/kyc_duplicate.h) gets it.  Data keys wrapped by a key-encryption key (before customers
 * had keys of their own) move under their record keys
 * (store/customer_key.h), each write over the key it replaces.  The
 * service reads both layouts, and every form, meanwhile.
 */
#ifndef SB_OPS_MIGRATE_H
#define SB_OPS_MIGRATE_H

#include <stdint.h>

#include "store/db.h"

struct sb_migrate_counts {
	int64_t	seen;		/* records of the old layout looked at */
	int64_t	moved;		/* documents whose bytes moved */
	int64_t	named;		/* records whose bytes were already moved */
	int64_t	sealed;		/* records given a data key (encrypted) */
	int64_t	keyed;		/* records given their queue_key */
	int64_t	searchable;	/* records given their user_name_key */
	int64_t	rekeyed;	/* data keys moved under customers' keys */
	int64_t	checked;	/* records checked for a shared number */
};

/*
 * Migrate at most max kyc_docs (a full batch means there may be more).
 * SB_OK or SB_ERR with e set.
 */
int	sb_migrate(const struct sb_conn *, int64_t max,
	    struct sb_migrate_counts *, bson_error_t *);

#endif
