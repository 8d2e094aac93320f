/*
 * query.h -- reading the query string (application/x-www-form-urlencoded).
 */
#ifndef SB_QUERY_H
#define SB_QUERY_H

#include <stddef.h>

/*
 * The first value of key in qs, percent-decoded ('+' is a space) into out:
 * a lookup (base/model.h), SB_FOUND, SB_NOTFOUND (absent), or SB_ERR when
 * malformed (a bad %-escape, a NUL, or longer than cap - 1 bytes).
 */
int	sb_query_get(const char *qs, const char *key, char *out, size_t cap);

#endif
