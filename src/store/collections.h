/*
 * collections.h -- the names of the collections and of the fields the
 * store alone relies on.  Private to src/store: no file above it names a
 * collection (tests/layers/check_layers.py enforces it).
 */
#ifndef SB_STORE_COLLECTIONS_H
#define SB_STORE_COLLECTIONS_H

#define SB_COLL_USER		"user"
#define SB_COLL_KYC		"kyc_doc"
#define SB_COLL_LOG		"user_log"
#define SB_COLL_DECISION	"kyc_decision"
#define SB_COLL_DOCUMENT	"kyc_document"	/* the bytes, by KYC id */
#define SB_COLL_UPLOAD		"kyc_upload"	/* uploads under way */
#define SB_COLL_AUDIT_LEAF	"audit_leaf"	/* the Merkle tree's leaves */
#define SB_COLL_AUDIT_NODE	"audit_node"	/* its completed subtrees */
#define SB_COLL_AUDIT_CHECKPOINT "audit_checkpoint" /* signed, by size */
#define SB_COLL_AUDIT_HEAD	"audit_head"	/* the latest checkpoint */
#define SB_COLL_LOGIN_FAILURE	"login_failure"
#define SB_COLL_LOGIN_LOCKOUT	"login_lockout"
#define SB_COLL_LOGIN_KNOWN	"login_known"	/* (user, address) that logged in */
#define SB_COLL_CUSTOMER_KEY	"customer_key"	/* customers' keys, records' salts */
#define SB_COLL_KYC_CLAIM	"kyc_claim"	/* one per claim taken, by generation */
#define SB_COLL_KYC_APPROVAL	"kyc_approval"	/* first approvals (four eyes) */
#define SB_COLL_WEBHOOK_ENDPOINT "webhook_endpoint" /* where events go */
#define SB_COLL_WEBHOOK_DELIVERY "webhook_delivery" /* what each is owed */

/*
 * A new user (from registration) or kyc_doc carries this mark until the
 * writes that follow its insert are done (ops/sweep.h).
 */
#define SB_FOLLOWUP_FIELD	"followup_pending"

#endif
