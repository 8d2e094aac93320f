/*
 * db.c -- the MongoDB pool of one worker, its health, index creation,
 * the shared read and write helpers, error reading.
 */
#include "config.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/log.h"
#include "base/model.h"
#include "base/util.h"
#include "store/collections.h"

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

/* One index: collection, name, key document as JSON, unique or not. */
static const struct {
	const char	*coll;
	const char	*name;
	const char	*key;
	int		 unique;
} indexes[] = {
	{ .coll = SB_COLL_USER, .name = "email_unique",
	  .key = "{\"email\": 1}", .unique = 1 },
	/* The review queue, oldest first (store/kyc_doc.h, queue_key). */
	{ .coll = SB_COLL_KYC, .name = "status_queue",
	  .key = "{\"status\": 1, \"queue_key\": 1, \"submitted_at\": 1, "
	  "\"_id\": 1}" },
	/* The queue's filters and the auditors' searches (store/kyc_queue.h). */
	{ .coll = SB_COLL_KYC, .name = "status_type_queue",
	  .key = "{\"status\": 1, \"document_type\": 1, \"queue_key\": 1}" },
	{ .coll = SB_COLL_KYC, .name = "status_duplicate_queue",
	  .key = "{\"status\": 1, \"duplicate\": 1, \"queue_key\": 1}" },
	{ .coll = SB_COLL_KYC, .name = "status_holder_queue",
	  .key = "{\"status\": 1, \"claim.by\": 1, \"queue_key\": 1}" },
	{ .coll = SB_COLL_KYC, .name = "email_time",
	  .key = "{\"user_email\": 1, \"submitted_at\": -1}" },
	{ .coll = SB_COLL_KYC, .name = "name_key",
	  .key = "{\"user_name_key\": 1}" },
	{ .coll = SB_COLL_KYC, .name = "user_submitted",
	  .key = "{\"user_id\": 1, \"submitted_at\": -1}" },
	/* Duplicate documents: the blind index of the number (store/kyc_doc.h). */
	{ .coll = SB_COLL_KYC, .name = "number_index",
	  .key = "{\"number_index\": 1}" },
	/* One submission per user and attempt: decides concurrent uploads. */
	{ .coll = SB_COLL_KYC, .name = "submission_unique",
	  .key = "{\"submission_key\": 1}", .unique = 1 },
	/* What the follow-up sweep looks for (ops/sweep.h). */
	{ .coll = SB_COLL_USER, .name = "followup",
	  .key = "{\"" SB_FOLLOWUP_FIELD "\": 1}" },
	{ .coll = SB_COLL_KYC, .name = "followup",
	  .key = "{\"" SB_FOLLOWUP_FIELD "\": 1}" },
	/* Uploads under way, old ones first (store/kyc_upload.h). */
	{ .coll = SB_COLL_UPLOAD, .name = "at",
	  .key = "{\"at\": 1}" },
	{ .coll = SB_COLL_LOGIN_FAILURE, .name = "key_at",
	  .key = "{\"key\": 1, \"at\": 1}" },
	{ .coll = SB_COLL_DECISION, .name = "applied_time",
	  .key = "{\"applied\": 1, \"reviewed_at\": 1}" },
	/* One leaf per audit entry (store/audit_tree.h). */
	{ .coll = SB_COLL_AUDIT_LEAF, .name = "entry_unique",
	  .key = "{\"entry\": 1}", .unique = 1 },
	{ .coll = SB_COLL_LOG, .name = "leaf_pending",
	  .key = "{\"leaf_pending\": 1}" },
	{ .coll = SB_COLL_LOG, .name = "user_time",
	  .key = "{\"user_id\": 1, \"timestamp\": -1, \"_id\": -1}" },
	{ .coll = SB_COLL_LOG, .name = "actor_time",
	  .key = "{\"actor_id\": 1, \"timestamp\": -1, \"_id\": -1}" },
	{ .coll = SB_COLL_LOG, .name = "action_time",
	  .key = "{\"action\": 1, \"timestamp\": -1, \"_id\": -1}" },
	{ .coll = SB_COLL_LOG, .name = "time",
	  .key = "{\"timestamp\": -1, \"_id\": -1}" },
};

