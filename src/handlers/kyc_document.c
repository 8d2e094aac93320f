/*
 * kyc_document.c -- GET /kyc/{kyc_id}/document: the scan itself, as raw
 * bytes, for auditors (the front line has checked the role).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/document.h"
#include "base/model.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "handlers/review.h"
#include "http/page.h"
#include "http/request.h"
#include "ops/view.h"
#include "store/kyc_document.h"

/*
 * The bytes of an old-layout document (decoded from its base64, or its
 * text as it is) into a buffer the request keeps.  NULL: out of memory.
 */
static const uint8_t *
inline_bytes(struct sb_req *req, const struct sb_document_view *v,
    size_t *len)
{
	uint8_t *p;

	if (strcmp(v->encoding, "text") == 0) {
		*len = v->inline_len;
		return (const uint8_t *)v->inline_data;
	}
	if ((p = sb_req_keep(req, malloc(v->inline_len / 4 * 3 + 1))) == NULL)
		return NULL;
	*len = sb_base64_decode(v->inline_data, v->inline_len, p);
	return p;
}

/*
 * GET /kyc/{kyc_id}/document
 * 200 the bytes, with the sniffed Content-Type (image/jpeg, image/png,
 * application/pdf and text/plain; charset=utf-8 shown inline, anything
 * else application/octet-stream as an attachment), Content-Length, and a
 * sandboxing Content-Security-Policy; 404 "KYC not found"; 422 a
 * malformed id; 410 "Document purged" once retention purged it.  Audited
 * as KYC_VIEWED, part "document".
 */
int
sb_handle_kyc_document(struct sb_req *req)
{
	const struct sb_actor	 who = sb_req_actor(req);
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_document_view	 v;
	bson_oid_t		 id;
	bson_t			*doc = sb_req_bson(req);
	bson_error_t		 e;
	const uint8_t		*bytes;
	const char		*type;
	char			 hex[SB_ID_HEX_LEN + 1], disposition[64];
	size_t			 len;
	int			 status, found, shown;

	if ((status = sb_path_id(req, 0, "kyc_id", &id)) != SB_OK)
		return status;
	found = sb_kyc_view(&conn, &who, &id, "document", doc, &v, &e);
	if (found != SB_FOUND) {
		sb_document_view_free(&v);
		return found == SB_NOTFOUND ?
		    sb_reply_error(req, 404, "KYC not found") :
		    sb_reply_db_error(req, &e);
	}
	if (bson_has_field(doc, "document_purged_at")) {
		sb_document_view_free(&v);
		return sb_reply_error(req, 410, "Document purged");
	}
	len = v.size;
	bytes = v.inline_data != NULL ? inline_bytes(req, &v, &len) : v.bytes;
	if (bytes == NULL) {
		sb_document_view_free(&v);
		return sb_reply_error(req, 500, "Internal server error");
	}
	bson_oid_to_string(&id, hex);
	type = sb_document_served_type(v.media_type, &shown);
	snprintf(disposition, sizeof(disposition), shown ? "inline" :
	    "attachment; filename=\"kyc-%s\"", hex);
	sb_req_header(req, "Content-Disposition", disposition);
	/* A scan is data, never a page: no script, no plugin, no fetch. */
	sb_req_header(req, "Content-Security-Policy",
	    "sandbox; default-src 'none'");
	status = sb_reply_bytes(req, 200, type, bytes, len);
	sb_document_view_free(&v);
	return status;
}
