/*
 * db_index.c -- the indexes the service relies on: one table, created by
 * every worker at start-up (and again when the database comes back), and
 * those of earlier releases dropped by smartbank-admin migrate.
 */
#include "config.h"
#include "store/db.h"

#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/model.h"
#include "base/util.h"
#include "store/collections.h"

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
	/* Erasures due, and the auditors' list of those pending
	 * (ops/erasure.h). */
	{ .coll = SB_COLL_USER, .name = "erasure_due",
	  .key = "{\"erasure_pending\": 1, \"erase_after\": 1}" },
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
	/* One delivery per endpoint and event (store/webhook_delivery.h)... */
	{ .coll = SB_COLL_WEBHOOK_DELIVERY, .name = "endpoint_seq_unique",
	  .key = "{\"endpoint\": 1, \"seq\": 1}", .unique = 1 },
	/* ...and each endpoint's next one due, in order. */
	{ .coll = SB_COLL_WEBHOOK_DELIVERY, .name = "endpoint_status_seq",
	  .key = "{\"endpoint\": 1, \"status\": 1, \"seq\": 1}" },
	/* The auditors' list, newest first: all, by status, by endpoint. */
	{ .coll = SB_COLL_WEBHOOK_DELIVERY, .name = "time",
	  .key = "{\"created_at\": -1, \"_id\": -1}" },
	{ .coll = SB_COLL_WEBHOOK_DELIVERY, .name = "status_time",
	  .key = "{\"status\": 1, \"created_at\": -1, \"_id\": -1}" },
	{ .coll = SB_COLL_WEBHOOK_DELIVERY, .name = "endpoint_time",
	  .key = "{\"endpoint\": 1, \"created_at\": -1, \"_id\": -1}" },
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
