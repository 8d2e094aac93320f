/*
 * verify_audit.c -- smartbank-admin verify-audit: the audit trail against
 * its Merkle tree (ops/audit_verify.h).  Prints the first problem with its
 * sequence number and exits 1, or the tree's size, root and entry count.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/model.h"
#include "ops/audit_verify.h"

int
sb_admin_verify_audit(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_audit_check	c;
	bson_error_t		e;
	char			root[2 * SB_HASH_LEN + 1] = "-";

	(void)argc;
	(void)argv;
	if (sb_audit_verify(&a->conn, &c, &e) == SB_ERR)
		return sb_admin_db_fail("verify-audit", &e);
	if (c.problem[0] != '\0') {
		if (c.bad_seq >= 0)
			printf("audit log: seq %lld: %s\n",
			    (long long)c.bad_seq, c.problem);
		else
			printf("audit log: %s\n", c.problem);
		return 1;
	}
	for (size_t i = 0; c.size > 0 && i < SB_HASH_LEN; i++)
		snprintf(root + 2 * i, 3, "%02x", c.root[i]);
	printf("audit log verified: tree size %llu, root %s, %lld entries "
	    "(%lld awaiting their leaf); %lld checkpoint(s), the latest of "
	    "size %llu\n", (unsigned long long)c.size, root,
	    (long long)c.entries, (long long)c.pending,
	    (long long)c.checkpoints, (unsigned long long)c.checkpoint);
	return 0;
}
