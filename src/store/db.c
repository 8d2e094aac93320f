/*
 * db.c -- the MongoDB pool of one worker and its health: opening and
 * closing it, clients in and out, probing a database that was away, and
 * reading errors.  The indexes are in db_index.c, the reads and writes in
 * db_crud.c.
 */
#include "config.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"
#include "base/log.h"
#include "base/model.h"
#include "base/util.h"

/* Set a timeout on the URI unless the operator chose one there. */
static void
default_timeout(mongoc_uri_t *uri, const char *opt, int32_t ms)
{
	if (!mongoc_uri_has_option(uri, opt))
		mongoc_uri_set_option_as_int32(uri, opt, ms);
}

int
sb_db_open(struct sb_db *db, const struct sb_config *cfg, char *err,
    size_t errsz)
{
	bson_error_t	 e;
	mongoc_uri_t	*uri;
	int32_t		 t = (int32_t)cfg->db_timeout_ms;

	memset(db, 0, sizeof(*db));
	db->state = -1;
	if ((uri = mongoc_uri_new_with_error(cfg->mongodb_uri, &e)) == NULL) {
		snprintf(err, errsz, "SMARTBANK_MONGODB_URI: %s", e.message);
		return SB_ERR;
	}
	if ((db->background_uri = mongoc_uri_copy(uri)) == NULL) {
		mongoc_uri_destroy(uri);
		snprintf(err, errsz, "out of memory");
		return SB_ERR;
	}
	default_timeout(db->background_uri,
	    MONGOC_URI_SERVERSELECTIONTIMEOUTMS, t);
	default_timeout(db->background_uri, MONGOC_URI_CONNECTTIMEOUTMS, t);
	default_timeout(db->background_uri, MONGOC_URI_SOCKETTIMEOUTMS,
	    SB_DB_BACKGROUND_WAIT_MS);
	if (!mongoc_uri_has_option(db->background_uri, MONGOC_URI_APPNAME))
		mongoc_uri_set_appname(db->background_uri,
		    "smartbankd-background");
	/*
	 * Short timeouts so that an unreachable database is a 503 within two
	 * seconds instead of a hung request.
	 */
	default_timeout(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, t);
	default_timeout(uri, MONGOC_URI_CONNECTTIMEOUTMS, t);
	default_timeout(uri, MONGOC_URI_SOCKETTIMEOUTMS,
	    cfg->db_wait_ms > 0 ? (int32_t)cfg->db_wait_ms : t);
	if (!mongoc_uri_has_option(uri, MONGOC_URI_APPNAME))
		mongoc_uri_set_appname(uri, "smartbankd");

	db->pool = mongoc_client_pool_new_with_error(uri, &e);
	if (db->pool == NULL) {
		mongoc_uri_destroy(uri);
		sb_db_close(db);
		snprintf(err, errsz, "database pool: %s", e.message);
		return SB_ERR;
	}
	mongoc_uri_set_option_as_int32(uri, MONGOC_URI_CONNECTTIMEOUTMS,
	    t < 500 ? t : 500);
	mongoc_uri_set_option_as_int32(uri, MONGOC_URI_SOCKETTIMEOUTMS,
	    t < 500 ? t : 500);
	db->probe_uri = uri;
	mongoc_client_pool_set_error_api(db->pool, MONGOC_ERROR_API_VERSION_2);
	sb_db_watch(db->pool, &db->watch, cfg->db_slow_ms);
	mongoc_client_pool_max_size(db->pool, (uint32_t)cfg->db_pool_max);
	if ((db->name = sb_strdup(cfg->database)) == NULL) {
		sb_db_close(db);
		snprintf(err, errsz, "out of memory");
		return SB_ERR;
	}
	db->keys = cfg->keys;
	db->signer = cfg->audit_signer;
	return SB_OK;
}

