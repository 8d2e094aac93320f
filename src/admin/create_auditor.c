/*
 * create_auditor.c -- smartbank-admin create-auditor: a new auditor, with
 * a password read from standard input (without echo) or a file.
 */
#include "config.h"
#include "admin/admin.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/model.h"
#include "base/password.h"
#include "base/validate.h"
#include "ops/account.h"

#define AUDITOR_PASSWORD_MIN 12

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
		return SB_ERR;
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
		rc = len > 0 ? SB_OK : SB_ERR;
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

int
sb_admin_create_auditor(const struct sb_admin *a, int argc, char *argv[])
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
	int		 ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': email = optarg; break;
		case 'n': name = optarg; break;
		case 'p': phone = optarg; break;
		case 'f': file = optarg; break;
		default: sb_admin_usage(stderr); return EX_USAGE;
		}
	}
	if (email == NULL || name == NULL || optind != argc) {
		sb_admin_usage(stderr);
		return EX_USAGE;
	}
	memset(&u, 0, sizeof(u));
	if ((msg = sb_valid_email(email, u.email)) != NULL ||
	    (msg = sb_valid_name(name, u.name)) != NULL ||
	    (*phone != '\0' && (msg = sb_valid_phone(phone)) != NULL)) {
		fprintf(stderr, "smartbank-admin: %s\n", msg);
		return EX_DATAERR;
	}
	if (read_password(file, pw, sizeof(pw)) == -1) {
		fprintf(stderr, "smartbank-admin: no password read (one line, "
		    "at most 72 bytes)\n");
		return EX_DATAERR;
	}
	if ((msg = auditor_password_weak(pw, a->cfg->password_min)) != NULL) {
		fprintf(stderr, "smartbank-admin: password too weak: it needs "
		    "%s\n", msg);
		return EX_DATAERR;
	}
	/* The rule every customer's password meets, too. */
	if ((msg = sb_password_common(pw, (const char *const[]){ email, name,
	    NULL })) != NULL) {
		fprintf(stderr, "smartbank-admin: %s\n", msg);
		return EX_DATAERR;
	}
	snprintf(u.phone, sizeof(u.phone), "%s", phone);
	rc = sb_account_create_auditor(&a->conn, a->actor, a->operator_name,
	    &u, pw, (int)a->cfg->bcrypt_cost, &e);
	memset(pw, 0, sizeof(pw));
	if (rc == SB_ERR) {
		if (sb_db_error_is_duplicate(&e)) {
			fprintf(stderr, "smartbank-admin: %s already exists\n",
			    u.email);
			return EX_CANTCREAT;
		}
		return sb_admin_db_fail("create-auditor", &e);
	}
	printf("%s\t%s\n", u.id_hex, u.email);
	return 0;
}
