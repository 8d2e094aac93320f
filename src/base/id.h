/*
 * id.h -- ids as text: the one hex encoder and the one ObjectId parser.
 */
#ifndef SB_ID_H
#define SB_ID_H

#include <stddef.h>
#include <stdint.h>

#include <bson/bson.h>

/* Lower-case hex of n bytes into out, which holds 2 * n + 1 bytes. */
void	sb_hex_encode(const uint8_t *, size_t n, char *out);

/*
 * An ObjectId of 24 hex digits (either case) in the len bytes at s, into
 * out (which may be NULL to check only).  SB_FOUND, or SB_NOTFOUND when
 * malformed.
 */
int	sb_id_parse(const char *s, size_t len, bson_oid_t *out);

#endif
