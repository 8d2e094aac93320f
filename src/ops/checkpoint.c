/*
 * checkpoint.c -- signing and storing checkpoints of the audit tree.
 */
#include "config.h"
#include "ops/checkpoint.h"

#include "base/merkle.h"
#include "base/model.h"
#include "base/note.h"
#include "base/util.h"
#include "store/audit_checkpoint.h"
#include "store/audit_tree.h"

/* Per process: a worker serves one request at a time. */
static uint64_t	due;

void
sb_checkpoint_leaf_claimed(uint64_t seq)
{
	if ((seq + 1) % SB_CHECKPOINT_EVERY == 0)
		due = seq + 1;
}

uint64_t
sb_checkpoint_due(void)
{
	uint64_t size = due;

	due = 0;
	return size;
}

int
sb_checkpoint_at(const struct sb_conn *conn, uint64_t size, bson_error_t *e)
{
	struct sb_tree_reader t = { conn, e };
	uint8_t		root[SB_HASH_LEN];
	char		note[SB_NOTE_MAX];

	if (conn->signer == NULL) {
		bson_set_error(e, 0, 0, "no audit signing key");
		return SB_ERR;
	}
	if (sb_merkle_root(size, sb_audit_tree_get, &t, root) == -1)
		return SB_ERR;
	if (sb_checkpoint_sign(conn->signer, size, root, note,
	    sizeof(note)) == -1) {
		bson_set_error(e, 0, 0, "could not sign the checkpoint");
		return SB_ERR;
	}
	return sb_audit_checkpoint_put(conn, size, root, note, sb_now_ms(), e);
}

int
sb_checkpoint_now(const struct sb_conn *conn, uint64_t *made, bson_error_t *e)
{
	uint64_t size, latest;

	*made = 0;
	if (sb_audit_tree_size(conn, &size, e) == SB_ERR ||
	    sb_audit_checkpoint_latest(conn, &latest, e) == SB_ERR)
		return SB_ERR;
	if (size == 0 || size <= latest)
		return SB_OK;
	if (sb_checkpoint_at(conn, size, e) == SB_ERR)
		return SB_ERR;
	*made = size;
	return SB_OK;
}
