/*
 * kyc_upload.c -- POST /kyc/upload: a customer submits an identity
 * document.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/model.h"
#include "base/reasons.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/input.h"
#include "http/request.h"
#include "ops/submission.h"
#include "store/user.h"

/* The parsed body's copy of the document, no longer needed once stored. */
static void
release_document_data(void *json)
{
	cJSON_DeleteItemFromObjectCaseSensitive(json, "document_data");
}

/*
 * POST /kyc/upload {document_type, document_number, document_data}
 * 200 {"message", "kyc_id", "status": "SUBMITTED"}; 409 "KYC already
 * submitted" / "KYC already approved"; 422 bad fields, or data that is
 * not a JPEG, PNG, WebP or PDF file or text (the front line), or a file
 * that is not whole and harmless (base/scan.h: after the quotas); 429 with
 * Retry-After past a quota; 503 database unreachable.  (401/403 come from
 * the front line: customers only.)
 */
int
sb_handle_kyc_upload(struct sb_req *req)
{
	struct sb_conn		 conn = sb_req_conn(req);
	struct sb_submission	 s;
	bson_error_t		 e;
	char			 kyc_hex[SB_ID_HEX_LEN + 1], retry[24];
	char			 final[256];
	cJSON			*o;
	int			 outcome;

	memset(&s, 0, sizeof(s));
	s.document_type = sb_input_get(&req->in, "document_type");
	s.document_number = sb_input_get(&req->in, "document_number");
	s.data = sb_input_get(&req->in, "document_data");
	s.len = strlen(s.data);
	s.encoding = sb_input_note(&req->in, "document_data");
	/* Once decoded into the stored record, the body's copy goes. */
	s.release_data = release_document_data;
	s.release_arg = req->json;
	outcome = sb_submit(&conn, req->cfg, req->user, req->remote_addr, &s,
	    &e);
	switch (outcome) {
	case SB_SUBMIT_OK:
		break;
	case SB_SUBMIT_PENDING:
		return sb_reply_error(req, 409, "KYC already submitted");
	case SB_SUBMIT_APPROVED:
		return sb_reply_error(req, 409, "KYC already approved");
	case SB_SUBMIT_FINAL:
		snprintf(final, sizeof(final), "Your KYC was rejected and cannot "
		    "be submitted again. %s", sb_reason_next_step(SB_KIND_FINAL));
		return sb_reply_error(req, 409, final);
	case SB_SUBMIT_BAD_DOCUMENT:
		return sb_reply_invalid1(req, "body", "document_data", s.invalid,
		    "value_error");
	case SB_SUBMIT_DAILY_QUOTA:
	case SB_SUBMIT_STORAGE_QUOTA:
		snprintf(retry, sizeof(retry), "%lld",
		    (long long)s.retry_after_s);
		sb_req_header(req, "Retry-After", retry);
		return sb_reply_error(req, 429,
		    outcome == SB_SUBMIT_DAILY_QUOTA ?
		    "Too many KYC submissions today; try again later" :
		    "KYC document storage quota reached");
	default:
		return sb_reply_db_error(req, &e);
	}
	bson_oid_to_string(&s.id, kyc_hex);
	o = sb_req_object(req);
	cJSON_AddStringToObject(o, "message", "KYC uploaded successfully");
	cJSON_AddStringToObject(o, "kyc_id", kyc_hex);
	cJSON_AddStringToObject(o, "status", SB_KYC_SUBMITTED);
	return sb_reply_json(req, 200, o);
}
