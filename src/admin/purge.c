/*
 * purge.c -- smartbank-admin purge: delete the scans the retention rules
 * no longer allow the bank to keep (ops/retention.h), now.  Safe to run
 * twice, and to kill and run again.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/model.h"
#include "ops/retention.h"

#define BATCH	500

int
sb_admin_purge(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_purge_counts	n, total = { 0, 0, 0, 0 };
	bson_error_t		e;

	(void)argc;
	(void)argv;
	do {
		if (sb_purge(&a->conn, a->cfg, a->actor, BATCH, &n, &e) ==
		    SB_ERR)
			return sb_admin_db_fail("purge", &e);
		total.rejected += n.rejected;
		total.closed += n.closed;
		total.finished += n.finished;
		total.erased += n.erased;
	} while (n.rejected == BATCH || n.closed == BATCH ||
	    n.finished == BATCH || n.erased > 0);
	printf("%lld scan(s) of rejected submissions and %lld of closed "
	    "customers purged; %lld interrupted purge(s) finished; %lld "
	    "customer(s) erased\n",
	    (long long)total.rejected, (long long)total.closed,
	    (long long)total.finished, (long long)total.erased);
	return 0;
}
