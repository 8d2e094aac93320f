/*
 * checkpoint.c -- smartbank-admin checkpoint: sign a checkpoint of the
 * audit tree as it is now (ops/checkpoint.h), without waiting for the
 * hundredth entry or the minute: before a backup, at the close of a day,
 * or for an outside recorder that wants the latest state.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/model.h"
#include "ops/checkpoint.h"
#include "store/audit_checkpoint.h"

int
sb_admin_checkpoint(const struct sb_admin *a, int argc, char *argv[])
{
	uint64_t	made, latest;
	bson_error_t	e;

	(void)argc;
	(void)argv;
	if (sb_checkpoint_now(&a->conn, &made, &e) == SB_ERR)
		return sb_admin_db_fail("checkpoint", &e);
	if (made > 0) {
		printf("checkpoint of size %llu signed\n",
		    (unsigned long long)made);
		return 0;
	}
	if (sb_audit_checkpoint_latest(&a->conn, &latest, &e) == SB_ERR)
		return sb_admin_db_fail("checkpoint", &e);
	if (latest == 0)
		printf("the audit log is empty: no checkpoint\n");
	else
		printf("no entry since the checkpoint of size %llu\n",
		    (unsigned long long)latest);
	return 0;
}
