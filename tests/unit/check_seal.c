/*
 * check_seal.c -- AES-256-GCM boxes and wrapped data keys: a known answer
 * (made with Python's cryptography package, a second implementation),
 * round trips of every size class, and a table of boxes that must not
 * open; the blind index and its normalisation.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "base/seal.h"

static const uint8_t key[32] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
	20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31 };
static const uint8_t id[12] = {
	100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111 };

/* nonce a0..ab, "A1234567" sealed as document_number of record id. */
static const char known_box[] = "a0a1a2a3a4a5a6a7a8a9aaab"
    "a7294e1e71fe3488dc9657a650b497ea33e534b05c83b8c9";

START_TEST(test_known_answer)
{
	uint8_t	box[64], out[64];
	size_t	n = check_unhex(known_box, box);

	ck_assert_int_eq(sb_unseal(key, id, "document_number", box, n, out), 0);
	ck_assert_int_eq(n - SB_SEAL_OVERHEAD, 8);
	ck_assert_mem_eq(out, "A1234567", 8);
}
END_TEST

/* What must not open: each a change to the known box or its context. */
enum change { FLIP_NONCE, FLIP_CIPHER, FLIP_TAG, TRUNCATE, SHORT, EMPTY,
    OTHER_FIELD, OTHER_RECORD, OTHER_KEY, NO_FIELD, LONG_FIELD };

static const enum change changes[] = { FLIP_NONCE, FLIP_CIPHER, FLIP_TAG,
    TRUNCATE, SHORT, EMPTY, OTHER_FIELD, OTHER_RECORD, OTHER_KEY, NO_FIELD,
    LONG_FIELD };

START_TEST(test_tampered_does_not_open)
{
	uint8_t		 box[64], out[64], k[32], rid[12];
	const char	*field = "document_number";
	size_t		 n = check_unhex(known_box, box);

	memcpy(k, key, sizeof(k));
	memcpy(rid, id, sizeof(rid));
	memset(out, 0x5a, sizeof(out));
	switch (changes[_i]) {
	case FLIP_NONCE:	box[0] ^= 1; break;
	case FLIP_CIPHER:	box[SB_NONCE_LEN + 3] ^= 0x80; break;
	case FLIP_TAG:		box[n - 1] ^= 1; break;
	case TRUNCATE:		n--; break;
	case SHORT:		n = SB_SEAL_OVERHEAD - 1; break;
	case EMPTY:		n = 0; break;
	case OTHER_FIELD:	field = "data"; break;
	case OTHER_RECORD:	rid[11] ^= 1; break;
	case OTHER_KEY:		k[0] ^= 1; break;
	case NO_FIELD:		field = ""; break;
	case LONG_FIELD:
		field = "a_field_name_longer_than_thirty_two_bytes";
		break;
	}
	ck_assert_int_eq(sb_unseal(k, rid, field, box, n, out), -1);
	/* Nothing of a failed open is left to read. */
	if (n >= SB_SEAL_OVERHEAD && changes[_i] != NO_FIELD &&
	    changes[_i] != LONG_FIELD)
		for (size_t i = 0; i < n - SB_SEAL_OVERHEAD; i++)
			ck_assert_int_eq(out[i], 0);
}
END_TEST

static const size_t sizes[] = { 0, 1, 15, 16, 17, 255, 4096, 65537,
    5 * 1024 * 1024 };

START_TEST(test_round_trip)
{
	size_t	 n = sizes[_i];
	uint8_t	*box = malloc(n + SB_SEAL_OVERHEAD), *plain = malloc(n + 1);
	uint8_t	*out = malloc(n + 1), *again = malloc(n + SB_SEAL_OVERHEAD);

	ck_assert_ptr_nonnull(box);
	ck_assert_ptr_nonnull(plain);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(again);
	for (size_t i = 0; i < n; i++)
		plain[i] = (uint8_t)(i * 7 + 3);
	memcpy(box + SB_NONCE_LEN, plain, n);
	ck_assert_int_eq(sb_seal(key, id, "data", box, n), 0);
	if (n >= 16)
		ck_assert_mem_ne(box + SB_NONCE_LEN, plain, 16);
	ck_assert_int_eq(sb_unseal(key, id, "data", box, n + SB_SEAL_OVERHEAD,
	    out), 0);
	if (n > 0)
		ck_assert_mem_eq(out, plain, n);
	/* A fresh nonce each time: the same bytes seal differently. */
	memcpy(again + SB_NONCE_LEN, plain, n);
	ck_assert_int_eq(sb_seal(key, id, "data", again, n), 0);
	ck_assert_mem_ne(again, box, SB_NONCE_LEN);
	free(box);
	free(plain);
	free(out);
	free(again);
}
END_TEST