void
sb_db_close(struct sb_db *db)
{
	if (db->probe_uri != NULL)
		mongoc_uri_destroy(db->probe_uri);
	if (db->background != NULL)
		mongoc_client_destroy(db->background);
	if (db->background_uri != NULL)
		mongoc_uri_destroy(db->background_uri);
	if (db->pool != NULL)
		mongoc_client_pool_destroy(db->pool);
	free(db->name);
	memset(db, 0, sizeof(*db));
}

int
sb_db_probe(struct sb_db *db, bson_error_t *e)
{
	mongoc_client_t	*c = mongoc_client_new_from_uri_with_error(db->probe_uri,
	    e);
	int		 rc;

	if (c == NULL)
		return SB_ERR;
	mongoc_client_set_error_api(c, MONGOC_ERROR_API_VERSION_2);
	rc = sb_db_ping(c, e);
	mongoc_client_destroy(c);
	return rc;
}

mongoc_client_t *
sb_db_background(struct sb_db *db, bson_error_t *e)
{
	if (db->background == NULL) {
		db->background = mongoc_client_new_from_uri_with_error(
		    db->background_uri, e);
		if (db->background != NULL)
			mongoc_client_set_error_api(db->background,
			    MONGOC_ERROR_API_VERSION_2);
	}
	return db->background;
}

mongoc_client_t *
sb_db_pop(struct sb_db *db)
{
	return mongoc_client_pool_pop(db->pool);
}

void
sb_db_push(struct sb_db *db, mongoc_client_t *c)
{
	mongoc_client_pool_push(db->pool, c);
}

mongoc_collection_t *
sb_db_coll(const struct sb_conn *conn, const char *name)
{
	return mongoc_client_get_collection(conn->client, conn->db, name);
}

void
sb_db_note(struct sb_db *db, int up, const bson_error_t *e)
{
	char q[256];

	if (db->state == up)
		return;
	db->state = up;
	if (up) {
		sb_log(SB_LOG_INFO, "database_up", NULL);
		db->sweep_due = 1;
		return;
	}
	sb_log(SB_LOG_ERROR, "database_down", "detail=%s",
	    sb_log_quote(e != NULL ? e->message : "", q, sizeof(q)));
	/*
	 * The next request probes at once: a query that merely ran out of
	 * time must not cost other requests a 503.  Only a failed probe
	 * makes the following ones wait for the next.
	 */
	db->next_probe_us = 0;
}

int
sb_db_usable(struct sb_db *db, bson_error_t *e)
{
	if (db->state != 0)
		return 1;
	if (sb_mono_us() < db->next_probe_us) {
		bson_set_error(e, MONGOC_ERROR_SERVER_SELECTION,
		    MONGOC_ERROR_SERVER_SELECTION_FAILURE,
		    "database down (probing every %d ms)", SB_PROBE_INTERVAL_MS);
		return 0;
	}
	if (sb_db_probe(db, e) == SB_ERR) {
		db->next_probe_us = sb_mono_us() +
		    (int64_t)SB_PROBE_INTERVAL_MS * 1000;
		return 0;
	}
	sb_db_note(db, 1, NULL);
	return 1;
}

int
sb_db_ping(mongoc_client_t *c, bson_error_t *e)
{
	bson_t	*cmd = BCON_NEW("ping", BCON_INT32(1));
	bool	 ok = mongoc_client_command_simple(c, "admin", cmd, NULL, NULL, e);

	bson_destroy(cmd);
	return ok ? SB_OK : SB_ERR;
}

int
sb_db_error_is_outage(const bson_error_t *e)
{
	return e->domain == MONGOC_ERROR_SERVER_SELECTION ||
	    e->domain == MONGOC_ERROR_STREAM ||
	    (e->domain == MONGOC_ERROR_CLIENT &&
	    e->code == MONGOC_ERROR_CLIENT_AUTHENTICATE);
}

int
sb_db_error_is_duplicate(const bson_error_t *e)
{
	return e->code == 11000;
}
