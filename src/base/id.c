/*
 * id.c -- hex encoding and ObjectId parsing.
 */
#include "config.h"
#include "base/id.h"

#include "base/model.h"

void
sb_hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int
sb_id_parse(const char *s, size_t len, bson_oid_t *out)
{
	char hex[SB_ID_HEX_LEN + 1];

	if (len != SB_ID_HEX_LEN)
		return SB_NOTFOUND;
	for (size_t i = 0; i < SB_ID_HEX_LEN; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F')))
			return SB_NOTFOUND;
		hex[i] = c;
	}
	hex[SB_ID_HEX_LEN] = '\0';
	if (out != NULL)
		bson_oid_init_from_string(out, hex);
	return SB_FOUND;
}
