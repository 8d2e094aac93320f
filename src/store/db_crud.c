/*
 * db_crud.c -- the shared reads and writes: one document, many, counts,
 * keyset pages, and the marks the sweep follows.
 */
#include "config.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"

/* The first document of a find command's reply, into out. */
static int
first_of_batch(const bson_t *reply, bson_t *out, bson_error_t *e)
{
	bson_iter_t	it, cursor, batch;
	const uint8_t	*data;
	uint32_t	 len;
	bson_t		 doc;

	if (!bson_iter_init_find(&it, reply, "cursor") ||
	    !BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &cursor) ||
	    !bson_iter_find(&cursor, "firstBatch") ||
	    !BSON_ITER_HOLDS_ARRAY(&cursor) ||
	    !bson_iter_recurse(&cursor, &batch)) {
		bson_set_error(e, MONGOC_ERROR_CURSOR,
		    MONGOC_ERROR_CURSOR_INVALID_CURSOR,
		    "find: no cursor in the reply");
		return SB_ERR;
	}
	if (!bson_iter_next(&batch))
		return SB_NOTFOUND;
	if (!BSON_ITER_HOLDS_DOCUMENT(&batch)) {
		bson_set_error(e, MONGOC_ERROR_CURSOR,
		    MONGOC_ERROR_CURSOR_INVALID_CURSOR,
		    "find: not a document in the reply");
		return SB_ERR;
	}
	bson_iter_document(&batch, &len, &data);
	if (!bson_init_static(&doc, data, len)) {
		bson_set_error(e, MONGOC_ERROR_BSON, MONGOC_ERROR_BSON_INVALID,
		    "find: a malformed document in the reply");
		return SB_ERR;
	}
	bson_concat(out, &doc);
	return SB_FOUND;
}

/*
 * The find command itself, with limit 1 and singleBatch, run as a read
 * command: the driver's cursor (its options parsed and copied, a cursor
 * object made and destroyed) cost more than the round trip for the one
 * document every request reads.  The caller's opts may carry a sort and a
 * projection, which are the command's own fields.
 */
int
sb_db_find_one(const struct sb_conn *conn, const char *coll_name,
    const bson_t *filter, const bson_t *opts, bson_t *out, bson_error_t *e)
{
	bson_t		cmd = BSON_INITIALIZER, reply;
	bson_iter_t	it;
	int		found;

	bson_init(out);
	BSON_APPEND_UTF8(&cmd, "find", coll_name);
	BSON_APPEND_DOCUMENT(&cmd, "filter", filter);
	if (opts != NULL && bson_iter_init_find(&it, opts, "sort"))
		BSON_APPEND_VALUE(&cmd, "sort", bson_iter_value(&it));
	if (opts != NULL && bson_iter_init_find(&it, opts, "projection"))
		BSON_APPEND_VALUE(&cmd, "projection", bson_iter_value(&it));
	BSON_APPEND_INT64(&cmd, "limit", 1);
	BSON_APPEND_BOOL(&cmd, "singleBatch", true);
	if (mongoc_client_read_command_with_opts(conn->client, conn->db, &cmd,
	    NULL, NULL, &reply, e))
		found = first_of_batch(&reply, out, e);
	else
		found = SB_ERR;
	bson_destroy(&reply);
	bson_destroy(&cmd);
	return found;
}

/* The filter {_id: id} alone: the one FerretDB answers from its index. */
static int
find_by_value(const struct sb_conn *conn, const char *coll,
    const bson_value_t *id, const bson_t *opts, bson_t *out, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER;
	int	found;

	BSON_APPEND_VALUE(&filter, "_id", id);
	found = sb_db_find_one(conn, coll, &filter, opts, out, e);
	bson_destroy(&filter);
	return found;
}

