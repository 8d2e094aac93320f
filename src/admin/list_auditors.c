/*
 * list_auditors.c -- smartbank-admin list-auditors: every auditor, one
 * tab-separated line each.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/model.h"
#include "base/util.h"
#include "store/user.h"

static int
print_auditor(const struct sb_user *u, void *arg)
{
	char at[SB_ISO8601_LEN];

	(void)arg;
	sb_iso8601(u->created_at, at);
	printf("%s\t%s\t%s\t%s\t%s\n", u->id_hex, u->email, u->name,
	    u->disabled ? "disabled" : "active", at);
	return 0;
}

int
sb_admin_list_auditors(const struct sb_admin *a, int argc, char *argv[])
{
	bson_error_t e;

	(void)argc;
	(void)argv;
	printf("id\temail\tname\tstatus\tcreated_at\n");
	if (sb_user_each_auditor(&a->conn, print_auditor, NULL, &e) == SB_ERR)
		return sb_admin_db_fail("list-auditors", &e);
	return 0;
}
