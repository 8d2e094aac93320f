/*
 * query.c -- query string lookup with percent-decoding.
 */
#include "config.h"
#include "base/query.h"

#include <string.h>

#include "base/model.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode [s, e) into out; -1 when malformed or too long. */
static int
decode(const char *s, const char *e, char *out, size_t cap)
{
	size_t n = 0;

	for (; s < e; s++) {
		int c = (unsigned char)*s;

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;

			if (e - s < 3 || (hi = hexval(s[1])) < 0 ||
			    (lo = hexval(s[2])) < 0)
				return -1;
			c = hi * 16 + lo;
			s += 2;
		}
		if (c == 0 || n + 1 >= cap)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return 0;
}

int
sb_query_get(const char *qs, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key);

	if (cap == 0)
		return SB_ERR;
	while (qs != NULL && *qs != '\0') {
		const char *end = strchr(qs, '&'), *eq;

		if (end == NULL)
			end = qs + strlen(qs);
		eq = memchr(qs, '=', (size_t)(end - qs));
		if (eq == NULL)
			eq = end;
		if ((size_t)(eq - qs) == klen && memcmp(qs, key, klen) == 0)
			return decode(eq < end ? eq + 1 : end, end, out, cap) ==
			    0 ? SB_FOUND : SB_ERR;
		qs = *end == '&' ? end + 1 : end;
	}
	return SB_NOTFOUND;
}