int
sb_db_find_by_id(const struct sb_conn *conn, const char *coll,
    const bson_oid_t *id, const bson_t *opts, bson_t *out, bson_error_t *e)
{
	bson_value_t v = { .value_type = BSON_TYPE_OID };

	bson_oid_copy(id, &v.value.v_oid);
	return find_by_value(conn, coll, &v, opts, out, e);
}

int
sb_db_find_by_str(const struct sb_conn *conn, const char *coll,
    const char *id, const bson_t *opts, bson_t *out, bson_error_t *e)
{
	bson_value_t v = { .value_type = BSON_TYPE_UTF8 };

	v.value.v_utf8.str = (char *)(uintptr_t)id;	/* read, not written */
	v.value.v_utf8.len = (uint32_t)strlen(id);
	return find_by_value(conn, coll, &v, opts, out, e);
}

int
sb_db_insert(const struct sb_conn *conn, const char *coll_name,
    const bson_t *doc, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);
	bool			 ok;

	ok = mongoc_collection_insert_one(coll, doc, NULL, NULL, e);
	mongoc_collection_destroy(coll);
	return ok ? SB_OK : SB_ERR;
}

void
sb_db_append_id_in(bson_t *filter, const bson_oid_t *ids, size_t n)
{
	bson_t	in, list;
	char	key[24];

	BSON_APPEND_DOCUMENT_BEGIN(filter, "_id", &in);
	BSON_APPEND_ARRAY_BEGIN(&in, "$in", &list);
	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "%zu", i);
		BSON_APPEND_OID(&list, key, &ids[i]);
	}
	bson_append_array_end(&in, &list);
	bson_append_document_end(filter, &in);
}

int
sb_db_insert_many(const struct sb_conn *conn, const char *coll_name,
    const bson_t **docs, size_t n, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);
	bson_t			*opts = BCON_NEW("ordered", BCON_BOOL(false));
	bool			 ok;

	ok = mongoc_collection_insert_many(coll, docs, n, opts, NULL, e);
	bson_destroy(opts);
	mongoc_collection_destroy(coll);
	return ok ? SB_OK : SB_ERR;
}

int
sb_db_delete(const struct sb_conn *conn, const char *coll_name,
    const bson_t *filter, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);
	bool			 ok;

	ok = mongoc_collection_delete_many(coll, filter, NULL, NULL, e);
	mongoc_collection_destroy(coll);
	return ok ? SB_OK : SB_ERR;
}

int
sb_db_delete_by_id(const struct sb_conn *conn, const char *coll,
    const bson_oid_t *id, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER;
	int	rc;

	BSON_APPEND_OID(&filter, "_id", id);
	rc = sb_db_delete(conn, coll, &filter, e);
	bson_destroy(&filter);
	return rc;
}

struct ids {
	bson_oid_t	*out;
	int64_t		 n, max;
};

static int
id_one(const bson_t *d, void *arg)
{
	struct ids	*c = arg;
	bson_iter_t	 it;

	if (c->n >= c->max)
		return SB_STOP;
	if (bson_iter_init_find(&it, d, "_id") && BSON_ITER_HOLDS_OID(&it))
		bson_oid_copy(bson_iter_oid(&it), &c->out[c->n++]);
	return SB_NEXT;
}

int64_t
sb_db_ids(const struct sb_conn *conn, const char *coll, const bson_t *filter,
    const bson_t *sort, bson_oid_t *out, int64_t max, bson_error_t *e)
{
	struct ids	 c = { out, 0, max };
	bson_t		*opts = BCON_NEW("limit", BCON_INT64(max),
	    "projection", "{", "_id", BCON_INT32(1), "}");
	int64_t		 n;

	if (sort != NULL)
		BSON_APPEND_DOCUMENT(opts, "sort", sort);
	n = sb_db_find_each(conn, coll, filter, opts, id_one, &c, e);
	bson_destroy(opts);
	return n == SB_ERR ? SB_ERR : c.n;
}

