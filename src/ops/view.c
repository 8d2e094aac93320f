/*
 * view.c -- audited reads of a KYC.
 */
#include "config.h"
#include "ops/view.h"

#include "base/model.h"
#include "store/bsonx.h"
#include "store/kyc_doc.h"

int
sb_kyc_view(const struct sb_conn *conn, const struct sb_actor *auditor,
    const bson_oid_t *id, const char *part, bson_t *doc,
    struct sb_document_view *v, bson_error_t *e)
{
	bson_oid_t	uid;
	bson_t		details;
	char		hex[SB_ID_HEX_LEN + 1];
	int		found, rc;

	sb_document_view_init(v);
	if ((found = sb_kyc_find(conn, id, 1, doc, e)) != SB_FOUND)
		return found;
	bson_oid_to_string(id, hex);
	sb_bson_oid(doc, "user_id", &uid);
	SB_DETAILS(&details, { "kyc_id", hex }, { "part", part });
	rc = sb_audit(conn, auditor, SB_AUDIT_KYC_VIEWED, &uid, &details, e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	/* Purged by retention: the record stays, the scan is gone. */
	if (bson_has_field(doc, "document_purged_at"))
		return SB_FOUND;
	if ((found = sb_document_view(conn, doc, v, e)) == SB_NOTFOUND) {
		bson_set_error(e, 0, 0, "KYC %s has no document", hex);
		return SB_ERR;
	}
	return found;
}
