/*
 * audit_key.c -- smartbank-admin audit-key: the verifier key of the audit
 * checkpoints' signing key, in the signed-note format (base/note.h), for
 * whoever checks the checkpoints outside the bank.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/conf.h"
#include "base/note.h"

int
sb_admin_audit_key(const struct sb_admin *a, int argc, char *argv[])
{
	char key[SB_ORIGIN_MAX + 128];

	(void)argc;
	(void)argv;
	if (sb_signer_verifier(a->cfg->audit_signer, key, sizeof(key)) == -1) {
		fprintf(stderr, "smartbank-admin: no verifier key\n");
		return 1;
	}
	printf("%s\n", key);
	return 0;
}
