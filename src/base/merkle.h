/*
 * merkle.h -- the Merkle tree hashing of RFC 6962 / RFC 9162 (section 2.1):
 * leaf hash SHA-256(0x00 || leaf), interior node SHA-256(0x01 || left ||
 * right); the root of a tree of any size, inclusion and consistency proofs,
 * and their verification.
 *
 * The tree itself is not held here: every hash these functions need is a
 * perfect subtree -- 2^level leaves starting at index * 2^level -- asked of
 * a callback, so that a store can answer from hashes it keeps by id and a
 * proof costs O(log n) lookups.
 */
#ifndef SB_MERKLE_H
#define SB_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define SB_HASH_LEN	32
#define SB_PROOF_MAX	64	/* hashes in a proof of a tree of < 2^63 */

/*
 * The hash of the perfect subtree (level, index) into out.  SB_OK, or
 * SB_ERR when it cannot be had (the proof then fails).
 */
typedef int	(*sb_merkle_get)(void *arg, unsigned level, uint64_t index,
		    uint8_t out[SB_HASH_LEN]);

void	sb_merkle_leaf(const uint8_t *, size_t n, uint8_t out[SB_HASH_LEN]);
void	sb_merkle_node(const uint8_t left[SB_HASH_LEN],
	    const uint8_t right[SB_HASH_LEN], uint8_t out[SB_HASH_LEN]);

/* MTH(D[0:size]) into out; size > 0.  SB_OK, or SB_ERR. */
int	sb_merkle_root(uint64_t size, sb_merkle_get, void *arg,
	    uint8_t out[SB_HASH_LEN]);
/*
 * PATH(index, D[0:size]) (RFC 6962 2.1.1), leaf level first, into proof;
 * its length into *n.  index < size.  SB_OK, or SB_ERR.
 */
int	sb_merkle_inclusion(uint64_t index, uint64_t size, sb_merkle_get,
	    void *arg, uint8_t proof[][SB_HASH_LEN], size_t *n);
/*
 * PROOF(from, D[0:to]) (RFC 6962 2.1.2) into proof; 0 < from <= to.
 * SB_OK, or SB_ERR.
 */
int	sb_merkle_consistency(uint64_t from, uint64_t to, sb_merkle_get,
	    void *arg, uint8_t proof[][SB_HASH_LEN], size_t *n);

/* RFC 9162 2.1.3.2: does leaf (its hash) sit at index of the tree root? */
int	sb_merkle_verify_inclusion(uint64_t index, uint64_t size,
	    const uint8_t leaf[SB_HASH_LEN], const uint8_t proof[][SB_HASH_LEN],
	    size_t n, const uint8_t root[SB_HASH_LEN]);
/* RFC 9162 2.1.4.2: does the tree of size to extend the one of size from? */
int	sb_merkle_verify_consistency(uint64_t from, uint64_t to,
	    const uint8_t from_root[SB_HASH_LEN],
	    const uint8_t to_root[SB_HASH_LEN],
	    const uint8_t proof[][SB_HASH_LEN], size_t n);

#endif
