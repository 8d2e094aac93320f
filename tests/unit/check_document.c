/*
 * check_document.c -- base64 decoding and encoding (round trips, in
 * place), and what an identity document is by its first bytes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "base/base64.h"
#include "base/document.h"

static const struct {
	const char	*b64;
	const char	*raw;
	size_t		 len;
} pairs[] = {
	{ "", "", 0 },
	{ "Zg==", "f", 1 },
	{ "Zm8=", "fo", 2 },
	{ "Zm9v", "foo", 3 },
	{ "Zm9vYg==", "foob", 4 },
	{ "Zm9vYmE=", "fooba", 5 },
	{ "Zm9vYmFy", "foobar", 6 },		/* RFC 4648 section 10 */
	{ "AP8A/w==", "\x00\xff\x00\xff", 4 },
	{ "+/+/", "\xfb\xff\xbf", 3 },
};

START_TEST(test_decode_and_encode)
{
	const char	*b = pairs[_i].b64;
	uint8_t		 out[16];
	char		*enc;
	size_t		 n, elen;

	if (*b != '\0')
		ck_assert_int_eq(sb_base64_decoded_len(b, strlen(b)),
		    (ssize_t)pairs[_i].len);
	n = sb_base64_decode(b, strlen(b), out);
	ck_assert_uint_eq(n, pairs[_i].len);
	ck_assert(memcmp(out, pairs[_i].raw, n) == 0);
	enc = sb_base64_encode((const uint8_t *)pairs[_i].raw, pairs[_i].len,
	    &elen);
	ck_assert_ptr_nonnull(enc);
	ck_assert_str_eq(enc, b);
	ck_assert_uint_eq(elen, strlen(b));
	free(enc);
}
END_TEST

/* Decoding into its own buffer: what an upload does not need, but may. */
START_TEST(test_decode_in_place)
{
	char	buf[] = "SGVsbG8sIGlkZW50aXR5IGRvY3VtZW50IQ==";
	size_t	n = sb_base64_decode(buf, strlen(buf), (uint8_t *)buf);

	ck_assert_uint_eq(n, 25);
	ck_assert(memcmp(buf, "Hello, identity document!", 25) == 0);
}
END_TEST

/* Every length of random bytes survives the round trip. */
START_TEST(test_round_trip_lengths)
{
	uint8_t	raw[300], back[300];
	size_t	elen;

	for (size_t i = 0; i < sizeof(raw); i++)
		raw[i] = (uint8_t)(i * 131 + 7);
	for (size_t len = 0; len <= sizeof(raw); len++) {
		char *enc = sb_base64_encode(raw, len, &elen);

		ck_assert_ptr_nonnull(enc);
		ck_assert_int_eq(sb_base64_decoded_len(enc, elen) < 0 ? -1 :
		    sb_base64_decoded_len(enc, elen), len == 0 ? -1 :
		    (ssize_t)len);
		ck_assert_uint_eq(sb_base64_decode(enc, elen, back), len);
		ck_assert(memcmp(raw, back, len) == 0);
		free(enc);
	}
}
END_TEST

static const struct {
	const char	*bytes;
	size_t		 len;
	const char	*type;		/* NULL: not an identity document */
} sniffs[] = {
	{ "\xff\xd8\xff\xe0\x00\x10JFIF", 10, SB_MEDIA_JPEG },
	{ "\xff\xd8\xff\xdb", 4, SB_MEDIA_JPEG },
	{ "\x89PNG\r\n\x1a\n\x00\x00", 10, SB_MEDIA_PNG },
	{ "%PDF-1.7\n", 9, SB_MEDIA_PDF },
	{ "RIFF\x24\x00\x00\x00WEBPVP8 ", 16, SB_MEDIA_WEBP },
	{ "RIFF\x24\x00\x00\x00WAVEfmt ", 16, NULL },	/* audio, not WebP */
	{ "RIFF\x24\x00\x00", 7, NULL },		/* too short to tell */
	{ "\x89PNG\r\n\x1a", 7, NULL },			/* truncated magic */
	{ "\x7f" "ELF\x02\x01\x01", 7, NULL },
	{ "MZ\x90\x00", 4, NULL },
	{ "PK\x03\x04", 4, NULL },
	{ "\x1f\x8b\x08\x00", 4, NULL },
	{ "%PDF", 4, NULL },				/* no dash */
	{ "", 0, NULL },
	{ "plain words", 11, NULL },
};

START_TEST(test_sniff)
{
	const char *t = sb_document_sniff((const uint8_t *)sniffs[_i].bytes,
	    sniffs[_i].len);

	if (sniffs[_i].type == NULL)
		ck_assert_ptr_null(t);
	else
		ck_assert_str_eq(t, sniffs[_i].type);
}
END_TEST

START_TEST(test_media_type_and_serving)
{
	int shown;

	ck_assert_str_eq(sb_document_media_type((const uint8_t *)"MZ", 2, 0),
	    SB_MEDIA_OTHER);
	ck_assert_str_eq(sb_document_media_type((const uint8_t *)"MZ", 2, 1),
	    SB_MEDIA_TEXT);
	ck_assert_str_eq(sb_document_served_type(SB_MEDIA_PNG, &shown),
	    "image/png");
	ck_assert_int_eq(shown, 1);
	ck_assert_str_eq(sb_document_served_type(SB_MEDIA_TEXT, &shown),
	    "text/plain; charset=utf-8");
	ck_assert_int_eq(shown, 1);
	/* Only four types are shown as themselves. */
	ck_assert_str_eq(sb_document_served_type(SB_MEDIA_WEBP, &shown),
	    SB_MEDIA_OTHER);
	ck_assert_int_eq(shown, 0);
	ck_assert_str_eq(sb_document_served_type("text/html", &shown),
	    SB_MEDIA_OTHER);
	ck_assert_int_eq(shown, 0);
}
END_TEST

START_TEST(test_sha256)
{
	char hex[65];

	ck_assert_int_eq(sb_sha256_hex((const uint8_t *)"abc", 3, hex), SB_OK);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}
END_TEST

static Suite *
document_suite(void)
{
	Suite	*s = suite_create("document");
	TCase	*tc = tcase_create("bytes");

	tcase_add_loop_test(tc, test_decode_and_encode, 0, SB_NELEM(pairs));
	tcase_add_test(tc, test_decode_in_place);
	tcase_add_test(tc, test_round_trip_lengths);
	tcase_add_loop_test(tc, test_sniff, 0, SB_NELEM(sniffs));
	tcase_add_test(tc, test_media_type_and_serving);
	tcase_add_test(tc, test_sha256);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(document_suite)
