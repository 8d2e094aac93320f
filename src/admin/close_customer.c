/*
 * close_customer.c -- smartbank-admin close-customer: the relationship with
 * a customer ends; they can no longer log in, and the retention period of
 * their scans starts (ops/retention.h).  Audited.
 */
#include "config.h"
#include "admin/admin.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "base/model.h"
#include "ops/account.h"
#include "store/kyc_queue.h"
#include "store/user.h"

int
sb_admin_close_customer(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_user	u;
	bson_error_t	e;
	int		status;

	if ((status = sb_admin_user_arg(a, argc, argv, "close-customer",
	    &u)) != 0)
		return status;
	if (strcmp(u.role, SB_ROLE_NAME_CUSTOMER) != 0) {
		fprintf(stderr, "smartbank-admin: %s is not a customer "
		    "(disable-user is for auditors)\n", u.email);
		return EX_DATAERR;
	}
	if (u.closed_at != 0) {
		/* What a run cut short, or a release before this one, left. */
		if (sb_kyc_leave_queue(&a->conn, &u.id, u.closed_at, &e) ==
		    SB_ERR)
			return sb_admin_db_fail("close-customer", &e);
		printf("%s\t%s\talready closed\n", u.id_hex, u.email);
		return 0;
	}
	if (sb_account_close(&a->conn, a->actor, a->operator_name, &u, &e) ==
	    SB_ERR)
		return sb_admin_db_fail("close-customer", &e);
	printf("%s\t%s\tclosed\n", u.id_hex, u.email);
	return 0;
}
