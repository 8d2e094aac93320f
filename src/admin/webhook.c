/*
 * webhook.c -- smartbank-admin webhook: the endpoints that receive events
 * (ops/webhook.h).  Only operators add or change them, never over HTTP.
 *
 *   webhook add URL [--events TYPE,...] [--allow-local]
 *   webhook list
 *   webhook disable ID
 *   webhook rotate-secret ID
 *
 * A secret is printed once, when it is made: it is stored sealed.
 */
#include "config.h"
#include "admin/admin.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include <openssl/crypto.h>

#include "base/conf.h"
#include "base/event.h"
#include "base/id.h"
#include "base/model.h"
#include "base/util.h"
#include "ops/webhook.h"

static int
usage(void)
{
	sb_admin_usage(stderr);
	return EX_USAGE;
}

static int
add(const struct sb_admin *a, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "events", required_argument, NULL, 'e' },
		{ "allow-local", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct sb_webhook	 w;
	const char		*events = NULL;
	unsigned		 mask = SB_EVENTS_ALL;
	char			 err[256], whsec[SB_WHSEC_SIZE], list[SB_EVENTS_TEXT];
	bson_error_t		 e;
	int			 ch, allow_local = 0;

	/* 0, not 1: GNU getopt starts afresh (main's "+" is forgotten), so
	 * the options may follow the URL. */
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': events = optarg; break;
		case 'l': allow_local = 1; break;
		default: return usage();
		}
	}
	if (optind != argc - 1)
		return usage();
	if (events != NULL && sb_events_parse(events, &mask, err,
	    sizeof(err)) != SB_FOUND) {
		fprintf(stderr, "smartbank-admin: no event \"%s\" (events: "
		    "%s)\n", err, "user.registered, kyc.submitted, "
		    "kyc.approved, kyc.rejected, kyc.reopened, customer.closed, "
		    "customer.disabled, document.purged");
		return EX_DATAERR;
	}
	if (sb_webhook_url_check(argv[optind], allow_local, err,
	    sizeof(err)) == SB_ERR) {
		fprintf(stderr, "smartbank-admin: %s\n", err);
		return EX_DATAERR;
	}
	if (sb_webhook_add(&a->conn, a->actor, a->operator_name, argv[optind],
	    mask, allow_local, &w, whsec, &e) == SB_ERR)
		return sb_admin_db_fail("webhook add", &e);
	sb_events_format(w.events, list, sizeof(list));
	printf("id\t%s\nurl\t%s\nevents\t%s\nsecret\t%s\n", w.id_hex, w.url,
	    list, whsec);
	OPENSSL_cleanse(whsec, sizeof(whsec));
	fprintf(stderr, "smartbank-admin: the secret is shown this once: give "
	    "it to the receiver now\n");
	return 0;
}

static int
print_endpoint(const struct sb_webhook *w, void *arg)
{
	char	at[SB_ISO8601_LEN], list[SB_EVENTS_TEXT];

	(void)arg;
	sb_iso8601(w->created_at, at);
	sb_events_format(w->events, list, sizeof(list));
	printf("%s\t%s\t%s\t%s\t%s\t%s\n", w->id_hex, w->url, list,
	    !w->enabled ? "disabled" : w->failing_since != 0 ? "failing" :
	    "enabled", w->allow_local ? "local" : "public", at);
	return SB_NEXT;
}

static int
list(const struct sb_admin *a, int argc)
{
	bson_error_t e;

	if (argc != 1)
		return usage();
	printf("id\turl\tevents\tstatus\taddresses\tcreated_at\n");
	if (sb_webhook_each(&a->conn, print_endpoint, NULL, &e) == SB_ERR)
		return sb_admin_db_fail("webhook list", &e);
	return 0;
}

/* The endpoint argv[1] names into w; 0, or the exit status. */
static int
endpoint_arg(const struct sb_admin *a, int argc, char *argv[],
    struct sb_webhook *w)
{
	bson_oid_t	id;
	bson_error_t	e;
	int		found;

	if (argc != 2)
		return usage();
	if (sb_id_parse(argv[1], strlen(argv[1]), &id) != SB_FOUND) {
		fprintf(stderr, "smartbank-admin: not an id: %s\n", argv[1]);
		return EX_DATAERR;
	}
	if ((found = sb_webhook_get(&a->conn, &id, w, &e)) == SB_ERR)
		return sb_admin_db_fail("webhook", &e);
	if (found == SB_NOTFOUND) {
		fprintf(stderr, "smartbank-admin: no webhook endpoint %s\n",
		    argv[1]);
		return EX_DATAERR;
	}
	return 0;
}

static int
disable(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_webhook	w;
	bson_error_t		e;
	int			status;

	if ((status = endpoint_arg(a, argc, argv, &w)) != 0)
		return status;
	if (!w.enabled) {
		printf("%s\talready disabled\n", w.id_hex);
		return 0;
	}
	if (sb_webhook_stop(&a->conn, a->actor, a->operator_name, &w, &e) ==
	    SB_ERR)
		return sb_admin_db_fail("webhook disable", &e);
	printf("%s\tdisabled\n", w.id_hex);
	return 0;
}

static int
rotate(const struct sb_admin *a, int argc, char *argv[])
{
	struct sb_webhook	w;
	char			whsec[SB_WHSEC_SIZE], until[SB_ISO8601_LEN];
	bson_error_t		e;
	int			status, found;

	if ((status = endpoint_arg(a, argc, argv, &w)) != 0)
		return status;
	found = sb_webhook_rotate(&a->conn, a->actor, a->operator_name, &w,
	    a->cfg->webhook_grace_h * 3600 * 1000, whsec, &e);
	if (found == SB_ERR)
		return sb_admin_db_fail("webhook rotate-secret", &e);
	if (found == SB_NOTFOUND) {
		fprintf(stderr, "smartbank-admin: another rotation of %s came "
		    "first; nothing changed: run it again\n", w.id_hex);
		return EX_TEMPFAIL;
	}
	sb_iso8601(w.secret[1].until, until);
	printf("id\t%s\nsecret\t%s\nprevious_until\t%s\n", w.id_hex, whsec,
	    until);
	OPENSSL_cleanse(whsec, sizeof(whsec));
	fprintf(stderr, "smartbank-admin: the new secret is shown this once; "
	    "the previous one signs too until %s\n", until);
	return 0;
}

int
sb_admin_webhook(const struct sb_admin *a, int argc, char *argv[])
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "add") == 0)
		return add(a, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return list(a, argc - 1);
	if (strcmp(argv[1], "disable") == 0)
		return disable(a, argc - 1, argv + 1);
	if (strcmp(argv[1], "rotate-secret") == 0)
		return rotate(a, argc - 1, argv + 1);
	return usage();
}
