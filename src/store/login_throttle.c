/*
 * throttle.c -- failed-login documents and lockout markers.
 */
#include "config.h"
#include "store/login_throttle.h"

#include <stdio.h>
#include <string.h>

#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"

static void
window_filter(bson_t *f, const char *key, int64_t since_ms)
{
	bson_t at;

	BSON_APPEND_UTF8(f, "key", key);
	BSON_APPEND_DOCUMENT_BEGIN(f, "at", &at);
	BSON_APPEND_DATE_TIME(&at, "$gt", since_ms);
	bson_append_document_end(f, &at);
}

static int
tally_one(const bson_t *d, void *arg)
{
	struct sb_throttle	*t = arg;
	int64_t			 at = sb_bson_date(d, "at");

	t->failures++;
	if (t->oldest_ms == 0 || at < t->oldest_ms)
		t->oldest_ms = at;
	if (at > t->newest_ms)
		t->newest_ms = at;
	return 0;
}

int
sb_throttle_count(const struct sb_conn *conn, const char *key, int64_t now_ms,
    int64_t window_s, struct sb_throttle *t, bson_error_t *e)
{
	bson_t		 filter = BSON_INITIALIZER;
	bson_t		*opts = BCON_NEW("projection", "{", "at", BCON_INT32(1),
	    "}");
	int64_t		 n;

	memset(t, 0, sizeof(*t));
	window_filter(&filter, key, now_ms - window_s * 1000);
	n = sb_db_find_each(conn, SB_COLL_LOGIN_FAILURE, &filter, opts,
	    tally_one, t, e);
	bson_destroy(opts);
	bson_destroy(&filter);
	if (n == SB_ERR)
		return SB_ERR;
	if (t->failures > 0) {
		t->retry_after_s = (t->oldest_ms + window_s * 1000 - now_ms +
		    999) / 1000;
		if (t->retry_after_s < 1)
			t->retry_after_s = 1;
	}
	return SB_OK;
}

int
sb_throttle_fail(const struct sb_conn *conn, const char *key, int64_t now_ms,
    int64_t window_s, bson_error_t *e)
{
	bson_t		doc = BSON_INITIALIZER, old = BSON_INITIALIZER;
	bson_t		at;
	bson_error_t	ignored;
	int		rc;

	BSON_APPEND_UTF8(&doc, "key", key);
	BSON_APPEND_DATE_TIME(&doc, "at", now_ms);
	rc = sb_db_insert(conn, SB_COLL_LOGIN_FAILURE, &doc, e);
	if (rc == SB_OK) {
		/* Housekeeping; a failure here costs nothing but space. */
		BSON_APPEND_UTF8(&old, "key", key);
		BSON_APPEND_DOCUMENT_BEGIN(&old, "at", &at);
		BSON_APPEND_DATE_TIME(&at, "$lte", now_ms - window_s * 1000);
		bson_append_document_end(&old, &at);
		(void)sb_db_delete(conn, SB_COLL_LOGIN_FAILURE, &old, &ignored);
	}
	bson_destroy(&old);
	bson_destroy(&doc);
	return rc;
}

int
sb_throttle_clear(const struct sb_conn *conn, const char *key, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER;
	int	rc;

	BSON_APPEND_UTF8(&filter, "key", key);
	rc = sb_db_delete(conn, SB_COLL_LOGIN_FAILURE, &filter, e);
	bson_destroy(&filter);
	return rc;
}

int
sb_throttle_note_lockout(const struct sb_conn *conn, const char *key,
    int64_t oldest_ms, bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER;
	char	id[512];
	int	rc;

	/* The _id decides: only the first worker to note it may audit it. */
	snprintf(id, sizeof(id), "%s@%lld", key, (long long)oldest_ms);
	BSON_APPEND_UTF8(&doc, "_id", id);
	BSON_APPEND_DATE_TIME(&doc, "at", oldest_ms);
	if (sb_db_insert(conn, SB_COLL_LOGIN_LOCKOUT, &doc, e) == SB_OK)
		rc = 1;
	else
		rc = sb_db_error_is_duplicate(e) ? 0 : SB_ERR;
	bson_destroy(&doc);
	return rc;
}
