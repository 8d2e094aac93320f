/*
 * db_watch.c -- database commands that took long, logged (db_watch.h).
 *
 * Only the succeeded and failed events are taken: with a "started"
 * callback the driver would copy every inserted document for it.
 */
#include "config.h"
#include "store/db_watch.h"

#include <mongoc/mongoc.h>

#include "base/log.h"

static void
report(const struct sb_db_watch *w, const char *command, int64_t us,
    const char *outcome, const char *detail)
{
	char	qr[160], qd[256], route[128];

	if (w->route != NULL)
		snprintf(route, sizeof(route), "%s %s", w->method, w->route);
	else
		snprintf(route, sizeof(route), "-");
	sb_log(SB_LOG_WARN, "db_slow", "command=%s ms=%lld outcome=%s "
	    "route=%s detail=%s", command, (long long)(us / 1000), outcome,
	    sb_log_quote(route, qr, sizeof(qr)),
	    sb_log_quote(detail, qd, sizeof(qd)));
}

static void
succeeded(const mongoc_apm_command_succeeded_t *ev)
{
	const struct sb_db_watch *w =
	    mongoc_apm_command_succeeded_get_context(ev);
	int64_t	us = mongoc_apm_command_succeeded_get_duration(ev);

	if (us >= w->slow_us)
		report(w, mongoc_apm_command_succeeded_get_command_name(ev), us,
		    "ok", "-");
}

static void
failed(const mongoc_apm_command_failed_t *ev)
{
	const struct sb_db_watch *w = mongoc_apm_command_failed_get_context(ev);
	int64_t	us = mongoc_apm_command_failed_get_duration(ev);
	bson_error_t e;

	if (us >= w->slow_us) {
		mongoc_apm_command_failed_get_error(ev, &e);
		report(w, mongoc_apm_command_failed_get_command_name(ev), us,
		    "failed", e.message);
	}
}

void
sb_db_watch(mongoc_client_pool_t *pool, struct sb_db_watch *w, long slow_ms)
{
	mongoc_apm_callbacks_t	*cbs;

	w->slow_us = (int64_t)slow_ms * 1000;
	if (slow_ms <= 0 || (cbs = mongoc_apm_callbacks_new()) == NULL)
		return;
	mongoc_apm_set_command_succeeded_cb(cbs, succeeded);
	mongoc_apm_set_command_failed_cb(cbs, failed);
	mongoc_client_pool_set_apm_callbacks(pool, cbs, w);
	mongoc_apm_callbacks_destroy(cbs);
}
