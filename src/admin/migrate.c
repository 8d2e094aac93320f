/*
 * migrate.c -- smartbank-admin migrate: move a database of the old layout
 * (scans inside kyc_doc) to the new one, in place (ops/migrate.h).  Safe
 * to run twice, and to kill and run again.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/model.h"
#include "ops/migrate.h"

#define BATCH	100

int
sb_admin_migrate(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_migrate_counts	n, total = { 0, 0, 0, 0 };
	bson_error_t			e;

	(void)argc;
	(void)argv;
	do {
		if (sb_migrate(&a->conn, BATCH, &n, &e) == SB_ERR)
			return sb_admin_db_fail("migrate", &e);
		total.moved += n.moved;
		total.named += n.named;
		total.sealed += n.sealed;
	} while (n.seen == BATCH);
	printf("%lld document(s) moved to kyc_document, %lld record(s) "
	    "completed, %lld encrypted\n", (long long)total.moved,
	    (long long)total.named + total.moved, (long long)total.sealed);
	return 0;
}
