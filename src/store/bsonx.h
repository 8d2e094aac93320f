/*
 * bsonx.h -- reading typed fields out of stored documents.
 */
#ifndef SB_BSONX_H
#define SB_BSONX_H

#include <stddef.h>
#include <stdint.h>

#include <bson/bson.h>

/* Copy a UTF-8 field into out (cap bytes); "" when absent or not a string. */
void	sb_bson_str(const bson_t *, const char *key, char *out, size_t cap);
/* A date-time field in ms, or 0. */
int64_t	sb_bson_date(const bson_t *, const char *key);
/* An integral number field (int32, int64), or def. */
int64_t	sb_bson_int(const bson_t *, const char *key, int64_t def);
/* An ObjectId field: 1 found, 0 not. */
int	sb_bson_oid(const bson_t *, const char *key, bson_oid_t *out);
/* A boolean field, false when absent. */
int	sb_bson_bool(const bson_t *, const char *key);

/* The document's subdocument key as JSON (relaxed), or NULL. */
char	*sb_bson_sub_json(const bson_t *, const char *key);

#endif
