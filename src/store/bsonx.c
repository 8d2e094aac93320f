/*
 * bsonx.c -- typed field readers.
 */
#include "config.h"
#include "store/bsonx.h"

#include <string.h>

void
sb_bson_str(const bson_t *doc, const char *key, char *out, size_t cap)
{
	bson_iter_t	 it;
	uint32_t	 len;
	const char	*s;

	out[0] = '\0';
	if (!bson_iter_init_find(&it, doc, key) || !BSON_ITER_HOLDS_UTF8(&it))
		return;
	s = bson_iter_utf8(&it, &len);
	if (len >= cap)
		len = (uint32_t)cap - 1;
	memcpy(out, s, len);
	out[len] = '\0';
}

int64_t
sb_bson_date(const bson_t *doc, const char *key)
{
	bson_iter_t it;

	if (bson_iter_init_find(&it, doc, key) &&
	    BSON_ITER_HOLDS_DATE_TIME(&it))
		return bson_iter_date_time(&it);
	return 0;
}

int64_t
sb_bson_int(const bson_t *doc, const char *key, int64_t def)
{
	bson_iter_t it;

	if (bson_iter_init_find(&it, doc, key) &&
	    (BSON_ITER_HOLDS_INT32(&it) || BSON_ITER_HOLDS_INT64(&it)))
		return bson_iter_as_int64(&it);
	return def;
}

int
sb_bson_oid(const bson_t *doc, const char *key, bson_oid_t *out)
{
	bson_iter_t it;

	if (bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_OID(&it)) {
		bson_oid_copy(bson_iter_oid(&it), out);
		return 1;
	}
	return 0;
}

int
sb_bson_bool(const bson_t *doc, const char *key)
{
	bson_iter_t it;

	return bson_iter_init_find(&it, doc, key) &&
	    BSON_ITER_HOLDS_BOOL(&it) && bson_iter_bool(&it);
}

char *
sb_bson_sub_json(const bson_t *doc, const char *key)
{
	bson_iter_t	 it;
	const uint8_t	*data;
	uint32_t	 len;
	bson_t		 sub;

	if (!bson_iter_init_find(&it, doc, key) ||
	    !BSON_ITER_HOLDS_DOCUMENT(&it))
		return NULL;
	bson_iter_document(&it, &len, &data);
	if (!bson_init_static(&sub, data, len))
		return NULL;
	return bson_as_relaxed_extended_json(&sub, NULL);
}
