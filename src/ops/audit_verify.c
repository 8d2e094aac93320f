/*
 * audit_verify.c -- the audit trail against its Merkle tree (see
 * audit_verify.h).  Trusts nothing the tree stores but the leaves' order:
 * every leaf hash is recomputed from its entry, and the root from those.
 */
#include "config.h"
#include "ops/audit_verify.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "base/model.h"
#include "base/note.h"
#include "base/util.h"
#include "store/audit_checkpoint.h"
#include "store/audit_tree.h"
#include "store/bsonx.h"
#include "store/user_log.h"

static int
problem(struct sb_audit_check *c, int64_t seq, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
problem(struct sb_audit_check *c, int64_t seq, const char *fmt, ...)
{
	va_list ap;

	c->bad_seq = seq;
	va_start(ap, fmt);
	sb_verrf(c->problem, sizeof(c->problem), fmt, ap);
	va_end(ap);
	return SB_OK;
}

/* Perfect subtrees of the recomputed leaf hashes, for sb_merkle_root(). */
static int
subtree(void *arg, unsigned level, uint64_t index, uint8_t out[SB_HASH_LEN])
{
	const uint8_t	(*leaf)[SB_HASH_LEN] = arg;
	uint8_t		l[SB_HASH_LEN], r[SB_HASH_LEN];

	if (level == 0) {
		memcpy(out, leaf[index], SB_HASH_LEN);
		return SB_OK;
	}
	if (subtree(arg, level - 1, 2 * index, l) == -1 ||
	    subtree(arg, level - 1, 2 * index + 1, r) == -1)
		return SB_ERR;
	sb_merkle_node(l, r, out);
	return SB_OK;
}

/* Leaf seq against its entry; its recomputed hash into hash. */
static int
check_leaf(const struct sb_conn *conn, uint64_t seq, uint8_t hash[SB_HASH_LEN],
    struct sb_audit_check *c, bson_error_t *e)
{
	bson_oid_t	entry;
	bson_t		doc;
	bson_iter_t	it;
	uint8_t		stored[SB_HASH_LEN];
	char		hex[SB_ID_HEX_LEN + 1];
	int		found;

	if ((found = sb_audit_tree_leaf(conn, seq, &entry, stored, e)) ==
	    SB_ERR)
		return SB_ERR;
	if (found == SB_NOTFOUND)
		return problem(c, (int64_t)seq, "leaf missing");
	bson_oid_to_string(&entry, hex);
	if ((found = sb_user_log_find(conn, &entry, &doc, e)) != SB_FOUND) {
		bson_destroy(&doc);
		return found == SB_ERR ? SB_ERR :
		    problem(c, (int64_t)seq, "entry %s missing", hex);
	}
	if (sb_user_log_leaf_hash(&doc, hash) == SB_ERR ||
	    CRYPTO_memcmp(hash, stored, SB_HASH_LEN) != 0) {
		bson_destroy(&doc);
		return problem(c, (int64_t)seq, "entry %s modified", hex);
	}
	/* Its writer died after the leaf: the sweep notes the number. */
	if (!bson_has_field(&doc, "seq") &&
	    bson_has_field(&doc, "leaf_pending")) {
		c->pending_in_tree++;
		bson_destroy(&doc);
		return SB_OK;
	}
	if (!bson_iter_init_find(&it, &doc, "seq") ||
	    !BSON_ITER_HOLDS_INT64(&it) ||
	    bson_iter_int64(&it) != (int64_t)seq) {
		bson_destroy(&doc);
		return problem(c, (int64_t)seq, "entry %s out of order (its "
		    "seq is not %" PRIu64 ")", hex, seq);
	}
	bson_destroy(&doc);
	return SB_OK;
}

struct checkpoints {
	const struct sb_conn	*conn;
	struct sb_audit_check	*c;
	uint8_t			(*leaf)[SB_HASH_LEN];
	uint64_t		 prev;		/* size of the one before, or 0 */
	uint8_t			 prev_root[SB_HASH_LEN];
};

/* One stored checkpoint: signed by us, of the entries' root, consistent. */
static int
checkpoint_one(const bson_t *d, void *arg)
{
	struct checkpoints	*k = arg;
	struct sb_audit_check	*c = k->c;
	uint8_t			 root[SB_HASH_LEN], want[SB_HASH_LEN];
	uint8_t			 proof[SB_PROOF_MAX][SB_HASH_LEN];
	uint64_t		 size = 0;
	size_t			 n;
	bson_iter_t		 it;
	char			 note[SB_NOTE_MAX] = "";
	int64_t			 at_size = -1;

	if (bson_iter_init_find(&it, d, "size") && BSON_ITER_HOLDS_INT64(&it))
		at_size = bson_iter_int64(&it);
	sb_bson_str(d, "note", note, sizeof(note));
	if (!sb_checkpoint_verify(k->conn->signer, note, &size, root) ||
	    (int64_t)size != at_size) {
		problem(c, -1, "checkpoint %lld: not signed by our key "
		    "(forged or replaced)", (long long)at_size);
		return SB_STOP;
	}
	if (size > c->size) {
		problem(c, -1, "checkpoint %llu: beyond the tree (%llu leaves)",
		    (unsigned long long)size, (unsigned long long)c->size);
		return SB_STOP;
	}
	if (sb_merkle_root(size, subtree, k->leaf, want) == -1 ||
	    CRYPTO_memcmp(root, want, SB_HASH_LEN) != 0) {
		problem(c, -1, "checkpoint %llu: its root is not the entries' "
		    "(the log was rewritten below it)",
		    (unsigned long long)size);
		return SB_STOP;
	}
	if (k->prev > 0 && (sb_merkle_consistency(k->prev, size, subtree,
	    k->leaf, proof, &n) == -1 || !sb_merkle_verify_consistency(
	    k->prev, size, k->prev_root, root, proof, n))) {
		problem(c, -1, "checkpoint %llu: not consistent with checkpoint "
		    "%llu", (unsigned long long)size,
		    (unsigned long long)k->prev);
		return SB_STOP;
	}
	k->prev = size;
	memcpy(k->prev_root, root, SB_HASH_LEN);
	c->checkpoints++;
	c->checkpoint = size;
	return SB_NEXT;
}

static int
check_checkpoints(const struct sb_conn *conn, struct sb_audit_check *c,
    uint8_t (*leaf)[SB_HASH_LEN], bson_error_t *e)
{
	struct checkpoints k = { conn, c, leaf, 0, { 0 } };

	if (conn->signer == NULL)
		return problem(c, -1, "no audit signing key to check "
		    "checkpoints with");
	if (sb_audit_checkpoint_each(conn, checkpoint_one, &k, e) == SB_ERR &&
	    c->problem[0] == '\0')
		return SB_ERR;
	return SB_OK;
}

int
sb_audit_verify(const struct sb_conn *conn, struct sb_audit_check *c,
    bson_error_t *e)
{
	uint8_t		(*leaf)[SB_HASH_LEN] = NULL;
	int64_t		leaves, outside;
	int		rc = SB_OK;

	memset(c, 0, sizeof(*c));
	c->bad_seq = -1;
	if (sb_audit_tree_size(conn, &c->size, e) == SB_ERR ||
	    (leaves = sb_audit_tree_count(conn, e)) == SB_ERR ||
	    sb_user_log_counts(conn, &c->entries, &c->pending, e) == SB_ERR)
		return SB_ERR;
	/* A leaf beyond the first missing one: the tree has a hole. */
	if (leaves > (int64_t)c->size)
		return problem(c, (int64_t)c->size, "leaf missing");
	if (c->size > 0 && (leaf = calloc(c->size, SB_HASH_LEN)) == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	for (uint64_t seq = 0; rc == SB_OK && c->problem[0] == '\0' &&
	    seq < c->size; seq++)
		rc = check_leaf(conn, seq, leaf[seq], c, e);
	if (rc == SB_OK && c->problem[0] == '\0' && c->size > 0 &&
	    sb_merkle_root(c->size, subtree, leaf, c->root) == -1)
		rc = problem(c, -1, "the root could not be computed");
	if (rc == SB_OK && c->problem[0] == '\0')
		rc = check_checkpoints(conn, c, leaf, e);
	free(leaf);
	if (rc == SB_ERR || c->problem[0] != '\0')
		return rc;
	/* Every entry is a leaf, or awaits one. */
	outside = c->entries - (int64_t)c->size -
	    (c->pending - c->pending_in_tree);
	if (outside != 0)
		return problem(c, -1, "%lld entr%s in no leaf of the tree "
		    "(written around it)", (long long)outside,
		    outside == 1 ? "y" : "ies");
	return SB_OK;
}
