/*
 * check_keyring.c -- the key file: what is accepted, what is refused and
 * why, and the file's own checks (mode, kind).
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "base/keyring.h"

#define K0 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="	/* 0..31 */
#define K1 "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="	/* 32..63 */
#define K2 "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8="	/* 64..95 */
#define SAME "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="	/* 'A' x 32 */
#define K31 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg=="
#define K33 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"

static const struct {
	const char	*text;
	const char	*error;		/* NULL: accepted; else a substring */
	size_t		 nkek;
	const char	*newest;
} texts[] = {
	{ "index " K0 "\nk1 " K1 "\n", NULL, 1, "k1" },
	{ "# keys\n\n  index   " K0 "  \nk1\t" K1, NULL, 1, "k1" },
	{ "k1 " K1 "\nindex " K0 "\nk2 " K2 "\n", NULL, 2, "k2" },
	{ "index " K0 "\n2026-11.kek_A " K1 "\n", NULL, 1, "2026-11.kek_A" },
	{ "", "no \"index\" key", 0, NULL },
	{ "k1 " K1 "\n", "no \"index\" key", 0, NULL },
	{ "index " K0 "\n", "no key-encryption key", 0, NULL },
	{ "index " K0 "\nk1\n", "line 2: expected", 0, NULL },
	{ "index " K0 "\nk1 " K1 " extra\n", "line 2: expected", 0, NULL },
	{ "index " K0 "\nk/1 " K1 "\n", "line 2: the id", 0, NULL },
	{ "index " K0 "\nk1 " K31 "\n", "must be 32 bytes", 0, NULL },
	{ "index " K0 "\nk1 " K33 "\n", "must be 32 bytes", 0, NULL },
	{ "index " K0 "\nk1 not-base64!\n", "must be 32 bytes", 0, NULL },
	{ "index " K0 "\nk1 " SAME "\n", "one byte repeated", 0, NULL },
	{ "index " K0 "\nk1 " K0 "\n", "repeats an earlier key", 0, NULL },
	{ "index " K0 "\nk1 " K1 "\nk2 " K1 "\n", "repeats an earlier key", 0,
	  NULL },
	{ "index " K0 "\nk1 " K1 "\nk1 " K2 "\n", "listed twice", 0, NULL },
	{ "index " K0 "\nindex " K1 "\nk1 " K2 "\n", "a second \"index\"", 0,
	  NULL },
};

START_TEST(test_texts)
{
	struct sb_keyring	 r;
	char			 err[256] = "";
	int			 rc = sb_keyring_parse(&r, texts[_i].text, err,
				    sizeof(err));

	if (texts[_i].error != NULL) {
		ck_assert_msg(rc == -1 && strstr(err, texts[_i].error) != NULL,
		    "%s: got \"%s\"", texts[_i].text, err);
		return;
	}
	ck_assert_msg(rc == 0, "%s: %s", texts[_i].text, err);
	ck_assert_uint_eq(r.nkek, texts[_i].nkek);
	ck_assert_str_eq(sb_keyring_newest(&r)->id, texts[_i].newest);
	ck_assert_int_eq(r.index_key[0], 0);
	ck_assert_int_eq(r.index_key[31], 31);
	ck_assert_ptr_null(sb_keyring_find(&r, "nope"));
	ck_assert_ptr_eq(sb_keyring_find(&r, texts[_i].newest),
	    sb_keyring_newest(&r));
}
END_TEST

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(test_file)
{
	struct sb_keyring	*r;
	char			 path[] = "/tmp/check_keyring.XXXXXX", err[512];
	char			 link[sizeof(path) + 5];
	int			 fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	write_file(path, "index " K0 "\nk1 " K1 "\n", 0600);
	r = sb_keyring_load(path, err, sizeof(err));
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_int_eq(r->kek[0].key[0], 32);
	sb_keyring_free(r);
	write_file(path, "index " K0 "\nk1 " K1 "\n", 0400);
	r = sb_keyring_load(path, err, sizeof(err));
	ck_assert_ptr_nonnull(r);
	sb_keyring_free(r);

	/* Readable, or writable, by anyone but the owner: refused. */
	write_file(path, "index " K0 "\nk1 " K1 "\n", 0640);
	ck_assert_ptr_null(sb_keyring_load(path, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "mode 0640"));
	write_file(path, "index " K0 "\nk1 " K1 "\n", 0604);
	ck_assert_ptr_null(sb_keyring_load(path, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "chmod 600"));

	/* A bad line is named with the file. */
	write_file(path, "index " K0 "\nk1 " SAME "\n", 0600);
	ck_assert_ptr_null(sb_keyring_load(path, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_ptr_nonnull(strstr(err, "line 2"));

	/* A symbolic link is not followed; a directory is no key file. */
	write_file(path, "index " K0 "\nk1 " K1 "\n", 0600);
	snprintf(link, sizeof(link), "%s.lnk", path);
	unlink(link);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_ptr_null(sb_keyring_load(link, err, sizeof(err)));
	unlink(link);
	ck_assert_ptr_null(sb_keyring_load("/tmp", err, sizeof(err)));

	unlink(path);
	ck_assert_ptr_null(sb_keyring_load(path, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
}
END_TEST

static Suite *
keyring_suite(void)
{
	Suite	*s = suite_create("keyring");
	TCase	*tc = tcase_create("keyring");

	tcase_add_loop_test(tc, test_texts, 0, SB_NELEM(texts));
	tcase_add_test(tc, test_file);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(keyring_suite)
