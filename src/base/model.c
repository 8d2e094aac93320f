/*
 * model.c -- the lists that model.h names.
 */
#include "config.h"
#include "base/model.h"

const char *const sb_audit_actions[] = {
	SB_AUDIT_USER_REGISTERED, SB_AUDIT_LOGIN_SUCCEEDED,
	SB_AUDIT_LOGIN_FAILED, SB_AUDIT_LOGIN_THROTTLED,
	SB_AUDIT_KYC_SUBMITTED, SB_AUDIT_KYC_VIEWED, SB_AUDIT_KYC_APPROVED,
	SB_AUDIT_KYC_REJECTED, SB_AUDIT_AUDITOR_CREATED, SB_AUDIT_USER_DISABLED,
	SB_AUDIT_KEYS_ROTATED, SB_AUDIT_CUSTOMER_CLOSED, SB_AUDIT_DOCUMENT_PURGED,
};
const unsigned sb_audit_nactions = SB_NELEM(sb_audit_actions);
