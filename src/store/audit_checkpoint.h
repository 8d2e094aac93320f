/*
 * audit_checkpoint.h -- the signed checkpoints of the audit tree, stored by
 * tree size and never rewritten: audit_checkpoint {_id: "<size>", size,
 * root: binary(32), note: the signed note, at}, and audit_head {_id:
 * "checkpoint", size}, the latest size, raised with $max.  By _id only.
 * Return conventions: base/model.h.
 */
#ifndef SB_STORE_AUDIT_CHECKPOINT_H
#define SB_STORE_AUDIT_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/merkle.h"
#include "store/db.h"

/*
 * Store the checkpoint of size (one there already stays: SB_OK), then
 * raise the latest size to it.  SB_OK or SB_ERR.
 */
int	sb_audit_checkpoint_put(const struct sb_conn *, uint64_t size,
	    const uint8_t root[SB_HASH_LEN], const char *note, int64_t at,
	    bson_error_t *);
/* The latest checkpoint's size (0: none).  SB_OK or SB_ERR. */
int	sb_audit_checkpoint_latest(const struct sb_conn *, uint64_t *size,
	    bson_error_t *);
/* The note of the checkpoint of size into out.  SB_FOUND/NOTFOUND/ERR. */
int	sb_audit_checkpoint_note(const struct sb_conn *, uint64_t size,
	    char *out, size_t cap, bson_error_t *);
/* Every checkpoint ({size, root, note}), by size, to fn.  Count or ERR. */
int64_t	sb_audit_checkpoint_each(const struct sb_conn *,
	    int (*fn)(const bson_t *, void *), void *arg, bson_error_t *);

#endif