int
sb_db_update_by_id(const struct sb_conn *conn, const char *coll_name,
    const bson_oid_t *id, const bson_t *update, bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER;
	int	rc;

	BSON_APPEND_OID(&filter, "_id", id);
	rc = sb_db_update_one(conn, coll_name, &filter, update, e);
	bson_destroy(&filter);
	return rc;
}

int
sb_db_update_one(const struct sb_conn *conn, const char *coll_name,
    const bson_t *filter, const bson_t *update, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);
	bool			 ok;

	ok = mongoc_collection_update_one(coll, filter, update, NULL, NULL, e);
	mongoc_collection_destroy(coll);
	return ok ? SB_OK : SB_ERR;
}

int
sb_db_update_if(const struct sb_conn *conn, const char *coll_name,
    const bson_t *filter, const bson_t *update, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);
	bson_t			 reply;
	bool			 ok;
	int64_t			 matched;

	ok = mongoc_collection_update_one(coll, filter, update, NULL, &reply,
	    e);
	mongoc_collection_destroy(coll);
	matched = ok ? sb_bson_int(&reply, "matchedCount", 0) : 0;
	bson_destroy(&reply);
	if (!ok)
		return SB_ERR;
	return matched > 0 ? SB_FOUND : SB_NOTFOUND;
}

int
sb_db_update_many(const struct sb_conn *conn, const char *coll_name,
    const bson_t *filter, const bson_t *update, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);
	bool			 ok;

	ok = mongoc_collection_update_many(coll, filter, update, NULL, NULL,
	    e);
	mongoc_collection_destroy(coll);
	return ok ? SB_OK : SB_ERR;
}

int
sb_db_upsert_by_str(const struct sb_conn *conn, const char *coll_name,
    const char *id, const bson_t *update, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);
	bson_t			 filter = BSON_INITIALIZER;
	bson_t			*opts = BCON_NEW("upsert", BCON_BOOL(true));
	bool			 ok;

	BSON_APPEND_UTF8(&filter, "_id", id);
	ok = mongoc_collection_update_one(coll, &filter, update, opts, NULL, e);
	bson_destroy(opts);
	bson_destroy(&filter);
	mongoc_collection_destroy(coll);
	return ok ? SB_OK : SB_ERR;
}

int
sb_db_unset_by_id(const struct sb_conn *conn, const char *coll,
    const bson_oid_t *id, const char *field, bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$unset", "{", field, BCON_UTF8(""), "}");
	int	 rc = sb_db_update_by_id(conn, coll, id, update, e);

	bson_destroy(update);
	return rc;
}

struct marked {
	void			(*read)(const bson_t *, struct sb_marked *);
	struct sb_marked	*out;
	int64_t			 n, max;
};

static int
marked_one(const bson_t *d, void *arg)
{
	struct marked *c = arg;

	if (c->n >= c->max)
		return SB_STOP;
	memset(&c->out[c->n], 0, sizeof(c->out[c->n]));
	c->read(d, &c->out[c->n++]);
	return SB_NEXT;
}

int64_t
sb_db_marked(const struct sb_conn *conn, const char *coll,
    void (*read)(const bson_t *, struct sb_marked *), struct sb_marked *out,
    int64_t max, bson_error_t *e)
{
	struct marked	 c = { read, out, 0, max };
	bson_t		*filter = BCON_NEW(SB_FOLLOWUP_FIELD, BCON_BOOL(true));
	/* Never the bytes or the hash: the sweep needs neither. */
	bson_t		*opts = BCON_NEW("limit", BCON_INT64(max),
	    "projection", "{", "document_data", BCON_INT32(0),
	    "password_hash", BCON_INT32(0), "}");
	int64_t		 n;

	n = sb_db_find_each(conn, coll, filter, opts, marked_one, &c, e);
	bson_destroy(opts);
	bson_destroy(filter);
	return n == SB_ERR ? SB_ERR : c.n;
}

