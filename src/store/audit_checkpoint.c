/*
 * audit_checkpoint.c -- audit_checkpoint and audit_head (see the header).
 */
#include "config.h"
#include "store/audit_checkpoint.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"

#define HEAD_ID	"checkpoint"

int
sb_audit_checkpoint_put(const struct sb_conn *conn, uint64_t size,
    const uint8_t root[SB_HASH_LEN], const char *note, int64_t at,
    bson_error_t *e)
{
	mongoc_collection_t	*coll;
	bson_t			*doc, *filter, *update, *opts;
	char			 id[24];
	bool			 ok;

	snprintf(id, sizeof(id), "%" PRIu64, size);
	doc = BCON_NEW("_id", BCON_UTF8(id), "size", BCON_INT64((int64_t)size),
	    "root", BCON_BIN(BSON_SUBTYPE_BINARY, root, SB_HASH_LEN),
	    "note", BCON_UTF8(note), "at", BCON_DATE_TIME(at));
	/* Never rewritten: a second writer of this size is refused. */
	if (sb_db_insert(conn, SB_COLL_AUDIT_CHECKPOINT, doc, e) == SB_ERR &&
	    !sb_db_error_is_duplicate(e)) {
		bson_destroy(doc);
		return SB_ERR;
	}
	bson_destroy(doc);
	filter = BCON_NEW("_id", BCON_UTF8(HEAD_ID));
	update = BCON_NEW("$max", "{", "size", BCON_INT64((int64_t)size), "}");
	opts = BCON_NEW("upsert", BCON_BOOL(true));
	coll = sb_db_coll(conn, SB_COLL_AUDIT_HEAD);
	ok = mongoc_collection_update_one(coll, filter, update, opts, NULL, e);
	/* Two first checkpoints at once: the second upsert is refused. */
	if (!ok && sb_db_error_is_duplicate(e))
		ok = mongoc_collection_update_one(coll, filter, update, NULL,
		    NULL, e);
	mongoc_collection_destroy(coll);
	bson_destroy(opts);
	bson_destroy(update);
	bson_destroy(filter);
	return ok ? SB_OK : SB_ERR;
}

int
sb_audit_checkpoint_latest(const struct sb_conn *conn, uint64_t *size,
    bson_error_t *e)
{
	bson_t		 d;
	bson_iter_t	 it;
	int		 found;

	*size = 0;
	found = sb_db_find_by_str(conn, SB_COLL_AUDIT_HEAD, HEAD_ID, NULL, &d,
	    e);
	if (found == SB_FOUND && bson_iter_init_find(&it, &d, "size") &&
	    BSON_ITER_HOLDS_INT64(&it) && bson_iter_int64(&it) > 0)
		*size = (uint64_t)bson_iter_int64(&it);
	bson_destroy(&d);
	return found == SB_ERR ? SB_ERR : SB_OK;
}

int
sb_audit_checkpoint_note(const struct sb_conn *conn, uint64_t size, char *out,
    size_t cap, bson_error_t *e)
{
	bson_t	d;
	char	id[24];
	int	found;

	snprintf(id, sizeof(id), "%" PRIu64, size);
	found = sb_db_find_by_str(conn, SB_COLL_AUDIT_CHECKPOINT, id, NULL, &d,
	    e);
	if (found == SB_FOUND)
		sb_bson_str(&d, "note", out, cap);
	bson_destroy(&d);
	return found;
}

int64_t
sb_audit_checkpoint_each(const struct sb_conn *conn,
    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *e)
{
	bson_t	 filter = BSON_INITIALIZER;
	bson_t	*opts = BCON_NEW("sort", "{", "size", BCON_INT32(1), "}");
	int64_t	 n = sb_db_find_each(conn, SB_COLL_AUDIT_CHECKPOINT, &filter,
	    opts, fn, arg, e);

	bson_destroy(opts);
	return n;
}
