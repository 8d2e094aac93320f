/*
 * webhook_endpoint.c -- webhook endpoints (see webhook_endpoint.h).
 */
#include "config.h"
#include "store/webhook_endpoint.h"

#include <stdio.h>
#include <string.h>

#include "base/event.h"
#include "store/bsonx.h"
#include "store/collections.h"

static void
append_secrets(bson_t *doc, const struct sb_webhook *w)
{
	bson_t	arr, one;
	char	key[24];

	bson_append_array_begin(doc, "secrets", -1, &arr);
	for (size_t i = 0; i < w->nsecret; i++) {
		snprintf(key, sizeof(key), "%zu", i);
		bson_append_document_begin(&arr, key, -1, &one);
		BSON_APPEND_UTF8(&one, "kek", w->secret[i].kek);
		BSON_APPEND_BINARY(&one, "box", BSON_SUBTYPE_BINARY,
		    w->secret[i].box, sizeof(w->secret[i].box));
		if (w->secret[i].until != 0)
			BSON_APPEND_DATE_TIME(&one, "until",
			    w->secret[i].until);
		bson_append_document_end(&arr, &one);
	}
	bson_append_array_end(doc, &arr);
}

int
sb_webhook_insert(const struct sb_conn *conn, const struct sb_webhook *w,
    bson_error_t *e)
{
	bson_t	doc = BSON_INITIALIZER, arr;
	char	key[24];
	int	rc, n = 0;

	BSON_APPEND_OID(&doc, "_id", &w->id);
	BSON_APPEND_UTF8(&doc, "url", w->url);
	bson_append_array_begin(&doc, "events", -1, &arr);
	for (int i = 0; i < SB_EVENT_N; i++) {
		if (!(w->events & (1u << i)))
			continue;
		snprintf(key, sizeof(key), "%d", n++);
		bson_append_utf8(&arr, key, -1, sb_event_names[i], -1);
	}
	bson_append_array_end(&doc, &arr);
	BSON_APPEND_BOOL(&doc, "allow_local", w->allow_local != 0);
	BSON_APPEND_BOOL(&doc, "enabled", w->enabled != 0);
	BSON_APPEND_DATE_TIME(&doc, "created_at", w->created_at);
	BSON_APPEND_INT64(&doc, "secrets_gen", w->secrets_gen);
	BSON_APPEND_INT64(&doc, "cursor", w->cursor);
	append_secrets(&doc, w);
	rc = sb_db_insert(conn, SB_COLL_WEBHOOK_ENDPOINT, &doc, e);
	bson_destroy(&doc);
	return rc;
}

/* One stored secret {kek, box, until} into s; 1 when whole, else 0. */
static int
read_secret(bson_iter_t *it, struct sb_webhook_secret *s)
{
	const uint8_t	*data;
	uint32_t	 len;
	bson_subtype_t	 sub;
	bson_iter_t	 f;
	int		 have = 0;

	memset(s, 0, sizeof(*s));
	if (!BSON_ITER_HOLDS_DOCUMENT(it) || !bson_iter_recurse(it, &f))
		return 0;
	while (bson_iter_next(&f)) {
		const char *k = bson_iter_key(&f);

		if (strcmp(k, "kek") == 0 && BSON_ITER_HOLDS_UTF8(&f)) {
			snprintf(s->kek, sizeof(s->kek), "%s",
			    bson_iter_utf8(&f, NULL));
			have |= 1;
		} else if (strcmp(k, "box") == 0 &&
		    BSON_ITER_HOLDS_BINARY(&f)) {
			bson_iter_binary(&f, &sub, &len, &data);
			if (len == sizeof(s->box)) {
				memcpy(s->box, data, len);
				have |= 2;
			}
		} else if (strcmp(k, "until") == 0 &&
		    BSON_ITER_HOLDS_DATE_TIME(&f)) {
			s->until = bson_iter_date_time(&f);
		}
	}
	return have == 3;
}

