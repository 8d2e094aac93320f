/*
 * deliver.c -- the deliverer process (see deliver.h).
 *
 * The stop signals stay blocked (as the master left them) and are taken
 * while it waits between rounds, so a delivery in flight is finished, and
 * recorded, before the process stops.
 */
#include "config.h"
#include "server/deliver.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>

#include <curl/curl.h>
#include <mongoc/mongoc.h>

#include "base/conf.h"
#include "base/json.h"
#include "base/log.h"
#include "base/model.h"
#include "base/webhook_post.h"
#include "ops/delivery.h"
#include "store/db.h"

#define ROUND_MAX_MS	1000	/* new events are looked for this often */
#define OUTAGE_WAIT_MS	2000

/* Wait ms for a stop signal: 1 when one came, 0 when the time is up. */
static int
stop_within(const sigset_t *stop, int64_t ms)
{
	struct timespec	t = { ms / 1000, (ms % 1000) * 1000000 };
	siginfo_t	info;
	int		sig;

	do
		sig = sigtimedwait(stop, &info, &t);
	while (sig == -1 && errno == EINTR);
	return sig > 0;
}

/* Rounds until stopped.  The database may come and go meanwhile. */
static void
serve(struct sb_deliverer *dv, struct sb_db *db, mongoc_client_t *c,
    const sigset_t *stop)
{
	bson_error_t	e;
	int64_t		next;
	int		indexes = 0, down = 0;

	for (;;) {
		if (!indexes && sb_db_ensure_indexes(db, c, &e) == SB_OK)
			indexes = 1;
		next = indexes ? sb_deliver_round(dv, ROUND_MAX_MS, &e) :
		    SB_ERR;
		if (next == SB_ERR) {
			if (!down)
				sb_log(SB_LOG_WARN, "deliverer_waiting",
				    "detail=\"%s\"", e.message);
			down = 1;
			next = OUTAGE_WAIT_MS;
		} else if (down) {
			sb_log(SB_LOG_INFO, "deliverer_resumed", NULL);
			down = 0;
		}
		if (stop_within(stop, next))
			return;
	}
}

int
sb_deliver_run(const struct sb_config *cfg)
{
	struct sb_deliverer	 dv;
	struct sb_poster	*poster = NULL;
	struct sb_conn		 conn;
	struct sb_db		 db;
	mongoc_client_t		*c = NULL;
	sigset_t		 stop;
	char			 err[256];
	int			 rc = 1;

	(void)prctl(PR_SET_NAME, SB_DELIVER_NAME, 0, 0, 0);
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	mongoc_init();
	sb_log_hook_mongoc();
	sb_json_init();
	memset(&db, 0, sizeof(db));
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (poster = sb_poster_new()) == NULL) {
		sb_log(SB_LOG_ERROR, "deliverer_failed", "detail=\"libcurl\"");
		goto out;
	}
	if (sb_db_open(&db, cfg, err, sizeof(err)) == SB_ERR) {
		sb_log(SB_LOG_ERROR, "deliverer_failed", "detail=\"%s\"", err);
		goto out;
	}
	c = sb_db_pop(&db);
	conn = (struct sb_conn){ .client = c, .db = db.name, .keys = db.keys,
	    .signer = db.signer };
	if (sb_deliverer_init(&dv, cfg, &conn, poster) == SB_ERR) {
		sb_log(SB_LOG_ERROR, "deliverer_failed", "detail=\"retry "
		    "schedule\"");
		goto out;
	}
	sb_log(SB_LOG_INFO, "deliverer_ready", NULL);
	serve(&dv, &db, c, &stop);
	sb_log(SB_LOG_INFO, "deliverer_stopped", "delivered=%lld failed=%lld",
	    (long long)dv.delivered, (long long)dv.failed);
	rc = 0;
out:
	if (c != NULL)
		sb_db_push(&db, c);
	sb_db_close(&db);
	sb_poster_free(poster);
	curl_global_cleanup();
	mongoc_cleanup();
	return rc;
}
