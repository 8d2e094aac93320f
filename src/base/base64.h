/*
 * base64.h -- strict base64 (RFC 4648 section 4: standard alphabet,
 * padded, canonical, no white space), as document_data carries scans.
 */
#ifndef SB_BASE64_H
#define SB_BASE64_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Decoded length of strict base64, or -1 when s is not base64.  Never
 * allocates.
 */
ssize_t	 sb_base64_decoded_len(const char *s, size_t len);
/* The largest encoded length whose decoded size can fit max bytes. */
size_t	 sb_base64_encoded_max(size_t max);
/*
 * Decode len bytes of base64 that sb_base64_decoded_len() accepted into
 * out, which holds that many bytes (out may be s itself: decoding in
 * place only ever writes behind what it reads).  Returns the bytes
 * written.
 */
size_t	 sb_base64_decode(const char *s, size_t len, uint8_t *out);
/*
 * Decode unpadded base64url (RFC 4648 section 5, as JWS uses it) of len
 * bytes into out, which holds len * 3 / 4 + 1 bytes.  The bytes written,
 * or -1 when s is not canonical base64url.
 */
ssize_t	 sb_base64url_decode(const char *s, size_t len, uint8_t *out);
/*
 * n bytes as base64 into out, which holds (n + 2) / 3 * 4 bytes (no NUL is
 * added); returns that length.
 */
size_t	 sb_base64_encode_into(const uint8_t *, size_t n, char *out);
/* n bytes as base64 into a new string (*outlen its length), or NULL. */
char	*sb_base64_encode(const uint8_t *, size_t n, size_t *outlen);

#endif
