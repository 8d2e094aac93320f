/*
 * migrate.c -- smartbank-admin migrate: move a database of the old layout
 * (scans inside kyc_doc) to the new one, in place (ops/migrate.h).  Safe
 * to run twice, and to kill and run again.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/model.h"
#include "ops/audit.h"
#include "ops/migrate.h"
#include "store/db.h"

#define BATCH		100
/*
 * Each batch of old audit entries is one query that FerretDB answers by
 * reading all of user_log: few and large.
 */
#define LEAF_BATCH	5000

int
sb_admin_migrate(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_migrate_counts	n, total = { 0, 0, 0, 0, 0, 0, 0, 0 };
	bson_error_t			e;
	int64_t				leaves, total_leaves = 0;

	(void)argc;
	(void)argv;
	do {
		if (sb_migrate(&a->conn, BATCH, &n, &e) == SB_ERR)
			return sb_admin_db_fail("migrate", &e);
		total.moved += n.moved;
		total.named += n.named;
		total.sealed += n.sealed;
		total.keyed += n.keyed;
		total.searchable += n.searchable;
		total.rekeyed += n.rekeyed;
		total.checked += n.checked;
	} while (n.seen == BATCH);
	/* The queue's index before queue_key, and any like it. */
	if (sb_db_drop_obsolete_indexes(&a->conn, &e) == SB_ERR)
		return sb_admin_db_fail("migrate", &e);
	/* Audit entries from before the tree, in their _id order, once. */
	do {
		if ((leaves = sb_audit_add_leaves(&a->conn, 0, LEAF_BATCH,
		    &e)) == SB_ERR)
			return sb_admin_db_fail("migrate", &e);
		total_leaves += leaves;
	} while (leaves == LEAF_BATCH);
	printf("%lld document(s) moved to kyc_document, %lld record(s) "
	    "completed, %lld encrypted, %lld given a queue key, %lld made "
	    "searchable by name, %lld moved to their customer's key, %lld "
	    "checked for a shared number; %lld audit entr%s added to the "
	    "tree\n",
	    (long long)total.moved, (long long)total.named + total.moved,
	    (long long)total.sealed, (long long)total.keyed,
	    (long long)total.searchable,
	    (long long)total.rekeyed, (long long)total.checked,
	    (long long)total_leaves,
	    total_leaves == 1 ? "y" : "ies");
	return 0;
}
