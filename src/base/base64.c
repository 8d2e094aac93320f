/*
 * base64.c -- strict base64: checking, decoding, encoding.
 */
#include "config.h"
#include "base/base64.h"

#include <stdlib.h>

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

ssize_t
sb_base64_decoded_len(const char *s, size_t len)
{
	size_t pad = 0;

	if (len == 0 || len % 4 != 0)
		return -1;
	if (s[len - 1] == '=')
		pad = s[len - 2] == '=' ? 2 : 1;
	for (size_t i = 0; i < len - pad; i++)
		if (b64_value((unsigned char)s[i]) < 0)
			return -1;
	/* The bits that padding leaves over must be zero (canonical form). */
	if (pad == 2 && (b64_value((unsigned char)s[len - 3]) & 0x0f) != 0)
		return -1;
	if (pad == 1 && (b64_value((unsigned char)s[len - 2]) & 0x03) != 0)
		return -1;
	return (ssize_t)(len / 4 * 3 - pad);
}

size_t
sb_base64_encoded_max(size_t max)
{
	return (max + 2) / 3 * 4;
}

size_t
sb_base64_decode(const char *s, size_t len, uint8_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i + 4 <= len; i += 4) {
		uint32_t	v = 0;
		int		have = 0;

		for (size_t k = 0; k < 4; k++) {
			int d = s[i + k] == '=' ? -1 :
			    b64_value((unsigned char)s[i + k]);

			if (d >= 0)
				have++;
			v = v << 6 | (uint32_t)(d >= 0 ? d : 0);
		}
		out[n++] = (uint8_t)(v >> 16);
		if (have > 2)
			out[n++] = (uint8_t)(v >> 8);
		if (have > 3)
			out[n++] = (uint8_t)v;
	}
	return n;
}

ssize_t
sb_base64url_decode(const char *s, size_t len, uint8_t *out)
{
	uint32_t	v = 0;
	size_t		n = 0, bits = 0;

	if (len % 4 == 1)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char	c = (unsigned char)s[i];
		int		d = c == '-' ? 62 : c == '_' ? 63 :
		    c == '+' || c == '/' ? -1 : b64_value(c);

		if (d < 0)
			return -1;
		v = v << 6 | (uint32_t)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (uint8_t)(v >> bits);
		}
	}
	/* The bits left over must be zero (canonical form). */
	if ((v & ((1u << bits) - 1)) != 0)
		return -1;
	return (ssize_t)n;
}

size_t
sb_base64_encode_into(const uint8_t *p, size_t n, char *s)
{
	static const char	 alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char		 pad = '=';
	size_t			 o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		s[o++] = alphabet[v >> 18 & 63];
		s[o++] = alphabet[v >> 12 & 63];
		s[o++] = pad;
		s[o++] = pad;
		if (i + 1 < n)
			s[o - 2] = alphabet[v >> 6 & 63];
		if (i + 2 < n)
			s[o - 1] = alphabet[v & 63];
	}
	return o;
}

char *
sb_base64_encode(const uint8_t *p, size_t n, size_t *outlen)
{
	char *s = malloc((n + 2) / 3 * 4 + 1);

	if (s == NULL)
		return NULL;
	*outlen = sb_base64_encode_into(p, n, s);
	s[*outlen] = '\0';
	return s;
}
