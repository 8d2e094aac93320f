/*
 * check_validate.c -- the field validators, good and bad side by side.
 */
#include "config.h"

#include <string.h>

#include "check_main.h"
#include "base/base64.h"
#include "base/validate.h"

static const struct {
	const char	*in;
	const char	*stored;	/* NULL: refused */
} emails[] = {
	{ "customer@example.com", "customer@example.com" },
	{ "  Customer@Example.COM\t", "customer@example.com" },
	{ "first.last+tag@sub.example.co.in", "first.last+tag@sub.example.co.in" },
	{ "o'brien@example.ie", "o'brien@example.ie" },
	{ "a@b.co", "a@b.co" },
	{ "x@my-bank.example", "x@my-bank.example" },
	{ "", NULL },
	{ "   ", NULL },
	{ "plainaddress", NULL },
	{ "@example.com", NULL },
	{ "a@", NULL },
	{ "a@@example.com", NULL },
	{ "a@b@example.com", NULL },
	{ "a@example", NULL },
	{ "a@example.c", NULL },
	{ "a@example.c0m", NULL },
	{ "a@-example.com", NULL },
	{ "a@example-.com", NULL },
	{ "a@exa_mple.com", NULL },
	{ "a@example..com", NULL },
	{ ".a@example.com", NULL },
	{ "a.@example.com", NULL },
	{ "a..b@example.com", NULL },
	{ "a b@example.com", NULL },
	{ "a\"b@example.com", NULL },
	{ "a(b)@example.com", NULL },
	{ "j\xc3\xa9@example.com", NULL },
	{ "a@example.com\nBcc: x@y.com", NULL },
};

START_TEST(test_email)
{
	char		 out[SB_EMAIL_MAX + 1];
	const char	*msg = sb_valid_email(emails[_i].in, out);

	if (emails[_i].stored == NULL) {
		ck_assert_msg(msg != NULL, "accepted \"%s\"", emails[_i].in);
	} else {
		ck_assert_msg(msg == NULL, "refused \"%s\": %s", emails[_i].in,
		    msg);
		ck_assert_str_eq(out, emails[_i].stored);
	}
}
END_TEST

START_TEST(test_email_lengths)
{
	char	in[400], out[SB_EMAIL_MAX + 1];

	/* 254 characters: accepted; 255: refused. 64-character local part. */
	memset(in, 'a', 64);
	strcpy(in + 64, "@");
	memset(in + 65, 'b', 60);
	strcpy(in + 125, ".");
	memset(in + 126, 'c', 60);
	strcpy(in + 186, ".");
	memset(in + 187, 'd', 63);
	strcpy(in + 250, ".com");
	ck_assert_uint_eq(strlen(in), 254);
	ck_assert_ptr_null(sb_valid_email(in, out));
	in[64] = 'a';	/* a 65-character local part is refused too */
	memmove(in + 65, in + 64, strlen(in + 64) + 1);
	in[65] = '@';
	ck_assert_ptr_nonnull(sb_valid_email(in, out));
}
END_TEST

START_TEST(test_password)
{
	char pw[100];

	ck_assert_ptr_null(sb_valid_password("securepass123", 8));
	ck_assert_ptr_null(sb_valid_password("12345678", 8));
	ck_assert_ptr_nonnull(sb_valid_password("1234567", 8));
	ck_assert_ptr_nonnull(sb_valid_password("", 8));
	ck_assert_ptr_nonnull(sb_valid_password("12345678", 12));
	memset(pw, 'x', 72);
	pw[72] = '\0';
	ck_assert_ptr_null(sb_valid_password(pw, 8));
	pw[72] = 'x';
	pw[73] = '\0';
	ck_assert_str_eq(sb_valid_password(pw, 8),
	    "Password must be at most 72 bytes");
	/* Bytes, not characters: 37 two-byte characters are 74 bytes. */
	for (int i = 0; i < 37; i++)
		memcpy(pw + 2 * i, "\xc3\xa9", 2);
	pw[74] = '\0';
	ck_assert_ptr_nonnull(sb_valid_password(pw, 8));
}
END_TEST

