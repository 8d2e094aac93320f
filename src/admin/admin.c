/*
 * admin.c -- smartbank-admin: the operator's command for what is never
 * done over HTTP.  The command table; options, configuration, database.
 *
 * It reads the same configuration as smartbankd and talks to the same
 * database.  Passwords come from standard input or a file, never argv.
 */
#include "config.h"
#include "admin/admin.h"

#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <sys/prctl.h>

#include "base/conf.h"
#include "base/id.h"
#include "base/json.h"
#include "base/log.h"
#include "base/model.h"
#include "base/validate.h"
#include "store/user.h"

#define ADMIN_WAIT_MS	600000	/* ten minutes */

static const struct sb_admin_cmd commands[] = {
	{ .name = "create-auditor",
	  .options = 1,
	  .usage = "create-auditor --email email --name name\n"
	      "                       [--phone phone] [--password-file file]",
	  .run = sb_admin_create_auditor },
	{ .name = "list-auditors",
	  .usage = "list-auditors",
	  .run = sb_admin_list_auditors },
	{ .name = "disable-user",
	  .options = 1,
	  .usage = "disable-user --email email | --id id",
	  .run = sb_admin_disable_user },
	{ .name = "repair",
	  .usage = "repair",
	  .run = sb_admin_repair },
	{ .name = "migrate",
	  .usage = "migrate",
	  .run = sb_admin_migrate },
	{ .name = "close-customer",
	  .options = 1,
	  .usage = "close-customer --email email | --id id",
	  .run = sb_admin_close_customer },
	{ .name = "purge",
	  .usage = "purge",
	  .run = sb_admin_purge },
	{ .name = "verify-audit",
	  .usage = "verify-audit",
	  .run = sb_admin_verify_audit },
	{ .name = "checkpoint",
	  .usage = "checkpoint",
	  .run = sb_admin_checkpoint },
	{ .name = "audit-key",
	  .usage = "audit-key",
	  .run = sb_admin_audit_key },
	{ .name = "rotate-keys",
	  .usage = "rotate-keys",
	  .run = sb_admin_rotate_keys },
	{ .name = "webhook",
	  .options = 1,
	  .usage = "webhook add URL [--events type,...] [--allow-local]\n"
	      "                       webhook list | disable ID | "
	      "rotate-secret ID",
	  .run = sb_admin_webhook },
};

void
sb_admin_usage(FILE *f)
{
	for (size_t i = 0; i < SB_NELEM(commands); i++)
		fprintf(f, "%s smartbank-admin [-c file] %s\n",
		    i == 0 ? "usage:" : "      ", commands[i].usage);
}

int
sb_admin_db_fail(const char *what, const bson_error_t *e)
{
	fprintf(stderr, "smartbank-admin: %s: %s\n", what, e->message);
	return sb_db_error_is_outage(e) ? EX_UNAVAILABLE : 1;
}

int
sb_admin_user_arg(const struct sb_admin *a, int argc, char *argv[],
    const char *cmd, struct sb_user *u)
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "id", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*email = NULL, *idstr = NULL;
	char		 norm[SB_EMAIL_MAX + 1];
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
		found = sb_user_by_email(&a->conn, norm, u, &e);
	} else {
		if (sb_id_parse(idstr, strlen(idstr), &id) != SB_FOUND) {
			fprintf(stderr, "smartbank-admin: not an id: %s\n",
			    idstr);
			return EX_DATAERR;
		}
		found = sb_user_by_id(&a->conn, &id, u, &e);
	}
	if (found == SB_ERR)
		return sb_admin_db_fail(cmd, &e);
	if (found == SB_NOTFOUND) {
		fprintf(stderr, "smartbank-admin: no such user\n");
		return EX_DATAERR;
	}
	return 0;
}

/* Who ran the command, for the audit trail. */
static const char *
operator_name(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw != NULL ? pw->pw_name : "unknown";
}

static const struct sb_admin_cmd *
find_command(const char *name)
{
	for (size_t i = 0; i < SB_NELEM(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int
main(int argc, char *argv[])
{
	static const struct sb_actor	 local = { .role = SB_ACTOR_ADMIN,
	    .address = "local" };
	const struct sb_admin_cmd	*cmd;
	struct sb_config		 cfg;
	struct sb_db			 db;
	struct sb_admin			 a;
	const char			*file = getenv("SMARTBANK_CONFIG");
	char				 err[512];
	bson_error_t			 e;
	int				 ch, status;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c':
			file = optarg;
			break;
		case 'h':
			sb_admin_usage(stdout);
			return 0;
		default:
			sb_admin_usage(stderr);
			return EX_USAGE;
		}
	}
	if (optind >= argc || (cmd = find_command(argv[optind])) == NULL ||
	    (!cmd->options && argc - optind != 1)) {
		sb_admin_usage(stderr);
		return EX_USAGE;
	}
	argc -= optind;
	argv += optind;

	/* No core file of a process that holds the keys (smartbankd too). */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		return EX_OSERR;
	mongoc_init();
	sb_log_hook_mongoc();
	sb_log_set_level("error");
	sb_json_init();
	if (sb_config_load(&cfg, file, err, sizeof(err)) == SB_ERR) {
		fprintf(stderr, "smartbank-admin: configuration: %s\n", err);
		sb_config_free(&cfg);
		mongoc_cleanup();
		return EX_CONFIG;
	}
	/*
	 * A batch command may wait for a query that reads a whole collection
	 * (the local database scans for anything but an _id): the workers'
	 * short wait is for requests.  Connecting stays as quick to fail.
	 */
	cfg.db_wait_ms = ADMIN_WAIT_MS;
	if (sb_db_open(&db, &cfg, err, sizeof(err)) == SB_ERR) {
		fprintf(stderr, "smartbank-admin: %s\n", err);
		sb_config_free(&cfg);
		mongoc_cleanup();
		return EX_CONFIG;
	}
	a.cfg = &cfg;
	a.conn = (struct sb_conn){ .client = sb_db_pop(&db), .db = db.name,
	    .keys = db.keys, .signer = db.signer };
	a.actor = &local;
	a.operator_name = operator_name();
	/* The unique email index must exist before anyone is created. */
	if (sb_db_ensure_indexes(&db, a.conn.client, &e) == SB_ERR)
		status = sb_admin_db_fail("database", &e);
	else
		status = cmd->run(&a, argc, argv);
	sb_db_push(&db, a.conn.client);
	sb_db_close(&db);
	sb_config_free(&cfg);
	mongoc_cleanup();
	return status;
}
