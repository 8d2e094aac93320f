/*
 * disable_user.c -- smartbank-admin disable-user: a user's login and
 * tokens stop at once; audited.
 */
#include "config.h"
#include "admin/admin.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "base/id.h"
#include "base/model.h"
#include "base/validate.h"
#include "ops/account.h"
#include "store/user.h"

int
sb_admin_disable_user(const struct sb_admin *a, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "id", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*email = NULL, *idstr = NULL;
	char		 norm[SB_EMAIL_MAX + 1];
	struct sb_user	 u;
	bson_oid_t	 id;
	bson_error_t	 e;
	int		 ch, found;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': email = optarg; break;
		case 'i': idstr = optarg; break;
		default: sb_admin_usage(stderr); return EX_USAGE;
		}
	}
	if ((email == NULL) == (idstr == NULL) || optind != argc) {
		sb_admin_usage(stderr);
		return EX_USAGE;
	}
	if (email != NULL) {
		if (sb_valid_email(email, norm) != NULL) {
			fprintf(stderr, "smartbank-admin: not an email "
			    "address: %s\n", email);
			return EX_DATAERR;
		}
		found = sb_user_by_email(&a->conn, norm, &u, &e);
	} else {
		if (sb_id_parse(idstr, strlen(idstr), &id) != SB_FOUND) {
			fprintf(stderr, "smartbank-admin: not an id: %s\n",
			    idstr);
			return EX_DATAERR;
		}
		found = sb_user_by_id(&a->conn, &id, &u, &e);
	}
	if (found == SB_ERR)
		return sb_admin_db_fail("disable-user", &e);
	if (found == SB_NOTFOUND) {
		fprintf(stderr, "smartbank-admin: no such user\n");
		return EX_DATAERR;
	}
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
