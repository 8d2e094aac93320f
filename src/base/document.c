/*
 * document.c -- sniffing, serving types and digests of identity documents.
 */
#include "config.h"
#include "base/document.h"

#include <string.h>

#include <openssl/evp.h>

#include "base/id.h"
#include "base/model.h"

static const struct {
	const char	*type;
	size_t		 at;		/* offset of the magic */
	const char	*magic;
	size_t		 len;
} magics[] = {
	{ .type = SB_MEDIA_JPEG, .magic = "\xff\xd8\xff", .len = 3 },
	{ .type = SB_MEDIA_PNG, .magic = "\x89PNG\r\n\x1a\n", .len = 8 },
	{ .type = SB_MEDIA_PDF, .magic = "%PDF-", .len = 5 },
	/* RIFF, a little-endian size, then WEBP. */
	{ .type = SB_MEDIA_WEBP, .magic = "RIFF", .len = 4 },
};

const char *
sb_document_sniff(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < SB_NELEM(magics); i++) {
		if (n < magics[i].at + magics[i].len ||
		    memcmp(p + magics[i].at, magics[i].magic, magics[i].len) != 0)
			continue;
		if (strcmp(magics[i].type, SB_MEDIA_WEBP) == 0 &&
		    (n < 12 || memcmp(p + 8, "WEBP", 4) != 0))
			continue;
		return magics[i].type;
	}
	return NULL;
}

const char *
sb_document_media_type(const uint8_t *p, size_t n, int is_text)
{
	const char *t;

	if (is_text)
		return SB_MEDIA_TEXT;
	return (t = sb_document_sniff(p, n)) != NULL ? t : SB_MEDIA_OTHER;
}

const char *
sb_document_served_type(const char *media_type, int *inline_ok)
{
	static const char *const shown[] = { SB_MEDIA_JPEG, SB_MEDIA_PNG,
	    SB_MEDIA_PDF };

	*inline_ok = 1;
	for (size_t i = 0; i < SB_NELEM(shown); i++)
		if (strcmp(media_type, shown[i]) == 0)
			return shown[i];
	if (strcmp(media_type, SB_MEDIA_TEXT) == 0)
		return "text/plain; charset=utf-8";
	*inline_ok = 0;
	return SB_MEDIA_OTHER;
}

int
sb_sha256_hex(const uint8_t *p, size_t n, char out[65])
{
	uint8_t		md[EVP_MAX_MD_SIZE];
	unsigned	len = 0;

	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32)
		return SB_ERR;
	sb_hex_encode(md, len, out);
	return SB_OK;
}
