/*
 * rotate_keys.c -- smartbank-admin rotate-keys: every data key re-wrapped
 * by the newest key-encryption key of the key file (ops/keys.h).  Safe to
 * kill and run again.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/conf.h"
#include "base/keyring.h"
#include "base/model.h"
#include "ops/keys.h"

int
sb_admin_rotate_keys(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_rotate_counts	n;
	bson_error_t		e;

	(void)argc;
	(void)argv;
	if (sb_rotate_keys(&a->conn, a->actor, a->operator_name, &n, &e) ==
	    SB_ERR)
		return sb_admin_db_fail("rotate-keys", &e);
	printf("%lld customer key(s) and %lld data key(s) re-wrapped by key "
	    "\"%s\"\n", (long long)n.customers, (long long)n.rewrapped,
	    sb_keyring_newest(a->cfg->keys)->id);
	printf("%lld webhook endpoint(s)' secrets re-sealed\n",
	    (long long)n.webhooks);
	if (n.failed > 0) {
		fprintf(stderr, "smartbank-admin: %lld key(s) did not "
		    "unwrap (modified, or wrapped by a key no longer in the "
		    "key file); see the log lines sealed_unreadable\n",
		    (long long)n.failed);
		return 1;
	}
	return 0;
}
