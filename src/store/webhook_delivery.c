/*
 * webhook_delivery.c -- webhook deliveries (see webhook_delivery.h).
 */
#include "config.h"
#include "store/webhook_delivery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/bsonx.h"
#include "store/collections.h"

static void
delivery_doc(const struct sb_delivery *d, bson_t *doc)
{
	bson_init(doc);
	BSON_APPEND_OID(doc, "_id", &d->id);
	BSON_APPEND_OID(doc, "endpoint", &d->endpoint);
	BSON_APPEND_INT64(doc, "seq", d->seq);
	BSON_APPEND_UTF8(doc, "event", d->event);
	BSON_APPEND_UTF8(doc, "msg_id", d->msg_id);
	bson_append_utf8(doc, "body", -1, d->body, (int)d->len);
	BSON_APPEND_UTF8(doc, "status", SB_DELIVERY_PENDING);
	BSON_APPEND_INT64(doc, "attempts", 0);
	BSON_APPEND_DATE_TIME(doc, "next_at", d->next_at);
	BSON_APPEND_DATE_TIME(doc, "created_at", d->created_at);
}

int
sb_delivery_insert(const struct sb_conn *conn, const struct sb_delivery *d,
    size_t n, bson_error_t *e)
{
	bson_t		 docs[SB_DELIVERY_BATCH];
	const bson_t	*ptr[SB_DELIVERY_BATCH];
	int		 rc;

	if (n == 0)
		return SB_OK;
	if (n > SB_DELIVERY_BATCH) {
		bson_set_error(e, 0, 0, "at most %d deliveries at once",
		    SB_DELIVERY_BATCH);
		return SB_ERR;
	}
	for (size_t i = 0; i < n; i++) {
		delivery_doc(&d[i], &docs[i]);
		ptr[i] = &docs[i];
	}
	rc = sb_db_insert_many(conn, SB_COLL_WEBHOOK_DELIVERY, ptr, n, e);
	for (size_t i = 0; i < n; i++)
		bson_destroy(&docs[i]);
	/* Made before a crash: the unique {endpoint, seq} keeps the first. */
	if (rc == SB_ERR && sb_db_error_is_duplicate(e))
		return SB_OK;
	return rc;
}

static void
read_delivery(const bson_t *doc, struct sb_delivery *d)
{
	bson_iter_t	 it;
	const char	*body;
	uint32_t	 len;

	memset(d, 0, sizeof(*d));
	sb_bson_oid(doc, "_id", &d->id);
	sb_bson_oid(doc, "endpoint", &d->endpoint);
	d->seq = sb_bson_int(doc, "seq", -1);
	sb_bson_str(doc, "event", d->event, sizeof(d->event));
	sb_bson_str(doc, "msg_id", d->msg_id, sizeof(d->msg_id));
	if (bson_iter_init_find(&it, doc, "body") &&
	    BSON_ITER_HOLDS_UTF8(&it)) {
		body = bson_iter_utf8(&it, &len);
		if ((d->body = malloc(len + 1)) != NULL) {
			memcpy(d->body, body, len + 1);
			d->len = len;
		}
	}
	sb_bson_str(doc, "status", d->status, sizeof(d->status));
	d->attempts = sb_bson_int(doc, "attempts", 0);
	d->next_at = sb_bson_date(doc, "next_at");
	d->created_at = sb_bson_date(doc, "created_at");
	d->last_at = sb_bson_date(doc, "last_at");
	d->delivered_at = sb_bson_date(doc, "delivered_at");
	d->last_status = sb_bson_int(doc, "last_status", 0);
	sb_bson_str(doc, "last_error", d->last_error, sizeof(d->last_error));
}

struct pending {
	struct sb_delivery	*out;
	size_t			 n, max;
	int			 nomem;
};

static int
pending_one(const bson_t *doc, void *arg)
{
	struct pending *p = arg;

	if (p->n == p->max)
		return SB_STOP;
	read_delivery(doc, &p->out[p->n]);
	if (p->out[p->n].body == NULL) {
		p->nomem = 1;
		return SB_STOP;
	}
	p->n++;
	return SB_NEXT;
}

int64_t
sb_delivery_pending(const struct sb_conn *conn, const bson_oid_t *endpoint,
    struct sb_delivery *out, size_t max, bson_error_t *e)
{
	struct pending	 p = { .out = out, .max = max };
	bson_t		*filter = BCON_NEW("endpoint", BCON_OID(endpoint),
	    "status", BCON_UTF8(SB_DELIVERY_PENDING));
	bson_t		*opts = BCON_NEW("sort", "{", "seq", BCON_INT32(1), "}",
	    "limit", BCON_INT64((int64_t)max));
	int64_t		 got;

