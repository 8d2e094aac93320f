/*
 * admin.c -- smartbank-admin: the operator's command for what is never
 * done over HTTP.
 *
 *   create-auditor --email E --name N [--phone P] [--password-file F]
 *   list-auditors
 *   disable-user (--email E | --id ID)
 *   repair
 *
 * It reads the same configuration as smartbankd and talks to the same
 * database.  Passwords come from standard input or a file, never argv.
 */
#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <mongoc/mongoc.h>

#include "audit.h"
#include "conf.h"
#include "db.h"
#include "followup.h"
#include "log.h"
#include "password.h"
#include "review.h"
#include "store/bsonx.h"
#include "store/decision.h"
#include "store/user.h"
#include "util.h"
#include "validate.h"

/* Exit statuses, after sysexits(3). */
#define EXIT_USAGE	64
#define EXIT_DATAERR	65
#define EXIT_UNAVAIL	69
#define EXIT_EXISTS	73
#define EXIT_CONFIG	78

#define AUDITOR_PASSWORD_MIN 12

static void
usage(FILE *f)
{
	fputs("usage: smartbank-admin [-c file] create-auditor --email email "
	    "--name name\n"
	    "                       [--phone phone] [--password-file file]\n"
	    "       smartbank-admin [-c file] list-auditors\n"
	    "       smartbank-admin [-c file] disable-user --email email | "
	    "--id id\n"
	    "       smartbank-admin [-c file] repair\n", f);
}

/* Who ran the command, for the audit trail. */
static const char *
operator_name(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw != NULL ? pw->pw_name : "unknown";
}

static int
db_fail(const char *what, const bson_error_t *e)
{
	fprintf(stderr, "smartbank-admin: %s: %s\n", what, e->message);
	return sb_db_error_is_outage(e) ? EXIT_UNAVAIL : 1;
}

/*
 * One line from file (or standard input, without echo on a terminal)
 * into buf; a trailing newline is dropped.  -1 when nothing was read or
 * the line is longer than the buffer.
 */
