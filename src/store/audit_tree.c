/*
 * audit_tree.c -- audit_leaf and audit_node (see audit_tree.h).
 */
#include "config.h"
#include "store/audit_tree.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"

/*
 * The next number this process will try: its last claim + 1, never above
 * the tree's size.  Per process (a worker serves one request at a time).
 */
static uint64_t	next_guess;
static int	guessed;

static void
leaf_id(uint64_t seq, char out[24])
{
	snprintf(out, 24, "%" PRIu64, seq);
}

/* The document of coll with the string _id id.  As sb_db_find_one(). */
static int
read_hash(const bson_t *d, uint8_t out[SB_HASH_LEN])
{
	bson_iter_t	 it;
	bson_subtype_t	 st;
	const uint8_t	*p;
	uint32_t	 n;

	if (!bson_iter_init_find(&it, d, "hash") ||
	    !BSON_ITER_HOLDS_BINARY(&it))
		return 0;
	bson_iter_binary(&it, &st, &n, &p);
	if (n != SB_HASH_LEN)
		return 0;
	memcpy(out, p, SB_HASH_LEN);
	return 1;
}

int
sb_audit_tree_leaf(const struct sb_conn *conn, uint64_t seq, bson_oid_t *entry,
    uint8_t hash[SB_HASH_LEN], bson_error_t *e)
{
	bson_t	d;
	char	id[24];
	int	found;

	leaf_id(seq, id);
	found = sb_db_find_by_str(conn, SB_COLL_AUDIT_LEAF, id, NULL, &d, e);
	if (found == SB_FOUND && (!sb_bson_oid(&d, "entry", entry) ||
	    !read_hash(&d, hash))) {
		bson_set_error(e, 0, 0, "audit leaf %s is malformed", id);
		found = SB_ERR;
	}
	bson_destroy(&d);
	return found;
}

struct leaves {
	uint64_t	 from;
	size_t		 max;
	bson_oid_t	*entry;
	unsigned char	 have[100];
};

static int
one_leaf(const bson_t *d, void *arg)
{
	struct leaves	*l = arg;
	char		 id[24];
	uint64_t	 seq;
	char		*end;

	sb_bson_str(d, "_id", id, sizeof(id));
	seq = strtoull(id, &end, 10);
	if (*end == '\0' && seq >= l->from && seq - l->from < l->max &&
	    sb_bson_oid(d, "entry", &l->entry[seq - l->from]))
		l->have[seq - l->from] = 1;
	return SB_NEXT;
}

int64_t
sb_audit_tree_leaves(const struct sb_conn *conn, uint64_t from, size_t max,
    bson_oid_t *entry, bson_error_t *e)
{
	struct leaves	 l = { .from = from, .entry = entry };
	bson_t		 filter = BSON_INITIALIZER, in, list;
	bson_t		*opts = BCON_NEW("projection", "{", "entry",
	    BCON_INT32(1), "}");
	char		 id[24], key[24];
	size_t		 n;
	int64_t		 got;

	l.max = max < sizeof(l.have) ? max : sizeof(l.have);
	BSON_APPEND_DOCUMENT_BEGIN(&filter, "_id", &in);
	BSON_APPEND_ARRAY_BEGIN(&in, "$in", &list);
	for (size_t i = 0; i < l.max; i++) {
		leaf_id(from + i, id);
		snprintf(key, sizeof(key), "%zu", i);
		BSON_APPEND_UTF8(&list, key, id);
	}
	bson_append_array_end(&in, &list);
	bson_append_document_end(&filter, &in);
	got = sb_db_find_each(conn, SB_COLL_AUDIT_LEAF, &filter, opts,
	    one_leaf, &l, e);
	bson_destroy(&filter);
	bson_destroy(opts);
	if (got == SB_ERR)
		return SB_ERR;
	for (n = 0; n < l.max && l.have[n]; n++)
		;
	return (int64_t)n;
}

int64_t
sb_audit_tree_count(const struct sb_conn *conn, bson_error_t *e)
{
	bson_t	none = BSON_INITIALIZER;
	int64_t	n = sb_db_count(conn, SB_COLL_AUDIT_LEAF, &none, e);

	bson_destroy(&none);
	return n < 0 ? SB_ERR : n;
}

static int
leaf_exists(const struct sb_conn *conn, uint64_t seq, bson_error_t *e)
{
	bson_t	d;
	char	id[24];
	int	found;

	leaf_id(seq, id);
	found = sb_db_find_by_str(conn, SB_COLL_AUDIT_LEAF, id, NULL, &d, e);
	bson_destroy(&d);
	return found;
}

int
sb_audit_tree_size(const struct sb_conn *conn, uint64_t *size,
    bson_error_t *e)
{
	uint64_t	lo = 0, hi = 1;	/* leaves below lo exist; hi does not */
	int		found;

	/* Leaves have no gaps: double until one is missing, then halve. */
	for (;;) {
		if ((found = leaf_exists(conn, hi - 1, e)) == SB_ERR)
			return SB_ERR;
		if (found == SB_NOTFOUND)
			break;
		lo = hi;
		hi *= 2;
	}
	/* Leaf lo - 1 exists (or lo is 0); leaf hi - 1 does not. */
	while (lo + 1 < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if ((found = leaf_exists(conn, mid - 1, e)) == SB_ERR)
			return SB_ERR;
		if (found == SB_FOUND)
			lo = mid;
		else
			hi = mid;
	}
	*size = lo;
	return SB_OK;
}

