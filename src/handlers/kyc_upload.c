/*
 * kyc_upload.c -- POST /kyc/upload: a customer submits an identity
 * document.
 */
#include "config.h"

#include <string.h>

#include "base/model.h"
#include "handlers/handlers.h"
#include "http/request.h"
#include "ops/submission.h"

/* The parsed body's copy of the document, no longer needed once stored. */
static void
release_document_data(void *json)
{
	cJSON_DeleteItemFromObjectCaseSensitive(json, "document_data");
}

/*
 * POST /kyc/upload {document_type, document_number, document_data}
 * 200 {"message", "kyc_id", "status": "SUBMITTED"}; 409 "KYC already
 * submitted" / "KYC already approved"; 422 bad fields (the front line);
 * 503 database unreachable.  (401/403 come from the front line: customers
 * only.)
 */
int
sb_handle_kyc_upload(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_kyc_new	 k;
	bson_error_t		 e;
	char			 kyc_hex[SB_ID_HEX_LEN + 1];
	cJSON			*o;

	memset(&k, 0, sizeof(k));
	k.document_type = sb_input_get(&req->in, "document_type");
	k.document_number = sb_input_get(&req->in, "document_number");
	k.document_data = sb_input_get(&req->in, "document_data");
	k.encoding = sb_input_note(&req->in, "document_data");
	/* Once copied into the new document, the body's copy goes. */
	k.release_data = release_document_data;
	k.release_arg = req->json;
	switch (sb_submit(&conn, &req->user, req->remote_addr, &k, &e)) {
	case SB_SUBMIT_OK:
		break;
	case SB_SUBMIT_PENDING:
		return sb_reply_error(req, 409, "KYC already submitted");
	case SB_SUBMIT_APPROVED:
		return sb_reply_error(req, 409, "KYC already approved");
	default:
		return sb_reply_db_error(req, &e);
	}
	bson_oid_to_string(&k.id, kyc_hex);
	o = sb_req_object(req);
	cJSON_AddStringToObject(o, "message", "KYC uploaded successfully");
	cJSON_AddStringToObject(o, "kyc_id", kyc_hex);
	cJSON_AddStringToObject(o, "status", SB_KYC_SUBMITTED);
	return sb_reply_json(req, 200, o);
}
