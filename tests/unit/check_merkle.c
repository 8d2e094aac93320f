/*
 * check_merkle.c -- RFC 6962 Merkle tree hashing against the reference
 * test vectors of the Certificate Transparency implementation (the eight
 * leaves, the roots of every size, inclusion and consistency proofs), and
 * every proof of trees up to 70 leaves verified, and refused when changed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "base/merkle.h"

static const char *const leaves_hex[] = { "", "00", "10", "2021", "3031",
    "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" };

static const char *const roots[] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

#define MAXLEAVES	70

/* A tree in memory: leaf hashes, perfect subtrees computed on demand. */
struct tree {
	uint8_t		leaf[MAXLEAVES][SB_HASH_LEN];
	uint64_t	n;
};

static int
get(void *arg, unsigned level, uint64_t index, uint8_t out[SB_HASH_LEN])
{
	const struct tree	*t = arg;
	uint8_t			 l[SB_HASH_LEN], r[SB_HASH_LEN];

	if (((index + 1) << level) > t->n)
		return -1;		/* not complete: never asked */
	if (level == 0) {
		memcpy(out, t->leaf[index], SB_HASH_LEN);
		return 0;
	}
	if (get(arg, level - 1, 2 * index, l) == -1 ||
	    get(arg, level - 1, 2 * index + 1, r) == -1)
		return -1;
	sb_merkle_node(l, r, out);
	return 0;
}

static void
rfc_tree(struct tree *t)
{
	uint8_t	buf[32];

	t->n = SB_NELEM(leaves_hex);
	for (size_t i = 0; i < t->n; i++)
		sb_merkle_leaf(buf, check_unhex(leaves_hex[i], buf), t->leaf[i]);
}

static void
assert_hashes(uint8_t (*got)[SB_HASH_LEN], size_t n, const char *const *want,
    size_t nwant)
{
	uint8_t h[SB_HASH_LEN];

	ck_assert_uint_eq(n, nwant);
	for (size_t i = 0; i < n; i++) {
		check_unhex(want[i], h);
		ck_assert_mem_eq(got[i], h, SB_HASH_LEN);
	}
}

START_TEST(test_roots)
{
	struct tree	t;
	uint8_t		root[SB_HASH_LEN], want[SB_HASH_LEN];

	rfc_tree(&t);
	t.n = (uint64_t)_i + 1;
	ck_assert_int_eq(sb_merkle_root(t.n, get, &t, root), 0);
	check_unhex(roots[_i], want);
	ck_assert_mem_eq(root, want, SB_HASH_LEN);
}
END_TEST

START_TEST(test_reference_proofs)
{
	static const char *const path0[] = {
	    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" };
	static const char *const path5[] = {
	    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" };
	static const char *const cons68[] = {
	    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" };
	static const char *const cons25[] = {
	    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" };
	struct tree	t;
	uint8_t		proof[SB_PROOF_MAX][SB_HASH_LEN];
	size_t		n;

	rfc_tree(&t);
	ck_assert_int_eq(sb_merkle_inclusion(0, 8, get, &t, proof, &n), 0);
	assert_hashes(proof, n, path0, 3);
	ck_assert_int_eq(sb_merkle_inclusion(5, 8, get, &t, proof, &n), 0);
	assert_hashes(proof, n, path5, 3);
	ck_assert_int_eq(sb_merkle_consistency(1, 8, get, &t, proof, &n), 0);
	assert_hashes(proof, n, path0, 3);
	ck_assert_int_eq(sb_merkle_consistency(6, 8, get, &t, proof, &n), 0);
	assert_hashes(proof, n, cons68, 3);
	ck_assert_int_eq(sb_merkle_consistency(2, 5, get, &t, proof, &n), 0);
	assert_hashes(proof, n, cons25, 2);
	ck_assert_int_eq(sb_merkle_consistency(8, 8, get, &t, proof, &n), 0);
	ck_assert_uint_eq(n, 0);
	/* Out of range: refused. */
	ck_assert_int_eq(sb_merkle_inclusion(8, 8, get, &t, proof, &n), -1);
	ck_assert_int_eq(sb_merkle_consistency(0, 8, get, &t, proof, &n), -1);
	ck_assert_int_eq(sb_merkle_consistency(5, 4, get, &t, proof, &n), -1);
	ck_assert_int_eq(sb_merkle_root(0, get, &t, proof[0]), -1);
}
END_TEST

/* Every proof of a tree of _i + 1 leaves verifies, and fails when changed. */
START_TEST(test_every_proof_verifies)
{
	struct tree	t;
	uint8_t		proof[SB_PROOF_MAX][SB_HASH_LEN];
	uint8_t		root[SB_HASH_LEN], old[SB_HASH_LEN], b[8];
	uint64_t	size = (uint64_t)_i + 1;
	size_t		n;

	t.n = MAXLEAVES;
	for (uint64_t i = 0; i < MAXLEAVES; i++) {
		memcpy(b, &i, sizeof(b));
		sb_merkle_leaf(b, sizeof(b), t.leaf[i]);
	}
	ck_assert_int_eq(sb_merkle_root(size, get, &t, root), 0);
	for (uint64_t m = 0; m < size; m++) {
		ck_assert_int_eq(sb_merkle_inclusion(m, size, get, &t, proof,
		    &n), 0);
		ck_assert(sb_merkle_verify_inclusion(m, size, t.leaf[m], proof,
		    n, root));
		/* Another leaf, another index, another tree: no. */
		ck_assert(!sb_merkle_verify_inclusion(m, size,
		    t.leaf[(m + 1) % MAXLEAVES], proof, n, root));
		if (size > 1)
			ck_assert(!sb_merkle_verify_inclusion((m + 1) % size,
			    size, t.leaf[m], proof, n, root));
		/* The next tree's root (a size the proof was not made for). */
		if (size < MAXLEAVES) {
			uint8_t next[SB_HASH_LEN];

			ck_assert_int_eq(sb_merkle_root(size + 1, get, &t,
			    next), 0);
			ck_assert(!sb_merkle_verify_inclusion(m, size + 1,
			    t.leaf[m], proof, n, next));
		}
		if (n > 0) {
			proof[n - 1][7] ^= 1;
			ck_assert(!sb_merkle_verify_inclusion(m, size,
			    t.leaf[m], proof, n, root));
		}
	}
	for (uint64_t from = 1; from <= size; from++) {
		ck_assert_int_eq(sb_merkle_root(from, get, &t, old), 0);
		ck_assert_int_eq(sb_merkle_consistency(from, size, get, &t,
		    proof, &n), 0);
		ck_assert(sb_merkle_verify_consistency(from, size, old, root,
		    proof, n));
		if (n > 0) {
			proof[0][0] ^= 0x80;
			ck_assert(!sb_merkle_verify_consistency(from, size,
			    old, root, proof, n));
			proof[0][0] ^= 0x80;
		}
		if (from < size)
			ck_assert(!sb_merkle_verify_consistency(from, size,
			    root, root, proof, n));
	}
}
END_TEST

static Suite *
merkle_suite(void)
{
	Suite	*s = suite_create("merkle");
	TCase	*tc = tcase_create("merkle");

	tcase_add_loop_test(tc, test_roots, 0, SB_NELEM(roots));
	tcase_add_test(tc, test_reference_proofs);
	tcase_add_loop_test(tc, test_every_proof_verifies, 0, MAXLEAVES);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(merkle_suite)
