/*
 * fuzz_scan.c -- the scan checker (base/scan.h) on hostile files: every
 * decoder path (libpng, libjpeg-turbo, libwebp, libqpdf) behind the one
 * entry the upload takes.  The seed corpus (tests/fuzz/corpus/scan, made
 * by make-scan-corpus) has a good and a hostile file of each format.  The
 * first byte picks the format the rest is given the signature of, so that
 * mutations reach each decoder, not only the sniffer.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char	*sig;
	size_t		 len;
} sigs[] = {
	{ "\x89PNG\r\n\x1a\n", 8 },
	{ "\xff\xd8\xff", 3 },
	{ "RIFF\0\0\0\0WEBP", 12 },
	{ "%PDF-", 5 },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sb_scan	 s;
	uint8_t		*buf;
	size_t		 i, n;

	/* As it is: the corpus's real files, and whatever they became. */
	(void)sb_scan_check(data, size, &s);
	if (size < 2)
		return 0;
	/* Behind a chosen signature (a RIFF's size made to fit). */
	i = data[0] % (sizeof(sigs) / sizeof(sigs[0]));
	n = sigs[i].len + size - 1;
	if ((buf = malloc(n)) == NULL)
		return 0;
	memcpy(buf, sigs[i].sig, sigs[i].len);
	memcpy(buf + sigs[i].len, data + 1, size - 1);
	if (i == 2) {
		uint32_t riff = (uint32_t)(n - 8);

		for (int b = 0; b < 4; b++)
			buf[4 + b] = (uint8_t)(riff >> (8 * b));
	}
	(void)sb_scan_check(buf, n, &s);
	free(buf);
	return 0;
}