int64_t
sb_db_count(const struct sb_conn *conn, const char *coll_name,
    const bson_t *filter, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);
	int64_t			 n;

	n = mongoc_collection_count_documents(coll, filter, NULL, NULL, NULL,
	    e);
	mongoc_collection_destroy(coll);
	return n;
}

/* Each document of cur to fn; cur and coll are destroyed. */
static int64_t
each(mongoc_collection_t *coll, mongoc_cursor_t *cur,
    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	const bson_t	*d;
	int64_t		 n = 0;

	while (mongoc_cursor_next(cur, &d)) {
		n++;
		if (fn(d, arg) == -1)
			break;
	}
	if (mongoc_cursor_error(cur, e))
		n = SB_ERR;
	mongoc_cursor_destroy(cur);
	mongoc_collection_destroy(coll);
	return n;
}

int64_t
sb_db_find_each(const struct sb_conn *conn, const char *coll_name,
    const bson_t *filter, const bson_t *opts,
    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);

	return each(coll, mongoc_collection_find_with_opts(coll, filter, opts,
	    NULL), fn, arg, e);
}

int64_t
sb_db_aggregate_each(const struct sb_conn *conn, const char *coll_name,
    const bson_t *pipeline, int (*fn)(const bson_t *, void *), void *arg,
    bson_error_t *e)
{
	mongoc_collection_t	*coll = sb_db_coll(conn, coll_name);

	return each(coll, mongoc_collection_aggregate(coll, MONGOC_QUERY_NONE,
	    pipeline, NULL, NULL), fn, arg, e);
}

void
sb_db_append_after(bson_t *filter, const char *field, const struct sb_cursor *c,
    int dir)
{
	const char	*op = dir > 0 ? "$gt" : "$lt";
	bson_t		 or, a, b, cmp, idcmp;

	/* (field, _id) beyond (at, id): a later time, or the same time and
	 * a later id. */
	BSON_APPEND_ARRAY_BEGIN(filter, "$or", &or);
	BSON_APPEND_DOCUMENT_BEGIN(&or, "0", &a);
	BSON_APPEND_DOCUMENT_BEGIN(&a, field, &cmp);
	BSON_APPEND_DATE_TIME(&cmp, op, c->at);
	bson_append_document_end(&a, &cmp);
	bson_append_document_end(&or, &a);
	BSON_APPEND_DOCUMENT_BEGIN(&or, "1", &b);
	BSON_APPEND_DATE_TIME(&b, field, c->at);
	BSON_APPEND_DOCUMENT_BEGIN(&b, "_id", &idcmp);
	BSON_APPEND_OID(&idcmp, op, &c->id);
	bson_append_document_end(&b, &idcmp);
	bson_append_document_end(&or, &b);
	bson_append_array_end(filter, &or);
}

int64_t
sb_db_page(const struct sb_conn *conn, const char *coll, bson_t *filter,
    const char *field, int dir, const struct sb_cursor *after, int64_t limit,
    const bson_t *projection, int (*fn)(const bson_t *, void *), void *arg,
    bson_error_t *e)
{
	bson_t	opts = BSON_INITIALIZER, sort;
	int32_t	order = dir > 0 ? 1 : -1;
	int64_t	n;

	if (after != NULL)
		sb_db_append_after(filter, field, after, dir);
	BSON_APPEND_DOCUMENT_BEGIN(&opts, "sort", &sort);
	BSON_APPEND_INT32(&sort, field, order);
	BSON_APPEND_INT32(&sort, "_id", order);
	bson_append_document_end(&opts, &sort);
	BSON_APPEND_INT64(&opts, "limit", limit);
	if (projection != NULL)
		BSON_APPEND_DOCUMENT(&opts, "projection", projection);
	n = sb_db_find_each(conn, coll, filter, &opts, fn, arg, e);
	bson_destroy(&opts);
	return n;
}