static void
read_endpoint(const bson_t *doc, struct sb_webhook *w)
{
	bson_iter_t	it, sub;
	int		ev;

	memset(w, 0, sizeof(*w));
	sb_bson_oid(doc, "_id", &w->id);
	bson_oid_to_string(&w->id, w->id_hex);
	sb_bson_str(doc, "url", w->url, sizeof(w->url));
	if (bson_iter_init_find(&it, doc, "events") &&
	    BSON_ITER_HOLDS_ARRAY(&it) && bson_iter_recurse(&it, &sub))
		while (bson_iter_next(&sub))
			if (BSON_ITER_HOLDS_UTF8(&sub) && (ev =
			    sb_event_by_name(bson_iter_utf8(&sub, NULL))) >= 0)
				w->events |= 1u << ev;
	w->allow_local = sb_bson_bool(doc, "allow_local");
	w->enabled = sb_bson_bool(doc, "enabled");
	w->created_at = sb_bson_date(doc, "created_at");
	w->failing_since = sb_bson_date(doc, "failing_since");
	w->secrets_gen = sb_bson_int(doc, "secrets_gen", 0);
	w->cursor = sb_bson_int(doc, "cursor", 0);
	if (bson_iter_init_find(&it, doc, "secrets") &&
	    BSON_ITER_HOLDS_ARRAY(&it) && bson_iter_recurse(&it, &sub))
		while (bson_iter_next(&sub) && w->nsecret < SB_WEBHOOK_SECRETS)
			if (read_secret(&sub, &w->secret[w->nsecret]))
				w->nsecret++;
}

int
sb_webhook_get(const struct sb_conn *conn, const bson_oid_t *id,
    struct sb_webhook *w, bson_error_t *e)
{
	bson_t	doc;
	int	found = sb_db_find_by_id(conn, SB_COLL_WEBHOOK_ENDPOINT, id,
	    NULL, &doc, e);

	if (found == SB_FOUND)
		read_endpoint(&doc, w);
	bson_destroy(&doc);
	return found;
}

struct each {
	int	(*fn)(const struct sb_webhook *, void *);
	void	*arg;
};

static int
each_one(const bson_t *doc, void *arg)
{
	struct each		*x = arg;
	struct sb_webhook	 w;

	read_endpoint(doc, &w);
	return x->fn(&w, x->arg);
}

int64_t
sb_webhook_each(const struct sb_conn *conn,
    int (*fn)(const struct sb_webhook *, void *), void *arg, bson_error_t *e)
{
	struct each	 x = { .fn = fn, .arg = arg };
	bson_t		 filter = BSON_INITIALIZER;
	bson_t		*opts = BCON_NEW("sort", "{", "_id", BCON_INT32(1), "}");
	int64_t		 n;

	n = sb_db_find_each(conn, SB_COLL_WEBHOOK_ENDPOINT, &filter, opts,
	    each_one, &x, e);
	bson_destroy(opts);
	return n;
}

int
sb_webhook_disable(const struct sb_conn *conn, const bson_oid_t *id,
    bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", "enabled", BCON_BOOL(false),
	    "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_WEBHOOK_ENDPOINT, id,
	    update, e);

	bson_destroy(update);
	return rc;
}

int
sb_webhook_set_cursor(const struct sb_conn *conn, const bson_oid_t *id,
    int64_t from, int64_t to, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("_id", BCON_OID(id), "cursor",
	    BCON_INT64(from));
	bson_t	*update = BCON_NEW("$set", "{", "cursor", BCON_INT64(to), "}");
	int	 found = sb_db_update_if(conn, SB_COLL_WEBHOOK_ENDPOINT, filter,
	    update, e);

	bson_destroy(filter);
	bson_destroy(update);
	return found;
}

int
sb_webhook_set_failing(const struct sb_conn *conn, const bson_oid_t *id,
    int64_t since, bson_error_t *e)
{
	bson_t	*update = since != 0 ? BCON_NEW("$set", "{", "failing_since",
	    BCON_DATE_TIME(since), "}") : BCON_NEW("$unset", "{",
	    "failing_since", BCON_UTF8(""), "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_WEBHOOK_ENDPOINT, id,
	    update, e);

	bson_destroy(update);
	return rc;
}

int
sb_webhook_set_secrets(const struct sb_conn *conn,
    const struct sb_webhook *w, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("_id", BCON_OID(&w->id), "secrets_gen",
	    BCON_INT64(w->secrets_gen));
	bson_t	 update = BSON_INITIALIZER, set;
	int	 found;

	bson_append_document_begin(&update, "$set", -1, &set);
	append_secrets(&set, w);
	BSON_APPEND_INT64(&set, "secrets_gen", w->secrets_gen + 1);
	bson_append_document_end(&update, &set);
	found = sb_db_update_if(conn, SB_COLL_WEBHOOK_ENDPOINT, filter,
	    &update, e);
	bson_destroy(filter);
	bson_destroy(&update);
	return found;
}
