/*
 * disable_user.c -- smartbank-admin disable-user: a user's login and
 * tokens stop at once; audited.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>

#include "base/model.h"
#include "ops/account.h"
#include "store/user.h"

int
sb_admin_disable_user(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_user	u;
	bson_error_t	e;
	int		status;

	if ((status = sb_admin_user_arg(a, argc, argv, "disable-user", &u)) !=
	    0)
		return status;
	if (u.disabled) {
		printf("%s\t%s\talready disabled\n", u.id_hex, u.email);
		return 0;
	}
	if (sb_account_disable(&a->conn, a->actor, a->operator_name, &u,
	    &e) == SB_ERR)
		return sb_admin_db_fail("disable-user", &e);
	printf("%s\t%s\tdisabled\n", u.id_hex, u.email);
	return 0;
}