static int
create_index(const struct sb_db *db, mongoc_client_t *c, size_t i,
    bson_error_t *e)
{
	bson_t	 cmd = BSON_INITIALIZER, list, spec, reply;
	bson_t	*key = bson_new_from_json((const uint8_t *)indexes[i].key, -1, e);
	bool	 ok;

	if (key == NULL)
		return SB_ERR;
	BSON_APPEND_UTF8(&cmd, "createIndexes", indexes[i].coll);
	BSON_APPEND_ARRAY_BEGIN(&cmd, "indexes", &list);
	BSON_APPEND_DOCUMENT_BEGIN(&list, "0", &spec);
	BSON_APPEND_DOCUMENT(&spec, "key", key);
	BSON_APPEND_UTF8(&spec, "name", indexes[i].name);
	if (indexes[i].unique)
		BSON_APPEND_BOOL(&spec, "unique", true);
	bson_append_document_end(&list, &spec);
	bson_append_array_end(&cmd, &list);
	ok = mongoc_client_write_command_with_opts(c, db->name, &cmd, NULL,
	    &reply, e);
	bson_destroy(&reply);
	bson_destroy(&cmd);
	bson_destroy(key);
	return ok ? SB_OK : SB_ERR;
}

int
sb_db_ensure_indexes(const struct sb_db *db, mongoc_client_t *c,
    bson_error_t *e)
{
	for (size_t i = 0; i < SB_NELEM(indexes); i++) {
		/*
		 * Many workers start at once; on FerretDB two concurrent
		 * creations of one collection can collide, so retry briefly.
		 */
		int tries = 0;

		while (create_index(db, c, i, e) == -1) {
			if (sb_db_error_is_outage(e) || ++tries == 5)
				return SB_ERR;
			usleep(100000u * (unsigned)tries);
		}
	}
	return SB_OK;
}

/* Indexes an earlier release made that nothing reads any more. */
static const struct {
	const char	*coll;
	const char	*name;
} obsolete_indexes[] = {
	/* The queue before queue_key (store/kyc_doc.h): status_queue. */
	{ SB_COLL_KYC, "status_submitted" },
};

int
sb_db_drop_obsolete_indexes(const struct sb_conn *conn, bson_error_t *e)
{
	for (size_t i = 0; i < SB_NELEM(obsolete_indexes); i++) {
		bson_t	*cmd = BCON_NEW("dropIndexes",
		    BCON_UTF8(obsolete_indexes[i].coll),
		    "index", BCON_UTF8(obsolete_indexes[i].name));
		bson_t	 reply;
		bool	 ok = mongoc_client_write_command_with_opts(conn->client,
		    conn->db, cmd, NULL, &reply, e);

		bson_destroy(&reply);
		bson_destroy(cmd);
		/* Gone already, or never made (26: no collection, 27: no index). */
		if (!ok && e->code != 26 && e->code != 27)
			return SB_ERR;
	}
	return SB_OK;
}

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
		return -1;
	if (bson_iter_init_find(&it, d, "_id") && BSON_ITER_HOLDS_OID(&it))
		bson_oid_copy(bson_iter_oid(&it), &c->out[c->n++]);
	return 0;
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
		return -1;
	memset(&c->out[c->n], 0, sizeof(c->out[c->n]));
	c->read(d, &c->out[c->n++]);
	return 0;
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

#define INDEX_RETRY_US	2000000

int
sb_db_prepare(struct sb_db *db, bson_error_t *e)
{
	mongoc_client_t	*c;
	int64_t		 now;
	int		 rc;
	char		 q[256];

	if (db->indexes_ready)
		return SB_OK;
	now = sb_mono_us();
	if (now < db->next_index_try_us)
		return SB_OK;
	c = sb_db_pop(db);
	rc = sb_db_ensure_indexes(db, c, e);
	sb_db_push(db, c);
	if (rc == SB_OK) {
		db->indexes_ready = 1;
		sb_db_note(db, 1, NULL);
		sb_log(SB_LOG_INFO, "indexes_ready", NULL);
		return SB_OK;
	}
	db->next_index_try_us = now + INDEX_RETRY_US;
	if (sb_db_error_is_outage(e))
		return SB_ERR;
	sb_log(SB_LOG_ERROR, "indexes_failed", "detail=%s",
	    sb_log_quote(e->message, q, sizeof(q)));
	return SB_OK;
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
