/*
 * http.c -- reason phrases and error bodies.
 */
#include "config.h"
#include "base/http.h"


#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "base/model.h"

static const struct {
	int		 status;
	const char	*reason;
} reasons[] = {
	{ 200, "OK" },
	{ 201, "Created" },
	{ 204, "No Content" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 409, "Conflict" },
	{ 411, "Length Required" },
	{ 413, "Content Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 422, "Unprocessable Content" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
};

const char *
sb_http_reason(int status)
{
	for (size_t i = 0; i < SB_NELEM(reasons); i++)
		if (reasons[i].status == status)
			return reasons[i].reason;
	return "Unknown";
}

char *
sb_http_error_body(const char *detail)
{
	cJSON	*o = cJSON_CreateObject();
	char	*s = NULL;

	if (o != NULL && cJSON_AddStringToObject(o, "detail", detail) != NULL)
		s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

char *
sb_http_validation_body(const cJSON *errs)
{
	cJSON	*o = cJSON_CreateObject();
	cJSON	*ref;
	char	*s = NULL;

	if (o == NULL || errs == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	/* A reference to errs' items: they stay the caller's. */
	ref = cJSON_CreateArrayReference(errs->child);
	if (cJSON_AddItemToObject(o, "detail", ref))
		s = cJSON_PrintUnformatted(o);
	else
		cJSON_Delete(ref);	/* a reference: errs' items stay */
	cJSON_Delete(o);
	return s;
}

/*
 * "application/json" or "application/<x>+json", any letter case, with
 * optional parameters; a charset parameter must name UTF-8.
 */
int
sb_http_is_json(const char *ct)
{
	const char	*semi, *cs;
	size_t		 len;

	if (ct == NULL)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	semi = strchr(ct, ';');
	len = semi != NULL ? (size_t)(semi - ct) : strlen(ct);
	while (len > 0 && (ct[len - 1] == ' ' || ct[len - 1] == '\t'))
		len--;
	if (len < 16 || strncasecmp(ct, "application/", 12) != 0)
		return 0;
	if (!(len == 16 && strncasecmp(ct + 12, "json", 4) == 0) &&
	    !(len > 17 && strncasecmp(ct + len - 5, "+json", 5) == 0))
		return 0;
	for (const char *p = ct + 12; p < ct + len; p++)
		if (*p == ' ' || *p == '\t' || *p == '/')
			return 0;
	for (cs = semi; cs != NULL; cs = strchr(cs + 1, ';')) {
		const char *v = cs + 1;

		while (*v == ' ' || *v == '\t')
			v++;
		if (strncasecmp(v, "charset=", 8) != 0)
			continue;
		v += 8;
		if (*v == '"')
			v++;
		if (strncasecmp(v, "utf-8", 5) != 0 &&
		    strncasecmp(v, "utf8", 4) != 0)
			return 0;
	}
	return 1;
}
