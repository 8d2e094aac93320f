/*
 * audit_checkpoint.c -- GET /audit/checkpoint: the latest signed
 * checkpoint of the audit tree, as text (C2SP tlog-checkpoint in a signed
 * note; ops/checkpoint.h).  Auditors only; a copy kept outside the bank is
 * what makes a rewrite of the whole log detectable.
 */
#include "config.h"

#include <string.h>

#include "base/model.h"
#include "base/note.h"
#include "handlers/handlers.h"
#include "handlers/request_db.h"
#include "http/request.h"
#include "store/audit_checkpoint.h"

/* 200 the note (text/plain); 404 "No checkpoint yet"; 503. */
int
sb_handle_audit_checkpoint(struct sb_req *req)
{
	struct sb_conn	conn = sb_req_conn(req);
	bson_error_t	e;
	uint64_t	size;
	char		note[SB_NOTE_MAX];
	int		found;

	if (sb_audit_checkpoint_latest(&conn, &size, &e) == SB_ERR)
		return sb_reply_db_error(req, &e);
	if (size == 0)
		return sb_reply_error(req, 404, "No checkpoint yet");
	if ((found = sb_audit_checkpoint_note(&conn, size, note, sizeof(note),
	    &e)) == SB_ERR)
		return sb_reply_db_error(req, &e);
	if (found == SB_NOTFOUND)
		return sb_reply_error(req, 404, "No checkpoint yet");
	return sb_reply_bytes(req, 200, "text/plain; charset=utf-8", note,
	    strlen(note));
}
