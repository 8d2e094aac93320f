/*
 * document.h -- identity documents as bytes: which formats are accepted,
 * what a scan is by its first bytes, its digest, and how the raw route
 * serves it.
 *
 * Only identity documents are stored: a scan must be a JPEG, PNG, WebP or
 * PDF file by its magic bytes; the seed's plain-text documents are kept as
 * their UTF-8 bytes.  Anything else (an executable, an archive) is refused.
 */
#ifndef SB_DOCUMENT_H
#define SB_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#define SB_MEDIA_JPEG	"image/jpeg"
#define SB_MEDIA_PNG	"image/png"
#define SB_MEDIA_WEBP	"image/webp"
#define SB_MEDIA_PDF	"application/pdf"
#define SB_MEDIA_TEXT	"text/plain"
#define SB_MEDIA_OTHER	"application/octet-stream"

/* Bytes enough to tell every accepted format. */
#define SB_SNIFF_LEN	12

/* The media type of an accepted scan from its first n bytes, or NULL. */
const char	*sb_document_sniff(const uint8_t *, size_t n);
/*
 * The media type of stored bytes of any origin (documents stored before
 * formats were checked included): an accepted format, text for the text
 * encoding, else application/octet-stream.
 */
const char	*sb_document_media_type(const uint8_t *, size_t n,
		    int is_text);

/*
 * How the raw route serves a stored media type: the Content-Type (only
 * JPEG, PNG, PDF and UTF-8 text as themselves, anything else as
 * application/octet-stream) and whether it may be shown inline (else it
 * is an attachment).
 */
const char	*sb_document_served_type(const char *media_type, int *inline_ok);

/* SHA-256 of n bytes as 64 hex digits into out (65 bytes).  0, or -1. */
int		 sb_sha256_hex(const uint8_t *, size_t n, char out[65]);

#endif
