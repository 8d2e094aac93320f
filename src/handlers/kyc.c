/*
 * kyc.c -- POST /kyc/upload: a customer submits an identity document.
 */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "followup.h"
#include "handlers/handlers.h"
#include "json.h"
#include "request.h"
#include "store/kyc.h"
#include "store/user.h"
#include "util.h"
#include "validate.h"

/*
 * document_data is base64 (decoded at most 5 MiB), or, as the seed allows,
 * plain text of at most 5 MiB; the stored record says which.  Returns the
 * encoding, or NULL after adding the reason to errs.  The length is
 * checked before anything is decoded.
 */
static const char *
check_document_data(const char *data, cJSON *errs)
{
	size_t	len = strlen(data);
	ssize_t	decoded;

	if (len == 0) {
		sb_verr_add(errs, "body", "document_data",
		    "String should have at least 1 character", "string_too_short");
		return NULL;
	}
	if (len > sb_base64_encoded_max(SB_DOCUMENT_MAX)) {
		sb_verr_add(errs, "body", "document_data",
		    "Document must be at most 5 MiB", "value_error");
		return NULL;
	}
	if ((decoded = sb_base64_decoded_len(data, len)) >= 0) {
		if ((size_t)decoded > SB_DOCUMENT_MAX) {
			sb_verr_add(errs, "body", "document_data",
			    "Document must be at most 5 MiB", "value_error");
			return NULL;
		}
		return "base64";
	}
	if (len > SB_DOCUMENT_MAX) {
		sb_verr_add(errs, "body", "document_data",
		    "Document must be at most 5 MiB", "value_error");
		return NULL;
	}
	if (!sb_text_clean(data, 1)) {
		sb_verr_add(errs, "body", "document_data",
		    "Text documents must not contain control characters",
		    "value_error");
		return NULL;
	}
	return "text";
}

/* The parsed body's copy of the document, no longer needed once stored. */
static void
release_document_data(void *json)
{
	cJSON_DeleteItemFromObjectCaseSensitive(json, "document_data");
}

/*
 * POST /kyc/upload {document_type, document_number, document_data}
 * 200 {"message", "kyc_id", "status": "SUBMITTED"}; 409 "KYC already
 * submitted" / "KYC already approved"; 422 bad fields; 503 database
 * unreachable.  (401/403 come from the front line: customers only.)
 */
int
sb_handle_kyc_upload(struct sb_req *req)
{
	struct sb_user		*u = &req->user;
	cJSON			*errs = cJSON_CreateArray(), *o;
	const char		*type, *number, *data, *enc = NULL, *msg;
	struct sb_kyc_new	 k;
	struct sb_conn		 conn;
	bson_error_t		 e;
	char			 status[16], kyc_hex[25];
	int64_t			 count;

	type = sb_json_string(req->json, "document_type", 1, errs);
	number = sb_json_string(req->json, "document_number", 1, errs);
	data = sb_json_string(req->json, "document_data", 1, errs);
	if (type != NULL && (msg = sb_valid_document_type(type)) != NULL) {
		sb_verr_add(errs, "body", "document_type", msg, "enum");
		type = NULL;
	}
	if (type != NULL && number != NULL &&
	    (msg = sb_valid_document_number(type, number)) != NULL)
		sb_verr_add(errs, "body", "document_number", msg, "value_error");
	if (data != NULL)
		enc = check_document_data(data, errs);
	/* No errors means every field is there; the NULL tests say so. */
	if (cJSON_GetArraySize(errs) > 0 || type == NULL || number == NULL ||
	    data == NULL || enc == NULL) {
		return sb_reply_invalid(req, errs);
	}
	cJSON_Delete(errs);

	/*
	 * The newest document is the truth about the user's KYC; the user's
	 * kyc_status follows it, and is mended here if a crash left it behind.
	 */
	conn = sb_req_conn(req);
	if (sb_kyc_latest(&conn, &u->id, &count, status, NULL, &e) == -1)
		goto dberr;
	if (strcmp(status, SB_KYC_SUBMITTED) == 0 ||
	    strcmp(status, SB_KYC_APPROVED) == 0) {
		if (strcmp(u->kyc_status, status) != 0 &&
		    sb_kyc_sync_user(&conn, &u->id, status, &e) == -1)
			goto dberr;
		return sb_reply_error(req, 409,
		    strcmp(status, SB_KYC_SUBMITTED) == 0 ?
		    "KYC already submitted" : "KYC already approved");
	}

	memset(&k, 0, sizeof(k));
	k.user_id = &u->id;
	k.document_type = type;
	k.document_number = number;
	k.document_data = data;
	k.encoding = enc;
	k.submitted_at = sb_now_ms();
	k.attempt = count;
	k.submitted_from = req->remote_addr;
	k.release_data = release_document_data;
	k.release_arg = req->json;	/* data is not used after this */
	if (sb_kyc_insert(&conn, &k, &e) == -1) {
		/* Another upload of this attempt won the race. */
		if (sb_db_error_is_duplicate(&e))
			return sb_reply_error(req, 409, "KYC already submitted");
		goto dberr;
	}
	bson_oid_to_string(&k.id, kyc_hex);
	/* Stored: should this fail, a sweep finishes it later. */
	if (sb_followup_submission(&conn, &k.id, &u->id, type, req->remote_addr,
	    k.submitted_at, 1, &e) == -1)
		goto dberr;

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "message", "KYC uploaded successfully");
	cJSON_AddStringToObject(o, "kyc_id", kyc_hex);
	cJSON_AddStringToObject(o, "status", SB_KYC_SUBMITTED);
	return sb_reply_json(req, 200, o);
dberr:
	return sb_reply_db_error(req, &e);
}