/* The number of the leaf entry already has.  SB_FOUND/NOTFOUND/ERR. */
static int
leaf_of(const struct sb_conn *conn, const bson_oid_t *entry, uint64_t *seq,
    bson_error_t *e)
{
	bson_t	filter = BSON_INITIALIZER, d;
	char	id[24];
	int	found;

	BSON_APPEND_OID(&filter, "entry", entry);
	found = sb_db_find_one(conn, SB_COLL_AUDIT_LEAF, &filter, NULL, &d, e);
	bson_destroy(&filter);
	if (found == SB_FOUND) {
		char *end;

		sb_bson_str(&d, "_id", id, sizeof(id));
		*seq = strtoull(id, &end, 10);
		if (id[0] < '0' || id[0] > '9' || *end != '\0') {
			bson_set_error(e, 0, 0, "audit leaf %s is malformed", id);
			found = SB_ERR;
		}
	}
	bson_destroy(&d);
	return found;
}

int
sb_audit_tree_append(const struct sb_conn *conn, const bson_oid_t *entry,
    const uint8_t hash[SB_HASH_LEN], uint64_t *seq, bson_error_t *e)
{
	bson_oid_t	other;
	uint8_t		h[SB_HASH_LEN];
	char		id[24];
	int		rc, found;

	if (!guessed) {
		if (sb_audit_tree_size(conn, &next_guess, e) == SB_ERR)
			return SB_ERR;
		guessed = 1;
	}
	for (;;) {
		bson_t doc = BSON_INITIALIZER;

		leaf_id(next_guess, id);
		BSON_APPEND_UTF8(&doc, "_id", id);
		BSON_APPEND_OID(&doc, "entry", entry);
		BSON_APPEND_BINARY(&doc, "hash", BSON_SUBTYPE_BINARY, hash,
		    SB_HASH_LEN);
		rc = sb_db_insert(conn, SB_COLL_AUDIT_LEAF, &doc, e);
		bson_destroy(&doc);
		if (rc == SB_OK) {
			*seq = next_guess++;
			return SB_OK;
		}
		if (!sb_db_error_is_duplicate(e))
			return SB_ERR;
		/* Taken: by another entry (try the next), or ours already. */
		found = sb_audit_tree_leaf(conn, next_guess, &other, h, e);
		if (found == SB_ERR)
			return SB_ERR;
		if (found == SB_FOUND && !bson_oid_equal(&other, entry)) {
			next_guess++;
			continue;
		}
		if (found == SB_FOUND) {
			*seq = next_guess++;
			return SB_OK;
		}
		/* The number is free: the entry has its leaf elsewhere. */
		if ((found = leaf_of(conn, entry, seq, e)) == SB_ERR)
			return SB_ERR;
		if (found == SB_FOUND)
			return SB_OK;
		bson_set_error(e, 0, 0, "audit leaf %s refused, for no reason "
		    "found", id);
		return SB_ERR;
	}
}

int
sb_audit_tree_get(void *arg, unsigned level, uint64_t index,
    uint8_t out[SB_HASH_LEN])
{
	const struct sb_tree_reader *t = arg;

	return sb_audit_tree_node(t->conn, level, index, out, t->e) == SB_OK ?
	    0 : -1;
}

int
sb_audit_tree_node(const struct sb_conn *conn, unsigned level, uint64_t index,
    uint8_t out[SB_HASH_LEN], bson_error_t *e)
{
	bson_oid_t	entry;
	bson_t		d, *doc;
	uint8_t		l[SB_HASH_LEN], r[SB_HASH_LEN];
	char		id[48];
	int		found;

	if (level == 0) {
		found = sb_audit_tree_leaf(conn, index, &entry, out, e);
		if (found == SB_NOTFOUND)
			bson_set_error(e, 0, 404, "audit leaf %" PRIu64
			    " is missing", index);
		return found == SB_FOUND ? SB_OK : SB_ERR;
	}
	snprintf(id, sizeof(id), "%u/%" PRIu64, level, index);
	found = sb_db_find_by_str(conn, SB_COLL_AUDIT_NODE, id, NULL, &d, e);
	if (found == SB_FOUND && read_hash(&d, out)) {
		bson_destroy(&d);
		return SB_OK;
	}
	bson_destroy(&d);
	if (found == SB_ERR)
		return SB_ERR;
	/* First asked: from its two halves, then kept. */
	if (sb_audit_tree_node(conn, level - 1, 2 * index, l, e) == SB_ERR ||
	    sb_audit_tree_node(conn, level - 1, 2 * index + 1, r, e) ==
	    SB_ERR)
		return SB_ERR;
	sb_merkle_node(l, r, out);
	doc = BCON_NEW("_id", BCON_UTF8(id), "hash",
	    BCON_BIN(BSON_SUBTYPE_BINARY, out, SB_HASH_LEN));
	/* Two writers compute the same hash: the second is refused, fine. */
	if (sb_db_insert(conn, SB_COLL_AUDIT_NODE, doc, e) == SB_ERR &&
	    !sb_db_error_is_duplicate(e)) {
		bson_destroy(doc);
		return SB_ERR;
	}
	bson_destroy(doc);
	return SB_OK;
}