	got = sb_db_find_each(conn, SB_COLL_WEBHOOK_DELIVERY, filter, opts,
	    pending_one, &p, e);
	bson_destroy(filter);
	bson_destroy(opts);
	if (got != SB_ERR && p.nomem) {
		bson_set_error(e, 0, 0, "out of memory");
		got = SB_ERR;
	}
	if (got == SB_ERR) {
		for (size_t i = 0; i < p.n; i++)
			sb_delivery_clear(&out[i]);
		return SB_ERR;
	}
	return (int64_t)p.n;
}

int
sb_delivery_record(const struct sb_conn *conn, const struct sb_delivery *d,
    int64_t was, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("_id", BCON_OID(&d->id), "attempts",
	    BCON_INT64(was));
	bson_t	 update = BSON_INITIALIZER, set;
	int	 found;

	bson_append_document_begin(&update, "$set", -1, &set);
	BSON_APPEND_UTF8(&set, "status", d->status);
	BSON_APPEND_INT64(&set, "attempts", d->attempts);
	BSON_APPEND_DATE_TIME(&set, "next_at", d->next_at);
	BSON_APPEND_DATE_TIME(&set, "last_at", d->last_at);
	BSON_APPEND_INT64(&set, "last_status", d->last_status);
	BSON_APPEND_UTF8(&set, "last_error", d->last_error);
	if (d->delivered_at != 0)
		BSON_APPEND_DATE_TIME(&set, "delivered_at", d->delivered_at);
	bson_append_document_end(&update, &set);
	found = sb_db_update_if(conn, SB_COLL_WEBHOOK_DELIVERY, filter,
	    &update, e);
	bson_destroy(filter);
	bson_destroy(&update);
	return found;
}

int
sb_delivery_get(const struct sb_conn *conn, const bson_oid_t *id,
    struct sb_delivery *d, bson_error_t *e)
{
	bson_t	doc;
	int	found = sb_db_find_by_id(conn, SB_COLL_WEBHOOK_DELIVERY, id,
	    NULL, &doc, e);

	if (found == SB_FOUND)
		read_delivery(&doc, d);
	bson_destroy(&doc);
	return found;
}

int
sb_delivery_cursor(const struct sb_conn *conn, const bson_oid_t *id,
    struct sb_cursor *c, bson_error_t *e)
{
	bson_t	*opts = BCON_NEW("projection", "{", "created_at",
	    BCON_INT32(1), "}");
	bson_t	 doc;
	int	 found = sb_db_find_by_id(conn, SB_COLL_WEBHOOK_DELIVERY, id,
	    opts, &doc, e);

	if (found == SB_FOUND) {
		bson_oid_copy(id, &c->id);
		c->at = sb_bson_date(&doc, "created_at");
	}
	bson_destroy(&doc);
	bson_destroy(opts);
	return found;
}

struct page {
	int	(*fn)(const struct sb_delivery *, void *);
	void	*arg;
};

static int
page_one(const bson_t *doc, void *arg)
{
	struct page		*p = arg;
	struct sb_delivery	 d;
	int			 next;

	read_delivery(doc, &d);
	next = p->fn(&d, p->arg);
	sb_delivery_clear(&d);
	return next;
}

int64_t
sb_delivery_page(const struct sb_conn *conn,
    const struct sb_delivery_filter *f, const struct sb_cursor *after,
    int64_t limit, int (*fn)(const struct sb_delivery *, void *), void *arg,
    bson_error_t *e)
{
	struct page	 p = { .fn = fn, .arg = arg };
	bson_t		 filter = BSON_INITIALIZER;
	bson_t		*projection = BCON_NEW("body", BCON_INT32(0));
	int64_t		 n;

	if (f->endpoint != NULL)
		BSON_APPEND_OID(&filter, "endpoint", f->endpoint);
	if (f->status != NULL)
		BSON_APPEND_UTF8(&filter, "status", f->status);
	if (f->event != NULL)
		BSON_APPEND_UTF8(&filter, "event", f->event);
	n = sb_db_page(conn, SB_COLL_WEBHOOK_DELIVERY, &filter, "created_at",
	    -1, after, limit, projection, page_one, &p, e);
	bson_destroy(&filter);
	bson_destroy(projection);
	return n;
}

int
sb_delivery_resend(const struct sb_conn *conn, const bson_oid_t *id,
    const char *from, bson_error_t *e)
{
	bson_t	*filter = BCON_NEW("_id", BCON_OID(id), "status",
	    BCON_UTF8(from));
	bson_t	*update = BCON_NEW("$set", "{", "status",
	    BCON_UTF8(SB_DELIVERY_PENDING), "attempts", BCON_INT64(0),
	    "next_at", BCON_DATE_TIME(sb_now_ms()), "}",
	    "$unset", "{", "delivered_at", BCON_UTF8(""), "}");
	int	 found = sb_db_update_if(conn, SB_COLL_WEBHOOK_DELIVERY, filter,
	    update, e);

	bson_destroy(filter);
	bson_destroy(update);
	return found;
}

void
sb_delivery_clear(struct sb_delivery *d)
{
	free(d->body);
	d->body = NULL;
}
