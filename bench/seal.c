/*
 * seal.c -- the cost of sealing and opening a 5 MiB document in one core's
 * time, beside what an upload does to the same bytes anyway (base64
 * decoding, SHA-256).  Built and run by bench/protection.py against
 * build/src/libsmartbank.a.  Prints; never judges.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/base64.h"
#include "base/document.h"
#include "base/seal.h"

#define SIZE	(5 * 1024 * 1024)
#define ROUNDS	20

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v)
{
	qsort(v, ROUNDS, sizeof(*v), cmp);
	return v[ROUNDS / 2];
}

int
main(void)
{
	uint8_t	 dek[SB_DEK_LEN], id[SB_RECORD_ID_LEN] = { 1 };
	uint8_t	*box = malloc(SIZE + SB_SEAL_OVERHEAD), *out = malloc(SIZE);
	char	*b64, hex[65];
	size_t	 b64len;
	double	 seal[ROUNDS], open[ROUNDS], dec[ROUNDS], sha[ROUNDS], t;

	if (box == NULL || out == NULL || sb_dek_new(dek) == -1)
		return 1;
	for (size_t i = 0; i < SIZE; i++)
		out[i] = (uint8_t)(i * 2654435761u >> 13);
	if ((b64 = sb_base64_encode(out, SIZE, &b64len)) == NULL)
		return 1;
	for (int r = 0; r < ROUNDS; r++) {
		t = now_ms();
		(void)sb_base64_decode(b64, b64len, box + SB_NONCE_LEN);
		dec[r] = now_ms() - t;
		t = now_ms();
		(void)sb_sha256_hex(box + SB_NONCE_LEN, SIZE, hex);
		sha[r] = now_ms() - t;
		t = now_ms();
		if (sb_seal(dek, id, "data", box, SIZE) == -1)
			return 1;
		seal[r] = now_ms() - t;
		t = now_ms();
		if (sb_unseal(dek, id, "data", box, SIZE + SB_SEAL_OVERHEAD,
		    out) == -1)
			return 1;
		open[r] = now_ms() - t;
	}
	printf("5 MiB, median of %d, CPU ms: base64 decode %.2f, SHA-256 %.2f, "
	    "AES-256-GCM seal %.2f, open %.2f\n", ROUNDS, median(dec),
	    median(sha), median(seal), median(open));
	free(b64);
	free(box);
	free(out);
	return 0;
}
