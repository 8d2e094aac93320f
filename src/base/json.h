/*
 * json.h -- strict JSON bodies and typed field getters.
 *
 * cJSON alone accepts trailing garbage, duplicate keys and "\u0000" inside
 * strings (which silently truncates a C string); sb_json_parse_object()
 * refuses all three and anything that is not an object.
 */
#ifndef SB_JSON_H
#define SB_JSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

enum sb_json_rc {
	SB_JSON_OK,
	SB_JSON_MALFORMED,	/* not JSON, trailing bytes, duplicate keys: 400 */
	SB_JSON_NOT_OBJECT,	/* valid JSON but not an object: 422 */
	SB_JSON_NUL,		/* a string holds U+0000: 422 */
	SB_JSON_NOMEM,		/* an allocation failed: 500, not the client's */
};

/*
 * Count cJSON's failed allocations (once per process, before any other
 * cJSON call), so that an answer built with one missing is never sent.
 */
void	sb_json_init(void);
/* Did an allocation fail since the last call?  Clears the flag. */
int	sb_json_alloc_failed(void);

enum sb_json_rc sb_json_parse_object(const char *buf, size_t len, cJSON **out);

/* Strict UTF-8: no overlong forms, surrogates or code points past U+10FFFF. */
int	sb_utf8_valid(const char *, size_t);
/* Number of code points in valid UTF-8. */
size_t	sb_utf8_len(const char *);

/*
 * Validation errors, in the list shape FastAPI uses:
 * [{"loc": ["body", field], "msg": msg, "type": type}, ...].
 * field NULL means the body as a whole.  where is "body" or "query" or "path".
 */
void	sb_verr_add(cJSON *list, const char *where, const char *field,
	    const char *msg, const char *type);
/*
 * Does list hold an error -- or could one not be added (an allocation
 * failed)?  Either way the answer is sb_reply_invalid(), which makes the
 * second a 500: a check whose error was lost never lets the input pass.
 */
int	sb_verr_any(const cJSON *list);

/*
 * A string field: returns it, or NULL after adding the reason to errs
 * (missing when required, not a string, not UTF-8).  A missing optional
 * field returns NULL and adds nothing.
 */
const char *sb_json_string(const cJSON *obj, const char *key, int required,
	    cJSON *errs);

#endif
