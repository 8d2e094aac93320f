/*
 * model.h -- the words of the domain, at the ground floor: role names, KYC
 * statuses, audit actions and limits; and the return conventions that
 * every layer above keeps.
 *
 * Return conventions, one per kind of function:
 *   actions     (insert, update, write, open, load)  SB_OK, or SB_ERR with
 *               the error (bson_error_t, message buffer) set;
 *   lookups     (find one, parse one)  SB_FOUND, SB_NOTFOUND, or SB_ERR;
 *   operations with several outcomes (log in, submit, decide)  one value
 *               of their enum (>= 0), or SB_ERR;
 *   iterations  (each, page)  the count seen (>= 0), or SB_ERR; the
 *               callback an iteration calls for each item returns
 *               SB_NEXT to go on or SB_STOP to end it there;
 *   predicates  1 true, 0 false;
 *   validators  NULL when good, else the message for the 422 item;
 *   front-line steps and handlers  the HTTP status already answered;
 *               a step that answered nothing returns SB_OK (0) to go on.
 * A variable holds one kind only: rc for actions, found for lookups, n for
 * counts, status for HTTP statuses.
 */
#ifndef SB_MODEL_H
#define SB_MODEL_H

#define SB_OK		0
#define SB_ERR		(-1)
#define SB_FOUND	1
#define SB_NOTFOUND	0
#define SB_NEXT		0
#define SB_STOP		(-1)

/* The number of elements of an array (never of a pointer). */
#define SB_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Roles, as stored in user.role and in tokens. */
#define SB_ROLE_NAME_CUSTOMER	"customer"
#define SB_ROLE_NAME_AUDITOR	"auditor"
/* Actors that are not users, in user_log.actor_role only. */
#define SB_ACTOR_ADMIN		"admin"
#define SB_ACTOR_ANONYMOUS	"anonymous"
#define SB_ACTOR_SYSTEM		"system"	/* the service's own rules */

/* KYC statuses, of a kyc_doc and of the user's kyc_status. */
#define SB_KYC_PENDING		"PENDING"
#define SB_KYC_SUBMITTED	"SUBMITTED"
#define SB_KYC_APPROVED		"APPROVED"
#define SB_KYC_REJECTED		"REJECTED"
#define SB_STATUS_LEN		16	/* bytes to hold any status or role */

/* Audit actions: every state change writes one user_log entry. */
#define SB_AUDIT_USER_REGISTERED	"USER_REGISTERED"
#define SB_AUDIT_LOGIN_SUCCEEDED	"LOGIN_SUCCEEDED"
#define SB_AUDIT_LOGIN_FAILED		"LOGIN_FAILED"
#define SB_AUDIT_LOGIN_THROTTLED	"LOGIN_THROTTLED"
#define SB_AUDIT_KYC_SUBMITTED		"KYC_SUBMITTED"
#define SB_AUDIT_KYC_VIEWED		"KYC_VIEWED"
#define SB_AUDIT_KYC_APPROVED		"KYC_APPROVED"
#define SB_AUDIT_KYC_REJECTED		"KYC_REJECTED"
#define SB_AUDIT_AUDITOR_CREATED	"AUDITOR_CREATED"
#define SB_AUDIT_USER_DISABLED		"USER_DISABLED"
#define SB_AUDIT_KEYS_ROTATED		"KEYS_ROTATED"
#define SB_AUDIT_CUSTOMER_CLOSED	"CUSTOMER_CLOSED"
#define SB_AUDIT_DOCUMENT_PURGED	"DOCUMENT_PURGED"
#define SB_AUDIT_LOGGED_OUT		"LOGGED_OUT"
#define SB_AUDIT_KYC_CLAIMED		"KYC_CLAIMED"
#define SB_AUDIT_KYC_RELEASED		"KYC_RELEASED"
#define SB_AUDIT_KYC_REOPENED		"KYC_REOPENED"
#define SB_AUDIT_KYC_FIRST_APPROVED	"KYC_FIRST_APPROVED"
#define SB_AUDIT_WEBHOOK_ADDED		"WEBHOOK_ADDED"
#define SB_AUDIT_WEBHOOK_DISABLED	"WEBHOOK_DISABLED"
#define SB_AUDIT_WEBHOOK_ROTATED	"WEBHOOK_SECRET_ROTATED"
#define SB_AUDIT_WEBHOOK_RESENT		"WEBHOOK_RESENT"
#define SB_AUDIT_PROFILE_UPDATED	"PROFILE_UPDATED"
#define SB_AUDIT_CONSENT_CHANGED	"CONSENT_CHANGED"
#define SB_AUDIT_DATA_EXPORTED		"DATA_EXPORTED"
#define SB_AUDIT_ERASURE_REQUESTED	"ERASURE_REQUESTED"
#define SB_AUDIT_CUSTOMER_ERASED	"CUSTOMER_ERASED"

/* Every audit action, for the audit log's filter. */
extern const char *const sb_audit_actions[];
extern const unsigned sb_audit_nactions;

/* Limits of the HTTP contract. */
#define SB_EMAIL_MAX		254	/* bytes */
#define SB_NAME_MAX		100	/* characters */
#define SB_PASSWORD_MAX		72	/* bytes: bcrypt's limit */
#define SB_REVIEW_NOTES_MAX	1000	/* characters */
#define SB_DOCUMENT_MAX		(5 * 1024 * 1024)	/* decoded bytes */
#define SB_PAGE_DEFAULT		50	/* items of a list page */
#define SB_PAGE_MAX		200
#define SB_ID_HEX_LEN		24	/* an ObjectId in hex */
#define SB_NUMBER_SHOWN		4	/* of a masked document number */

#endif
