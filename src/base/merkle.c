/*
 * merkle.c -- RFC 6962 / 9162 Merkle tree hashing, proofs and their
 * verification, over perfect subtrees that a callback provides.
 */
#include "config.h"
#include "base/merkle.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "base/model.h"

static void
sha256_2(uint8_t prefix, const uint8_t *a, size_t na, const uint8_t *b,
    size_t nb, uint8_t out[SB_HASH_LEN])
{
	EVP_MD_CTX	*c = EVP_MD_CTX_new();
	uint8_t		 md[EVP_MAX_MD_SIZE];
	unsigned	 len = 0;

	/*
	 * Into md first: out may be a or b.  Out of memory gives a hash of
	 * zeros, which no proof will match.
	 */
	memset(md, 0, sizeof(md));
	if (c != NULL && (EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(c, &prefix, 1) != 1 ||
	    EVP_DigestUpdate(c, a, na) != 1 ||
	    (nb > 0 && EVP_DigestUpdate(c, b, nb) != 1) ||
	    EVP_DigestFinal_ex(c, md, &len) != 1))
		memset(md, 0, sizeof(md));
	EVP_MD_CTX_free(c);
	memcpy(out, md, SB_HASH_LEN);
}

void
sb_merkle_leaf(const uint8_t *data, size_t n, uint8_t out[SB_HASH_LEN])
{
	sha256_2(0x00, data, n, NULL, 0, out);
}

void
sb_merkle_node(const uint8_t left[SB_HASH_LEN],
    const uint8_t right[SB_HASH_LEN], uint8_t out[SB_HASH_LEN])
{
	sha256_2(0x01, left, SB_HASH_LEN, right, SB_HASH_LEN, out);
}

/* The largest power of two below n (n >= 2). */
static uint64_t
split(uint64_t n)
{
	uint64_t k = 1;

	while ((k << 1) < n)
		k <<= 1;
	return k;
}

/* MTH(D[start:start+n]), n >= 1, from perfect subtrees. */
static int
range_hash(uint64_t start, uint64_t n, sb_merkle_get get, void *arg,
    uint8_t out[SB_HASH_LEN])
{
	uint8_t		l[SB_HASH_LEN], r[SB_HASH_LEN];
	uint64_t	k;
	unsigned	level = 0;

	if (n == 0)
		return SB_ERR;
	/* A power of two, aligned to itself: a perfect subtree. */
	if ((n & (n - 1)) == 0 && (start & (n - 1)) == 0) {
		while ((1ULL << level) < n)
			level++;
		return get(arg, level, start >> level, out);
	}
	k = split(n);
	if (range_hash(start, k, get, arg, l) == -1 ||
	    range_hash(start + k, n - k, get, arg, r) == -1)
		return SB_ERR;
	sb_merkle_node(l, r, out);
	return SB_OK;
}

int
sb_merkle_root(uint64_t size, sb_merkle_get get, void *arg,
    uint8_t out[SB_HASH_LEN])
{
	return size == 0 ? -1 : range_hash(0, size, get, arg, out);
}

struct proof {
	uint8_t		(*p)[SB_HASH_LEN];
	size_t		 n;
	sb_merkle_get	 get;
	void		*arg;
};

/* The hash of D[start:start+n] appended to the proof. */
static int
append(struct proof *pr, uint64_t start, uint64_t n)
{
	if (pr->n == SB_PROOF_MAX)
		return SB_ERR;
	return range_hash(start, n, pr->get, pr->arg, pr->p[pr->n++]);
}

static int
path(struct proof *pr, uint64_t m, uint64_t start, uint64_t n)
{
	uint64_t k;

	if (n == 1)
		return 0;
	k = split(n);
	if (m < k)
		return path(pr, m, start, k) == -1 ? -1 :
		    append(pr, start + k, n - k);
	return path(pr, m - k, start + k, n - k) == -1 ? -1 :
	    append(pr, start, k);
}

int
sb_merkle_inclusion(uint64_t index, uint64_t size, sb_merkle_get get,
    void *arg, uint8_t proof[][SB_HASH_LEN], size_t *n)
{
	struct proof pr = { proof, 0, get, arg };

	*n = 0;
	if (index >= size || path(&pr, index, 0, size) == -1)
		return SB_ERR;
	*n = pr.n;
	return SB_OK;
}

static int
subproof(struct proof *pr, uint64_t m, uint64_t start, uint64_t n, int whole)
{
	uint64_t k;

	if (m == n)
		return whole ? 0 : append(pr, start, n);
	k = split(n);
	if (m <= k)
		return subproof(pr, m, start, k, whole) == -1 ? -1 :
		    append(pr, start + k, n - k);
	return subproof(pr, m - k, start + k, n - k, 0) == -1 ? -1 :
	    append(pr, start, k);
}

int
sb_merkle_consistency(uint64_t from, uint64_t to, sb_merkle_get get,
    void *arg, uint8_t proof[][SB_HASH_LEN], size_t *n)
{
	struct proof pr = { proof, 0, get, arg };

	*n = 0;
	if (from == 0 || from > to || subproof(&pr, from, 0, to, 1) == -1)
		return SB_ERR;
	*n = pr.n;
	return SB_OK;
}

int
sb_merkle_verify_inclusion(uint64_t index, uint64_t size,
    const uint8_t leaf[SB_HASH_LEN], const uint8_t proof[][SB_HASH_LEN],
    size_t n, const uint8_t root[SB_HASH_LEN])
{
	uint8_t		r[SB_HASH_LEN];
	uint64_t	fn = index, sn = size - 1;

	if (index >= size)
		return 0;
	memcpy(r, leaf, SB_HASH_LEN);
	for (size_t i = 0; i < n; i++) {
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn) {
			sb_merkle_node(proof[i], r, r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			sb_merkle_node(r, proof[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && CRYPTO_memcmp(r, root, SB_HASH_LEN) == 0;
}

int
sb_merkle_verify_consistency(uint64_t from, uint64_t to,
    const uint8_t from_root[SB_HASH_LEN], const uint8_t to_root[SB_HASH_LEN],
    const uint8_t proof[][SB_HASH_LEN], size_t n)
{
	uint8_t		fr[SB_HASH_LEN], sr[SB_HASH_LEN];
	const uint8_t	*first;
	uint64_t	fn, sn;
	size_t		i = 0;

	if (from == 0 || from > to)
		return 0;
	if (from == to)
		return n == 0 &&
		    CRYPTO_memcmp(from_root, to_root, SB_HASH_LEN) == 0;
	/* A power of two: the old root is the proof's implicit first node. */
	if ((from & (from - 1)) == 0)
		first = from_root;
	else if (n == 0)
		return 0;
	else
		first = proof[i++];
	fn = from - 1;
	sn = to - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	memcpy(fr, first, SB_HASH_LEN);
	memcpy(sr, first, SB_HASH_LEN);
	for (; i < n; i++) {
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn) {
			sb_merkle_node(proof[i], fr, fr);
			sb_merkle_node(proof[i], sr, sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			sb_merkle_node(sr, proof[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && CRYPTO_memcmp(fr, from_root, SB_HASH_LEN) == 0 &&
	    CRYPTO_memcmp(sr, to_root, SB_HASH_LEN) == 0;
}
