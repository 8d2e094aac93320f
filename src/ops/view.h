/*
 * view.h -- an auditor reads a KYC: an audited read, the one kind of read
 * that changes state (it writes KYC_VIEWED).
 */
#ifndef SB_OPS_VIEW_H
#define SB_OPS_VIEW_H

#include "ops/audit.h"
#include "store/kyc_document.h"

/*
 * Read the KYC id for auditor: its kyc_doc into doc (initialised here; the
 * caller destroys it), one KYC_VIEWED entry with details.part (the part
 * read: "record" or "document"), then its document into v (release it with
 * sb_document_view_free()).  SB_FOUND; SB_NOTFOUND for no such KYC (then
 * nothing is audited); SB_ERR with e set, also for a KYC whose bytes are
 * gone, which must never be.
 */
int	sb_kyc_view(const struct sb_conn *, const struct sb_actor *auditor,
	    const bson_oid_t *id, const char *part, bson_t *doc,
	    struct sb_document_view *v, bson_error_t *);

#endif