START_TEST(test_wrapped_key)
{
	struct sb_kek	kek = { .id = "k1" }, other = { .id = "k2" };
	uint8_t		dek[SB_DEK_LEN], back[SB_DEK_LEN];
	uint8_t		wrapped[SB_WRAPPED_LEN], rid[12];

	memcpy(kek.key, key, sizeof(kek.key));
	memcpy(other.key, key, sizeof(other.key));
	other.key[31] ^= 0x40;
	memcpy(rid, id, sizeof(rid));
	ck_assert_int_eq(sb_dek_new(dek), 0);
	ck_assert_int_eq(sb_dek_wrap(&kek, id, dek, wrapped), 0);
	ck_assert_mem_ne(wrapped + SB_NONCE_LEN, dek, SB_DEK_LEN);
	ck_assert_int_eq(sb_dek_unwrap(&kek, id, wrapped, sizeof(wrapped),
	    back), 0);
	ck_assert_mem_eq(back, dek, SB_DEK_LEN);
	/* Another KEK, another record, another length: no key. */
	ck_assert_int_eq(sb_dek_unwrap(&other, id, wrapped, sizeof(wrapped),
	    back), -1);
	rid[0] ^= 1;
	ck_assert_int_eq(sb_dek_unwrap(&kek, rid, wrapped, sizeof(wrapped),
	    back), -1);
	ck_assert_int_eq(sb_dek_unwrap(&kek, id, wrapped, sizeof(wrapped) - 1,
	    back), -1);
	/* Sealed as a field, a key is not a wrapped key. */
	memcpy(wrapped + SB_NONCE_LEN, dek, SB_DEK_LEN);
	ck_assert_int_eq(sb_seal(kek.key, id, "data", wrapped, SB_DEK_LEN), 0);
	ck_assert_int_eq(sb_dek_unwrap(&kek, id, wrapped, sizeof(wrapped),
	    back), -1);
}
END_TEST

static const struct {
	const char	*type;
	const char	*number;
	const char	*same_as;	/* NULL: refused */
} indexes[] = {
	{ "passport", "A1234567", "A1234567" },
	{ "passport", "a1234567", "A1234567" },
	{ "passport", " A 123-4567 ", "A1234567" },
	{ "passport", "A.1234.567", "A1234567" },
	{ "passport", "", NULL },
	{ "passport", " - ", NULL },
	{ "passport", "A1234567890123456789012345678901234567890123456789"
	    "01234567890123456789012345678901234567890123456789012345678901"
	    "23456789", NULL },
};

START_TEST(test_blind_index)
{
	uint8_t	ik[32];
	char	got[65], want[65];

	for (size_t i = 0; i < sizeof(ik); i++)
		ik[i] = (uint8_t)(32 + i);
	if (indexes[_i].same_as == NULL) {
		ck_assert_int_eq(sb_blind_index(ik, indexes[_i].type,
		    indexes[_i].number, got), -1);
		return;
	}
	ck_assert_int_eq(sb_blind_index(ik, indexes[_i].type,
	    indexes[_i].number, got), 0);
	ck_assert_int_eq(sb_blind_index(ik, indexes[_i].type,
	    indexes[_i].same_as, want), 0);
	ck_assert_str_eq(got, want);
	/* HMAC-SHA256(ik, "passport:A1234567"), by Python's hmac module. */
	ck_assert_str_eq(got, "37f27db3086ee3814f50ba624951ba58"
	    "f0580cd4e8de624f3cc16b546d1f2018");
	/* The type is part of it: a PAN is not a passport. */
	ck_assert_int_eq(sb_blind_index(ik, "pan", indexes[_i].number,
	    want), 0);
	ck_assert_str_ne(got, want);
}
END_TEST

/* The record key: HMAC-SHA256, by Python's hmac module; each input counts. */
START_TEST(test_record_key)
{
	uint8_t	salt[SB_SALT_LEN], got[32], other[32], want[32];
	uint8_t	id2[12];

	memset(salt, 0x5a, sizeof(salt));
	ck_assert_int_eq(check_unhex("5e222d53fcc17f57dad0b1159a8c1b8b"
	    "77ffea1d932850d171adb71ecc22bcb9", want), 32);
	ck_assert_int_eq(sb_record_key(key, id, salt, got), 0);
	ck_assert_mem_eq(got, want, 32);
	salt[31] ^= 1;
	ck_assert_int_eq(sb_record_key(key, id, salt, other), 0);
	ck_assert_mem_ne(got, other, 32);
	salt[31] ^= 1;
	memcpy(id2, id, sizeof(id2));
	id2[0] ^= 1;
	ck_assert_int_eq(sb_record_key(key, id2, salt, other), 0);
	ck_assert_mem_ne(got, other, 32);
}
END_TEST

static Suite *
seal_suite(void)
{
	Suite	*s = suite_create("seal");
	TCase	*tc = tcase_create("seal");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_known_answer);
	tcase_add_loop_test(tc, test_tampered_does_not_open, 0,
	    SB_NELEM(changes));
	tcase_add_loop_test(tc, test_round_trip, 0, SB_NELEM(sizes));
	tcase_add_test(tc, test_wrapped_key);
	tcase_add_test(tc, test_record_key);
	tcase_add_loop_test(tc, test_blind_index, 0, SB_NELEM(indexes));
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(seal_suite)
