/*
 * check_scan.c -- the scan checker against the seed corpus of fuzz_scan:
 * every ok-* file passes with its dimensions or pages found, every bad-*
 * file is refused with a sentence; and the limits, on files made here.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "base/document.h"
#include "base/scan.h"

#ifndef SCAN_CORPUS
#error "SCAN_CORPUS: the directory of tests/fuzz/corpus/scan"
#endif

static uint8_t *
slurp(const char *name, size_t *n)
{
	char	 path[512];
	FILE	*f;
	uint8_t	*buf = malloc(1 << 20);

	ck_assert_ptr_nonnull(buf);
	snprintf(path, sizeof(path), "%s/%s", SCAN_CORPUS, name);
	ck_assert_msg((f = fopen(path, "rb")) != NULL, "%s", path);
	*n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

START_TEST(test_corpus)
{
	DIR		*d = opendir(SCAN_CORPUS);
	struct dirent	*e;
	int		 good = 0, bad = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		struct sb_scan	 s;
		const char	*why;
		size_t		 n;
		uint8_t		*p;

		if (e->d_name[0] == '.')
			continue;
		p = slurp(e->d_name, &n);
		why = sb_scan_check(p, n, &s);
		if (strncmp(e->d_name, "ok-", 3) == 0) {
			ck_assert_msg(why == NULL, "%s: %s", e->d_name, why);
			ck_assert_msg(s.pages > 0 ||
			    (s.width > 0 && s.height > 0), "%s", e->d_name);
			good++;
		} else {
			ck_assert_msg(why != NULL, "%s passed", e->d_name);
			ck_assert_msg(strncmp(why, "The ", 4) == 0, "%s", why);
			bad++;
		}
		free(p);
	}
	closedir(d);
	ck_assert_int_ge(good, 8);
	ck_assert_int_ge(bad, 14);
}
END_TEST

/* The dimensions are read before any pixel: a PNG's header says. */
START_TEST(test_too_large_before_decoding)
{
	static const uint8_t huge[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10,	/* 10000 x 10000 */
		8, 2, 0, 0, 0, 0x35, 0x2c, 0xf5, 0x70,	/* RGB; CRC */
		0, 0, 0, 0, 'I', 'D', 'A', 'T',		/* where pixels start */
	};
	struct sb_scan	s;
	const char	*why = sb_scan_check(huge, sizeof(huge), &s);

	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strstr(why, "too large") != NULL, "%s", why);
}
END_TEST

START_TEST(test_not_a_scan)
{
	static const uint8_t elf[] = "\x7f" "ELF\x02\x01\x01";
	struct sb_scan	s;

	ck_assert_ptr_nonnull(sb_scan_check(elf, sizeof(elf), &s));
	ck_assert_ptr_null(s.media_type);
	ck_assert_ptr_nonnull(sb_scan_check(elf, 0, &s));
}
END_TEST

/* Each of the good files cut anywhere is refused, never a crash. */
START_TEST(test_every_cut_refused)
{
	static const char *const names[] = { "ok-png", "ok-jpeg", "ok-webp",
	    "ok-pdf" };
	size_t	 n;
	uint8_t	*p = slurp(names[_i], &n);

	for (size_t cut = 0; cut < n; cut += 1 + cut / 16) {
		struct sb_scan s;

		ck_assert_msg(sb_scan_check(p, cut, &s) != NULL, "%s cut at %zu",
		    names[_i], cut);
	}
	free(p);
}
END_TEST

static Suite *
scan_suite(void)
{
	Suite	*s = suite_create("scan");
	TCase	*tc = tcase_create("scan");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_corpus);
	tcase_add_test(tc, test_too_large_before_decoding);
	tcase_add_test(tc, test_not_a_scan);
	tcase_add_loop_test(tc, test_every_cut_refused, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(scan_suite)
