/*
 * admin.h -- smartbank-admin: what every command gets, the helpers they
 * share, and the commands (one file each).
 */
#ifndef SB_ADMIN_H
#define SB_ADMIN_H

#include <stdio.h>

#include <mongoc/mongoc.h>

#include "ops/audit.h"
#include "store/db.h"

struct sb_config;

struct sb_admin {
	const struct sb_config	*cfg;
	struct sb_conn		 conn;
	const struct sb_actor	*actor;		/* the operator: admin, local */
	const char		*operator_name;	/* their login name */
};

/*
 * A command: its name, its usage line, whether it takes options (a command
 * that takes none is refused any argument, before anything is done), and
 * its function, which takes the arguments after the name (argv[0] is the
 * name) and returns an exit status of sysexits(3).
 */
struct sb_admin_cmd {
	const char	*name;
	const char	*usage;
	int		 options;
	int		(*run)(const struct sb_admin *, int argc, char *argv[]);
};

struct sb_user;

/*
 * The user that --email or --id names (the command's only options) into
 * u.  0, or the exit status to return (after saying why).
 */
int	sb_admin_user_arg(const struct sb_admin *, int argc, char *argv[],
	    const char *cmd, struct sb_user *u);
/* Print the usage of every command to f. */
void	sb_admin_usage(FILE *f);
/* Report a database failure of what; the exit status to return. */
int	sb_admin_db_fail(const char *what, const bson_error_t *);

int	sb_admin_create_auditor(const struct sb_admin *, int, char *[]);
int	sb_admin_list_auditors(const struct sb_admin *, int, char *[]);
int	sb_admin_disable_user(const struct sb_admin *, int, char *[]);
int	sb_admin_repair(const struct sb_admin *, int, char *[]);
int	sb_admin_migrate(const struct sb_admin *, int, char *[]);
int	sb_admin_rotate_keys(const struct sb_admin *, int, char *[]);
int	sb_admin_close_customer(const struct sb_admin *, int, char *[]);
int	sb_admin_purge(const struct sb_admin *, int, char *[]);
int	sb_admin_verify_audit(const struct sb_admin *, int, char *[]);
int	sb_admin_checkpoint(const struct sb_admin *, int, char *[]);
int	sb_admin_audit_key(const struct sb_admin *, int, char *[]);
int	sb_admin_webhook(const struct sb_admin *, int, char *[]);

#endif