static int
read_password(const char *file, char *buf, size_t cap)
{
	FILE		*f = stdin;
	struct termios	 old, quiet;
	int		 tty = 0, rc = -1;
	size_t		 len;

	if (file != NULL && (f = fopen(file, "r")) == NULL) {
		perror(file);
		return -1;
	}
	if (file == NULL && isatty(STDIN_FILENO) &&
	    tcgetattr(STDIN_FILENO, &old) == 0) {
		tty = 1;
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		fputs("Password: ", stderr);
	}
	if (fgets(buf, (int)cap, f) != NULL) {
		len = strlen(buf);
		if (len > 0 && buf[len - 1] == '\n')
			buf[--len] = '\0';
		else if (len == cap - 1)
			len = 0;	/* too long to be a password of ours */
		rc = len > 0 ? 0 : -1;
	}
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

/* Auditors guard every customer's documents: a stronger rule. */
static const char *
auditor_password_weak(const char *pw, long min)
{
	int classes = 0, lower = 0, upper = 0, digit = 0, other = 0;

	if (strlen(pw) < (size_t)(min > AUDITOR_PASSWORD_MIN ? min :
	    AUDITOR_PASSWORD_MIN))
		return "at least 12 bytes";
	if (strlen(pw) > SB_PASSWORD_MAX)
		return "at most 72 bytes";
	for (const char *p = pw; *p != '\0'; p++) {
		if (islower((unsigned char)*p))
			lower = 1;
		else if (isupper((unsigned char)*p))
			upper = 1;
		else if (isdigit((unsigned char)*p))
			digit = 1;
		else
			other = 1;
	}
	classes = lower + upper + digit + other;
	return classes < 3 ? "three of: lower case, upper case, digits, others" :
	    NULL;
}

static int
create_auditor(const struct sb_config *cfg, const struct sb_conn *conn,
    int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "name", required_argument, NULL, 'n' },
		{ "phone", required_argument, NULL, 'p' },
		{ "password-file", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*email = NULL, *name = NULL, *phone = "", *file = NULL;
	const char	*msg;
	char		 pw[SB_PASSWORD_MAX + 2];
	struct sb_user	 u;
	bson_error_t	 e;
	bson_t		 details = BSON_INITIALIZER;
	int		 ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': email = optarg; break;
		case 'n': name = optarg; break;
		case 'p': phone = optarg; break;
		case 'f': file = optarg; break;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (email == NULL || name == NULL || optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	memset(&u, 0, sizeof(u));
	if ((msg = sb_valid_email(email, u.email)) != NULL ||
	    (msg = sb_valid_name(name, u.name)) != NULL ||
	    (*phone != '\0' && (msg = sb_valid_phone(phone)) != NULL)) {
		fprintf(stderr, "smartbank-admin: %s\n", msg);
		return EXIT_DATAERR;
	}
	if (read_password(file, pw, sizeof(pw)) == -1) {
		fprintf(stderr, "smartbank-admin: no password read (one line, "
		    "at most 72 bytes)\n");
		return EXIT_DATAERR;
	}
	if ((msg = auditor_password_weak(pw, cfg->password_min)) != NULL) {
		fprintf(stderr, "smartbank-admin: password too weak: it needs "
		    "%s\n", msg);
		return EXIT_DATAERR;
	}
	snprintf(u.phone, sizeof(u.phone), "%s", phone);
	strcpy(u.role, SB_ROLE_NAME_AUDITOR);
	strcpy(u.kyc_status, SB_KYC_PENDING);
	u.created_at = sb_now_ms();
	rc = sb_password_hash(pw, (int)cfg->bcrypt_cost, u.password_hash);
	memset(pw, 0, sizeof(pw));
	if (rc == -1) {
		fprintf(stderr, "smartbank-admin: cannot hash the password\n");
		return 1;
	}
	if (sb_user_insert(conn, &u, NULL, &e) == -1) {
		if (sb_db_error_is_duplicate(&e)) {
			fprintf(stderr, "smartbank-admin: %s already exists\n",
			    u.email);
			return EXIT_EXISTS;
		}
		return db_fail("create-auditor", &e);
	}
	BSON_APPEND_UTF8(&details, "email", u.email);
	BSON_APPEND_UTF8(&details, "operator", operator_name());
	rc = sb_audit_write(conn, &(struct sb_audit){
	    .action = SB_AUDIT_AUDITOR_CREATED, .user_id = &u.id,
	    .actor_role = "admin", .ip_address = "local",
	    .details = &details }, &e);
	bson_destroy(&details);
	if (rc == -1)
		return db_fail("audit", &e);
	printf("%s\t%s\n", u.id_hex, u.email);
	return 0;
}

static int
print_auditor(const bson_t *d, void *arg)
{
	char		hex[25], email[255], name[401], at[SB_ISO8601_LEN];
	bson_oid_t	id;

	(void)arg;
	sb_bson_oid(d, "_id", &id);
	bson_oid_to_string(&id, hex);
	sb_bson_str(d, "email", email, sizeof(email));
	sb_bson_str(d, "name", name, sizeof(name));
	sb_iso8601(sb_bson_date(d, "created_at"), at);
	printf("%s\t%s\t%s\t%s\t%s\n", hex, email, name,
	    sb_bson_bool(d, "disabled") ? "disabled" : "active", at);
	return 0;
}

static int
list_auditors(const struct sb_conn *conn)
{
	bson_t		*filter = BCON_NEW("role", BCON_UTF8(SB_ROLE_NAME_AUDITOR));
	bson_t		*opts = BCON_NEW("sort", "{", "created_at",
	    BCON_INT32(1), "}", "projection", "{", "password_hash",
	    BCON_INT32(0), "}");
	bson_error_t	 e;
	int		 rc = 0;

	printf("id\temail\tname\tstatus\tcreated_at\n");
	if (sb_db_find_each(conn, SB_COLL_USER, filter, opts, print_auditor,
	    NULL, &e) == -1)
		rc = db_fail("list-auditors", &e);
	bson_destroy(opts);
	bson_destroy(filter);
	return rc;
}

static int
disable_user(const struct sb_conn *conn, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "id", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	const char		*email = NULL, *idstr = NULL;
	char			 norm[SB_EMAIL_MAX + 1];
	struct sb_user		 u;
	bson_oid_t		 id;
	bson_error_t		 e;
	bson_t			 details = BSON_INITIALIZER;
	bson_t			*update;
	int			 ch, found, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': email = optarg; break;
		case 'i': idstr = optarg; break;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if ((email == NULL) == (idstr == NULL) || optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (email != NULL) {
		if (sb_valid_email(email, norm) != NULL) {
			fprintf(stderr, "smartbank-admin: not an email "
			    "address: %s\n", email);
			return EXIT_DATAERR;
		}
		found = sb_user_by_email(conn, norm, &u, &e);
	} else {
		if (sb_oid_parse(idstr, strlen(idstr), &id) == -1) {
			fprintf(stderr, "smartbank-admin: not an id: %s\n",
			    idstr);
			return EXIT_DATAERR;
		}
		found = sb_user_by_id(conn, &id, &u, &e);
	}
	if (found == -1)
		return db_fail("disable-user", &e);
	if (found == 0) {
		fprintf(stderr, "smartbank-admin: no such user\n");
		return EXIT_DATAERR;
	}
	if (u.disabled) {
		printf("%s\t%s\talready disabled\n", u.id_hex, u.email);
		return 0;
	}
	update = BCON_NEW("$set", "{", "disabled", BCON_BOOL(true), "}");
	rc = sb_db_update_by_id(conn, SB_COLL_USER, &u.id, update, &e);
	bson_destroy(update);
	if (rc == -1)
		return db_fail("disable-user", &e);
	BSON_APPEND_UTF8(&details, "email", u.email);
	BSON_APPEND_UTF8(&details, "operator", operator_name());
	rc = sb_audit_write(conn, &(struct sb_audit){
	    .action = SB_AUDIT_USER_DISABLED, .user_id = &u.id,
	    .actor_role = "admin", .ip_address = "local",
	    .details = &details }, &e);
	bson_destroy(&details);
	if (rc == -1)
		return db_fail("audit", &e);
	printf("%s\t%s\tdisabled\n", u.id_hex, u.email);
	return 0;
}

/*
 * Finish every change that a crash or an outage left half-done: decisions
 * not yet applied, registrations and submissions whose follow-up writes
 * are pending.  The workers do the same when they start and when the
 * database returns; this is for an operator who wants it now.
 */
static int
repair(const struct sb_conn *conn)
{
	struct sb_followup_counts	n, total = { 0, 0, 0 };
	bson_error_t			e;

	do {
		if (sb_followup_sweep(conn, 1000, &n, &e) == -1)
			return db_fail("repair", &e);
		total.decisions += n.decisions;
		total.registrations += n.registrations;
		total.submissions += n.submissions;
	} while (n.registrations == 1000 || n.submissions == 1000);
	printf("%lld decision(s), %lld registration(s), %lld submission(s) "
	    "repaired\n", (long long)total.decisions,
	    (long long)total.registrations, (long long)total.submissions);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct sb_config	 cfg;
	struct sb_db		 db;
	struct sb_conn		 conn;
	const char		*file = getenv("SMARTBANK_CONFIG"), *cmd;
	char			 err[512];
	bson_error_t		 e;
	int			 ch, rc;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c':
			file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	if (strcmp(cmd, "create-auditor") != 0 &&
	    strcmp(cmd, "list-auditors") != 0 &&
	    strcmp(cmd, "disable-user") != 0 && strcmp(cmd, "repair") != 0) {
		usage(stderr);
		return EXIT_USAGE;
	}

	mongoc_init();
	sb_log_hook_mongoc();
	sb_log_set_level("error");
	if (sb_config_load(&cfg, file, err, sizeof(err)) == -1) {
		fprintf(stderr, "smartbank-admin: configuration: %s\n", err);
		sb_config_free(&cfg);
		mongoc_cleanup();
		return EXIT_CONFIG;
	}
	if (sb_db_open(&db, &cfg, err, sizeof(err)) == -1) {
		fprintf(stderr, "smartbank-admin: %s\n", err);
		sb_config_free(&cfg);
		mongoc_cleanup();
		return EXIT_CONFIG;
	}
	conn.client = sb_db_pop(&db);
	conn.db = db.name;
	/* The unique email index must exist before anyone is created. */
	if (sb_db_ensure_indexes(&db, conn.client, &e) == -1) {
		rc = db_fail("database", &e);
	} else if (strcmp(cmd, "create-auditor") == 0) {
		rc = create_auditor(&cfg, &conn, argc, argv);
	} else if (strcmp(cmd, "list-auditors") == 0) {
		rc = list_auditors(&conn);
	} else if (strcmp(cmd, "disable-user") == 0) {
		rc = disable_user(&conn, argc, argv);
	} else {
		rc = repair(&conn);
	}
	sb_db_push(&db, conn.client);
	sb_db_close(&db);
	sb_config_free(&cfg);
	mongoc_cleanup();
	return rc;
}
