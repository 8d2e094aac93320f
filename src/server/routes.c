/*
 * routes.c -- the route table and the fields of each body.
 *
 * Every route the service answers is one row below, and every body field
 * it reads is one row of its route's field table.  The front line in
 * dispatch.c enforces the role, the body and the fields before a handler
 * runs; a handler reads checked values from req->in.
 */
#include "config.h"
#include "server/routes.h"

#include "base/model.h"
#include "handlers/handlers.h"
#include "http/input.h"

static const struct sb_field register_fields[] = {
	{ .name = "email", .required = 1, .type = "value_error",
	  .check = sb_check_email },
	{ .name = "password", .required = 1, .type = "value_error",
	  .check = sb_check_password },
	{ .name = "name", .required = 1, .type = "value_error",
	  .check = sb_check_name },
	{ .name = "phone", .required = 1, .type = "value_error",
	  .check = sb_check_phone },
	{ .name = NULL },
};

static const struct sb_field login_fields[] = {
	{ .name = "email", .required = 1, .type = "value_error",
	  .check = sb_check_login_email },
	{ .name = "password", .required = 1 },
	{ .name = "device_token", .required = 0, .type = "value_error",
	  .check = sb_check_device_token },
	{ .name = NULL },
};

static const struct sb_field upload_fields[] = {
	{ .name = "document_type", .required = 1, .type = "enum",
	  .check = sb_check_document_type },
	{ .name = "document_number", .required = 1, .type = "value_error",
	  .check = sb_check_document_number },
	/* (its kind of refusal depends on the reason: the check says) */
	{ .name = "document_data", .required = 1, .type = "value_error",
	  .check = sb_check_document_data },
	{ .name = NULL },
};

static const struct sb_field approve_fields[] = {
	{ .name = "review_notes", .required = 0, .type = "value_error",
	  .check = sb_check_review_notes },
	{ .name = "internal_note", .required = 0, .type = "value_error",
	  .check = sb_check_review_notes },
	{ .name = NULL },
};

static const struct sb_field reject_fields[] = {
	{ .name = "review_notes", .required = 0, .type = "value_error",
	  .check = sb_check_review_notes },
	{ .name = "reasons", .required = 0, .type = "enum",
	  .check = sb_check_reason, .list = 1 },
	{ .name = "kind", .required = 0, .type = "enum",
	  .check = sb_check_reject_kind },
	{ .name = "internal_note", .required = 0, .type = "value_error",
	  .check = sb_check_review_notes },
	{ .name = NULL },
};

const struct sb_route sb_routes[] = {
	{ .method = "GET", .pattern = "/healthz",
	  .role = SB_ROLE_PUBLIC, .body = SB_BODY_NONE,
	  .flags = SB_ROUTE_OWN_HEALTH,
	  .handler = sb_handle_healthz },
	{ .method = "POST", .pattern = "/auth/register",
	  .role = SB_ROLE_PUBLIC, .body = SB_BODY_JSON,
	  .fields = register_fields,
	  .handler = sb_handle_register },
	{ .method = "POST", .pattern = "/auth/login",
	  .role = SB_ROLE_PUBLIC, .body = SB_BODY_JSON,
	  .fields = login_fields,
	  .handler = sb_handle_login },
	{ .method = "POST", .pattern = "/auth/logout",
	  .role = SB_ROLE_USER, .body = SB_BODY_NONE,
	  .handler = sb_handle_logout },
	{ .method = "GET", .pattern = "/users/me",
	  .role = SB_ROLE_USER, .body = SB_BODY_NONE,
	  .handler = sb_handle_me },
	{ .method = "GET", .pattern = "/users/me/kyc-status",
	  .role = SB_ROLE_USER, .body = SB_BODY_NONE,
	  .handler = sb_handle_me_kyc_status },
	{ .method = "GET", .pattern = "/users/me/kyc",
	  .role = SB_ROLE_USER, .body = SB_BODY_NONE,
	  .handler = sb_handle_me_kyc },
	{ .method = "POST", .pattern = "/kyc/upload",
	  .role = SB_ROLE_CUSTOMER, .body = SB_BODY_JSON,
	  .forbidden = "Only customers can upload KYC",
	  .fields = upload_fields,
	  .handler = sb_handle_kyc_upload },
	{ .method = "GET", .pattern = "/kyc/pending",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can view pending KYCs",
	  .handler = sb_handle_kyc_pending },
	{ .method = "GET", .pattern = "/kyc/pending/summary",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can view pending KYCs",
	  .handler = sb_handle_kyc_pending_summary },
	{ .method = "GET", .pattern = "/kyc/search",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can search KYCs",
	  .handler = sb_handle_kyc_search },
	{ .method = "GET", .pattern = "/kyc/reject-reasons",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can view rejection reasons",
	  .handler = sb_handle_kyc_reject_reasons },
	{ .method = "POST", .pattern = "/kyc/claim-next",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can claim KYCs",
	  .handler = sb_handle_kyc_claim_next },
	{ .method = "GET", .pattern = "/kyc/{kyc_id}",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can view KYC details",
	  .handler = sb_handle_kyc_get },
	{ .method = "GET", .pattern = "/kyc/{kyc_id}/document",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can view KYC documents",
	  .handler = sb_handle_kyc_document },
	{ .method = "PUT", .pattern = "/kyc/{kyc_id}/approve",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_JSON_OPTIONAL,
	  .forbidden = "Only auditors can approve KYC",
	  .fields = approve_fields,
	  .handler = sb_handle_kyc_approve },
	{ .method = "PUT", .pattern = "/kyc/{kyc_id}/reject",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_JSON_OPTIONAL,
	  .forbidden = "Only auditors can reject KYC",
	  .fields = reject_fields,
	  .handler = sb_handle_kyc_reject },
	{ .method = "POST", .pattern = "/kyc/{kyc_id}/reopen",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can reopen KYC",
	  .handler = sb_handle_kyc_reopen },
	{ .method = "POST", .pattern = "/kyc/{kyc_id}/claim",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can claim KYCs",
	  .handler = sb_handle_kyc_claim },
	{ .method = "DELETE", .pattern = "/kyc/{kyc_id}/claim",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can claim KYCs",
	  .handler = sb_handle_kyc_release },
	{ .method = "GET", .pattern = "/audit/logs",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can view audit logs",
	  .handler = sb_handle_audit_logs },
	{ .method = "GET", .pattern = "/audit/checkpoint",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can view audit checkpoints",
	  .handler = sb_handle_audit_checkpoint },
	{ .method = "GET", .pattern = "/audit/proof/inclusion",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can read audit proofs",
	  .handler = sb_handle_audit_inclusion },
	{ .method = "GET", .pattern = "/audit/proof/consistency",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can read audit proofs",
	  .handler = sb_handle_audit_consistency },
	{ .method = "GET", .pattern = "/webhooks/deliveries",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can view webhook deliveries",
	  .handler = sb_handle_webhook_deliveries },
	{ .method = "POST", .pattern = "/webhooks/deliveries/{delivery_id}/resend",
	  .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE,
	  .forbidden = "Only auditors can resend webhook deliveries",
	  .handler = sb_handle_webhook_resend },
};
const size_t sb_nroutes = SB_NELEM(sb_routes);
