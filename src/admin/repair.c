/*
 * repair.c -- smartbank-admin repair: finish every change that a crash or
 * an outage left half-done -- decisions not yet applied, registrations and
 * submissions whose follow-up writes are pending, uploads that died before
 * their kyc_doc was written, once their grace period is over
 * (ops/sweep.h).  The
 * workers do the same when they start and when the database returns; this
 * is for an operator who wants it now.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/conf.h"
#include "base/model.h"
#include "ops/sweep.h"

#define BATCH	1000

int
sb_admin_repair(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_sweep_counts	n, total = { 0, 0, 0, 0, 0 };
	bson_error_t		e;

	(void)argc;
	(void)argv;
	do {
		if (sb_sweep(&a->conn, BATCH, a->cfg->upload_grace_s, &n,
		    &e) == SB_ERR)
			return sb_admin_db_fail("repair", &e);
		total.decisions += n.decisions;
		total.registrations += n.registrations;
		total.submissions += n.submissions;
		total.uploads += n.uploads;
		total.leaves += n.leaves;
	} while (n.registrations == BATCH || n.submissions == BATCH ||
	    n.uploads == BATCH || n.leaves == BATCH);
	printf("%lld decision(s), %lld registration(s), %lld submission(s) "
	    "repaired; %lld interrupted upload(s) cleaned up; %lld audit "
	    "entr%s added to the tree\n",
	    (long long)total.decisions, (long long)total.registrations,
	    (long long)total.submissions, (long long)total.uploads,
	    (long long)total.leaves, total.leaves == 1 ? "y" : "ies");
	return 0;
}
