/*
 * json.c -- strict parsing of request bodies, typed getters and the
 * validation error list.
 */
#include "config.h"
#include "base/json.h"

#include <stdlib.h>
#include <string.h>

/* True when two members of one object share a name, at any depth. */
static int
has_duplicate_keys(const cJSON *item)
{
	for (const cJSON *c = item != NULL ? item->child : NULL; c != NULL;
	    c = c->next) {
		if (cJSON_IsObject(item))
			for (const cJSON *d = c->next; d != NULL; d = d->next)
				if (strcmp(c->string, d->string) == 0)
					return 1;
		if (has_duplicate_keys(c))
			return 1;
	}
	return 0;
}

/*
 * cJSON turns "\u0000" into a NUL byte that ends the C string early, so the
 * escape is looked for in the raw text: inside a string, after an odd run of
 * backslashes.
 */
static int
has_nul_escape(const char *buf, size_t len)
{
	int in_str = 0;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '"') {
			in_str = !in_str;
		} else if (in_str && buf[i] == '\\' && i + 1 < len) {
			if (buf[i + 1] == 'u' && i + 5 < len &&
			    memcmp(buf + i + 2, "0000", 4) == 0)
				return 1;
			i++; /* skip the escaped character */
		}
	}
	return 0;
}

/* Set when an allocation of cJSON's failed; see sb_json_alloc_failed(). */
static int alloc_failed;

static void *
counted_malloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL)
		alloc_failed = 1;
	return p;
}

void
sb_json_init(void)
{
	cJSON_Hooks hooks = { .malloc_fn = counted_malloc, .free_fn = free };

	cJSON_InitHooks(&hooks);
}

int
sb_json_alloc_failed(void)
{
	int failed = alloc_failed;

	alloc_failed = 0;
	return failed;
}

int
sb_verr_any(const cJSON *list)
{
	return list == NULL || alloc_failed || cJSON_GetArraySize(list) > 0;
}

enum sb_json_rc
sb_json_parse_object(const char *buf, size_t len, cJSON **out)
{
	const char	*end = NULL;
	cJSON		*root;

	*out = NULL;
	if (buf == NULL || len == 0 || memchr(buf, '\0', len) != NULL)
		return SB_JSON_MALFORMED;
	root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (root == NULL)
		return alloc_failed ? SB_JSON_NOMEM : SB_JSON_MALFORMED;
	/* Only white space may follow the value. */
	for (; end < buf + len; end++)
		if (strchr(" \t\r\n", *end) == NULL) {
			cJSON_Delete(root);
			return SB_JSON_MALFORMED;
		}
	if (has_duplicate_keys(root)) {
		cJSON_Delete(root);
		return SB_JSON_MALFORMED;
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return SB_JSON_NOT_OBJECT;
	}
	if (has_nul_escape(buf, len)) {
		cJSON_Delete(root);
		return SB_JSON_NUL;
	}
	*out = root;
	return SB_JSON_OK;
}

int
sb_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;

	for (size_t i = 0; i < len;) {
		unsigned char	c = s[i];
		unsigned	cp, n;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (len - i <= n) /* truncated sequence */
			return 0;
		for (unsigned k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
sb_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

void
sb_verr_add(cJSON *list, const char *where, const char *field,
    const char *msg, const char *type)
{
	cJSON *item, *loc;

	if (list == NULL || (item = cJSON_CreateObject()) == NULL)
		return;
	if ((loc = cJSON_AddArrayToObject(item, "loc")) != NULL) {
		cJSON_AddItemToArray(loc, cJSON_CreateString(where));
		if (field != NULL)
			cJSON_AddItemToArray(loc, cJSON_CreateString(field));
	}
	cJSON_AddStringToObject(item, "msg", msg);
	cJSON_AddStringToObject(item, "type", type);
	cJSON_AddItemToArray(list, item);
}

const char *
sb_json_string(const cJSON *obj, const char *key, int required, cJSON *errs)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL) {
		if (required)
			sb_verr_add(errs, "body", key, "Field required",
			    "missing");
		return NULL;
	}
	if (cJSON_IsNull(v) && !required)
		return NULL;
	if (!cJSON_IsString(v) || v->valuestring == NULL) {
		sb_verr_add(errs, "body", key, "Input should be a valid string",
		    "string_type");
		return NULL;
	}
	if (!sb_utf8_valid(v->valuestring, strlen(v->valuestring))) {
		sb_verr_add(errs, "body", key, "Input should be valid UTF-8",
		    "string_unicode");
		return NULL;
	}
	return v->valuestring;
}