static const struct {
	const char	*in;
	const char	*stored;
} names[] = {
	{ "John Doe", "John Doe" },
	{ "  John Doe  ", "John Doe" },
	{ "J", "J" },
	{ "Jos\xc3\xa9 Garc\xc3\xad" "a", "Jos\xc3\xa9 Garc\xc3\xad" "a" },
	{ "\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xae", "\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xae" },
	{ "O'Neil-Smith Jr.", "O'Neil-Smith Jr." },
	{ "", NULL },
	{ "   ", NULL },
	{ "John\nDoe", NULL },
	{ "John\tDoe", NULL },
	{ "John\x7f", NULL },
	{ "John\xc2\x85", NULL },		/* U+0085, a C1 control */
	{ "Jo\xc3", NULL },
	{ "\xed\xa0\x80", NULL },
	/* What draws otherwise than it reads (issue 25). */
	{ "Mallory\xe2\x80\xaeyrollaM", NULL },	/* U+202E right-to-left override */
	{ "Eve\xe2\x81\xa6x", NULL },		/* U+2066 left-to-right isolate */
	{ "Eve\xe2\x80\x8f", NULL },		/* U+200F right-to-left mark */
	{ "Line\xe2\x80\xa8Two", NULL },	/* U+2028 line separator */
	{ "Para\xe2\x80\xa9Two", NULL },	/* U+2029 paragraph separator */
	{ "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b", NULL },	/* U+200B only */
	{ "\xe3\x85\xa4", NULL },		/* U+3164 Hangul filler only */
	{ "\xc2\xa0\xe3\x80\x80", NULL },	/* no-break and ideographic spaces */
	/* Joiners inside real names are fine. */
	{ "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7",
	  "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7" },	/* with U+200D */
	{ "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf" },	/* Arabic */
};

START_TEST(test_name)
{
	char		 out[4 * SB_NAME_MAX + 1];
	const char	*msg = sb_valid_name(names[_i].in, out);

	if (names[_i].stored == NULL) {
		ck_assert_msg(msg != NULL, "accepted case %d", _i);
	} else {
		ck_assert_msg(msg == NULL, "refused case %d: %s", _i, msg);
		ck_assert_str_eq(out, names[_i].stored);
	}
}
END_TEST

START_TEST(test_name_length)
{
	char	in[1000], out[4 * SB_NAME_MAX + 1];

	memset(in, 'n', 100);
	in[100] = '\0';
	ck_assert_ptr_null(sb_valid_name(in, out));
	in[100] = 'n';
	in[101] = '\0';
	ck_assert_ptr_nonnull(sb_valid_name(in, out));
	/* 100 characters of three bytes each: 300 bytes, still fine. */
	for (int i = 0; i < 100; i++)
		memcpy(in + 3 * i, "\xe0\xa4\xb0", 3);
	in[300] = '\0';
	ck_assert_ptr_null(sb_valid_name(in, out));
	memset(in, 'n', 999);
	in[999] = '\0';
	ck_assert_ptr_nonnull(sb_valid_name(in, out));
}
END_TEST

static const struct {
	const char	*in;
	int		 ok;
} phones[] = {
	{ "+919876543210", 1 },
	{ "+14155552671", 1 },
	{ "+12345678", 1 },
	{ "+123456789012345", 1 },
	{ "+1234567", 0 },
	{ "+1234567890123456", 0 },
	{ "919876543210", 0 },
	{ "+0123456789", 0 },
	{ "+91 98765 43210", 0 },
	{ "+91-9876543210", 0 },
	{ "+", 0 },
	{ "", 0 },
	{ "+91987654321a", 0 },
	{ "++919876543210", 0 },
};

START_TEST(test_phone)
{
	ck_assert_msg((sb_valid_phone(phones[_i].in) == NULL) == phones[_i].ok,
	    "%s", phones[_i].in);
}
END_TEST

static const struct {
	const char	*type, *number;
	int		 ok, real;
} documents[] = {
	/* type, number, good format, good number (strict) */
	{ "aadhar", "1234-5678-9012", 1, 0 },	/* the seed's: fails Verhoeff */
	{ "aadhar", "1234 5678 9012", 1, 0 },
	{ "aadhar", "123456789012", 1, 0 },
	{ "aadhar", "234123412346", 1, 1 },	/* a valid check digit */
	{ "aadhar", "2341 2341 2346", 1, 1 },
	{ "aadhar", "2341-2341-2346", 1, 1 },
	{ "aadhar", "234123412347", 1, 0 },	/* the check digit off by one */
	{ "aadhar", "012345678901", 1, 0 },	/* never starts with 0 or 1 */
	{ "aadhar", "1234-5678 9012", 0, 0 },	/* two styles */
	{ "aadhar", "12345678 9012", 0, 0 },	/* separated in part */
	{ "aadhar", "1234 56789012", 0, 0 },
	{ "aadhar", "12345678901", 0, 0 },
	{ "aadhar", "1234567890123", 0, 0 },
	{ "aadhar", "1234--5678-9012", 0, 0 },
	{ "aadhar", "abcd-5678-9012", 0, 0 },
	{ "aadhar", "", 0, 0 },
	{ "pan", "ABCDE1234F", 1, 0 },		/* D names no holder type */
	{ "pan", "ABCPE1234F", 1, 1 },		/* P: a person */
	{ "pan", "AAACB1234K", 1, 1 },		/* C: a company */
	{ "pan", "abcde1234f", 0, 0 },
	{ "pan", "ABCD1234F", 0, 0 },
	{ "pan", "ABCDE12345", 0, 0 },
	{ "passport", "A1234567", 1, 1 },
	{ "passport", "12345678", 0, 0 },
	{ "passport", "A123456", 0, 0 },
	{ "driving_license", "MH14 20110062821", 1, 1 },
	{ "driving_license", "MH-14-20110062821", 1, 1 },
	{ "driving_license", "DL-0420110149646", 1, 1 },
	{ "driving_license", "KA0120190012345", 1, 1 },
	{ "driving_license", "XX0120190012345", 1, 0 },	/* no such state */
	{ "driving_license", "MH 14-20110062821", 0, 0 },	/* two styles */
	{ "driving_license", "MH 1420110062821", 1, 1 },
	{ "driving_license", "MH14 2011006282", 0, 0 },
	{ "driving_license", "M14 20110062821", 0, 0 },
	{ "voter_id", "ABC1234567", 1, 1 },
	{ "voter_id", "AB12345678", 0, 0 },
	{ "voter_id", "ABC123456", 0, 0 },
};

