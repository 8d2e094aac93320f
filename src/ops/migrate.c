/*
 * migrate.c -- the old layout to the new, one kyc_doc at a time.
 */
#include "config.h"
#include "ops/migrate.h"

#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/model.h"
#include "store/bsonx.h"
#include "store/kyc_doc.h"
#include "store/kyc_document.h"
#include "store/user.h"

/* The customer's name and email as they are now ("" when gone). */
static int
customer(const struct sb_conn *conn, const bson_t *kyc, struct sb_user *u,
    bson_error_t *e)
{
	bson_oid_t	uid;
	int		found;

	memset(u, 0, sizeof(*u));
	if (!sb_bson_oid(kyc, "user_id", &uid))
		return SB_OK;
	found = sb_user_by_id(conn, &uid, u, e);
	if (found == SB_NOTFOUND)
		memset(u, 0, sizeof(*u));
	return found == SB_ERR ? SB_ERR : SB_OK;
}

static int
migrate_one(const struct sb_conn *conn, const bson_oid_t *id, int *moved,
    bson_error_t *e)
{
	struct sb_document_new	 d;
	struct sb_user		 u;
	bson_t			 kyc;
	bson_iter_t		 it;
	bson_oid_t		 uid;
	char			 enc[16];
	uint32_t		 len;
	int			 found, rc = SB_OK;

	*moved = 0;
	if ((found = sb_kyc_find(conn, id, 1, &kyc, e)) != SB_FOUND) {
		bson_destroy(&kyc);
		return found == SB_ERR ? SB_ERR : SB_OK;	/* gone meanwhile */
	}
	if (customer(conn, &kyc, &u, e) == SB_ERR) {
		bson_destroy(&kyc);
		return SB_ERR;
	}
	if (!bson_iter_init_find(&it, &kyc, "document_data") ||
	    !BSON_ITER_HOLDS_UTF8(&it)) {
		rc = sb_kyc_set_layout(conn, id, NULL, NULL, 0, NULL, u.name,
		    u.email, e);
		bson_destroy(&kyc);
		return rc;
	}
	memset(&d, 0, sizeof(d));
	d.data = bson_iter_utf8(&it, &len);
	d.len = len;
	sb_bson_str(&kyc, "document_encoding", enc, sizeof(enc));
	/* Anything that is not base64 was kept as text (the seed's rule). */
	d.encoding = strcmp(enc, "base64") == 0 &&
	    sb_base64_decoded_len(d.data, d.len) >= 0 ? "base64" : "text";
	sb_bson_oid(&kyc, "user_id", &uid);
	d.id = id;
	d.user_id = &uid;
	d.at = sb_bson_date(&kyc, "submitted_at");
	/* Stored by an earlier, interrupted run: the same bytes, kept. */
	if (sb_kyc_document_insert(conn, &d, e) == SB_ERR &&
	    !sb_db_error_is_duplicate(e))
		rc = SB_ERR;
	else if ((rc = sb_kyc_set_layout(conn, id, d.encoding, d.media_type,
	    (int64_t)d.size, d.sha256, u.name, u.email, e)) == SB_OK)
		*moved = 1;
	bson_destroy(&kyc);
	return rc;
}

int
sb_migrate(const struct sb_conn *conn, int64_t max,
    struct sb_migrate_counts *n, bson_error_t *e)
{
	bson_oid_t	*ids = calloc((size_t)max, sizeof(*ids));
	int64_t		 count;
	int		 rc = SB_OK, moved;

	memset(n, 0, sizeof(*n));
	if (ids == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	if ((count = sb_kyc_old_layout(conn, ids, max, e)) == SB_ERR)
		rc = SB_ERR;
	for (int64_t i = 0; rc == SB_OK && i < count; i++) {
		if ((rc = migrate_one(conn, &ids[i], &moved, e)) == SB_OK) {
			if (moved)
				n->moved++;
			else
				n->named++;
		}
	}
	free(ids);
	return rc;
}
