/*
 * migrate.h -- moving a database of the old layout to the new one, in
 * place (smartbank-admin migrate).
 *
 * The old layout kept each document's bytes inside its kyc_doc
 * (document_data) and no copy of the customer's name and email.  For each
 * such kyc_doc: its bytes are stored in kyc_document under its id (one
 * already there is kept), then the kyc_doc gets the bytes' metadata and
 * the customer's name and email, and loses document_data, in one update.
 * Every step is idempotent, so a run that is killed half-way is finished
 * by the next, to the same end state.  The service reads both layouts
 * meanwhile.
 */
#ifndef SB_OPS_MIGRATE_H
#define SB_OPS_MIGRATE_H

#include <stdint.h>

#include "store/db.h"

struct sb_migrate_counts {
	int64_t	moved;		/* documents whose bytes moved */
	int64_t	named;		/* records that only got name and email */
};

/*
 * Migrate at most max kyc_docs (a full batch means there may be more).
 * SB_OK or SB_ERR with e set.
 */
int	sb_migrate(const struct sb_conn *, int64_t max,
	    struct sb_migrate_counts *, bson_error_t *);

#endif