START_TEST(test_document_number)
{
	ck_assert_msg((sb_valid_document_number(documents[_i].type,
	    documents[_i].number, 0) == NULL) == documents[_i].ok, "%s %s",
	    documents[_i].type, documents[_i].number);
	ck_assert_msg((sb_valid_document_number(documents[_i].type,
	    documents[_i].number, 1) == NULL) == documents[_i].real, "%s %s "
	    "(strict)", documents[_i].type, documents[_i].number);
}
END_TEST

START_TEST(test_document_type)
{
	ck_assert_ptr_null(sb_valid_document_type("aadhar"));
	ck_assert_ptr_null(sb_valid_document_type("pan"));
	ck_assert_ptr_null(sb_valid_document_type("passport"));
	ck_assert_ptr_null(sb_valid_document_type("driving_license"));
	ck_assert_ptr_null(sb_valid_document_type("voter_id"));
	ck_assert_ptr_nonnull(sb_valid_document_type("Aadhar"));
	ck_assert_ptr_nonnull(sb_valid_document_type("aadhaar"));
	ck_assert_ptr_nonnull(sb_valid_document_type(""));
	ck_assert_ptr_nonnull(sb_valid_document_type("ration_card"));
}
END_TEST

static const struct {
	const char	*in;
	ssize_t		 len;
} b64[] = {
	{ "aGVsbG8=", 5 },
	{ "aGVsbG8h", 6 },
	{ "aGVsbA==", 4 },
	{ "AAAA", 3 },
	{ "+/+/", 3 },
	{ "", -1 },
	{ "aGVsbG8", -1 },
	{ "aGVsbG8==", -1 },
	{ "aGVs bG8=", -1 },
	{ "aGVsbG8=\n", -1 },
	{ "aGV=bG8=", -1 },
	{ "a===", -1 },
	{ "aGVsbG9=", -1 },	/* non-zero padding bits */
	{ "aGVsbB==", -1 },
	{ "-_-_", -1 },		/* base64url is not accepted */
	{ "hello world", -1 },
};

START_TEST(test_base64)
{
	ck_assert_int_eq(sb_base64_decoded_len(b64[_i].in, strlen(b64[_i].in)),
	    b64[_i].len);
}
END_TEST

START_TEST(test_base64_limit)
{
	ck_assert_uint_eq(sb_base64_encoded_max(3), 4);
	ck_assert_uint_eq(sb_base64_encoded_max(4), 8);
	ck_assert_uint_eq(sb_base64_encoded_max(SB_DOCUMENT_MAX), 6990508);
}
END_TEST

START_TEST(test_review_notes)
{
	char notes[1100];

	ck_assert_ptr_null(sb_valid_review_notes(""));
	ck_assert_ptr_null(sb_valid_review_notes("Document is blurry.\nResubmit."));
	memset(notes, 'n', 1000);
	notes[1000] = '\0';
	ck_assert_ptr_null(sb_valid_review_notes(notes));
	notes[1000] = 'n';
	notes[1001] = '\0';
	ck_assert_ptr_nonnull(sb_valid_review_notes(notes));
	ck_assert_ptr_nonnull(sb_valid_review_notes("bell\a"));
	ck_assert_ptr_nonnull(sb_valid_review_notes("bad \xff"));
}
END_TEST

static Suite *
validate_suite(void)
{
	Suite	*s = suite_create("validate");
	TCase	*tc = tcase_create("fields");

	tcase_add_loop_test(tc, test_email, 0, SB_NELEM(emails));
	tcase_add_test(tc, test_email_lengths);
	tcase_add_test(tc, test_password);
	tcase_add_loop_test(tc, test_name, 0, SB_NELEM(names));
	tcase_add_test(tc, test_name_length);
	tcase_add_loop_test(tc, test_phone, 0, SB_NELEM(phones));
	tcase_add_loop_test(tc, test_document_number, 0,
	    SB_NELEM(documents));
	tcase_add_test(tc, test_document_type);
	tcase_add_loop_test(tc, test_base64, 0, SB_NELEM(b64));
	tcase_add_test(tc, test_base64_limit);
	tcase_add_test(tc, test_review_notes);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(validate_suite)
