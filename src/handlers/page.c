/*
 * page.c -- cursor pagination parameters, shared by every list route.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"
#include "json.h"
#include "query.h"
#include "request.h"
#include "store/bsonx.h"

#define PAGE_DEFAULT	50
#define PAGE_MAX	200

/*
 * ?limit=1..200 (default 50) and ?after=<24 hex>: 0, or the 422 answered.
 * Shared by the queue and the audit log.
 */
int
sb_page_params(struct sb_req *req, int64_t *limit, bson_oid_t *after,
    int *has_after)
{
	char	 buf[64], *end = buf;
	cJSON	*errs = cJSON_CreateArray();
	long	 n;
	int	 rc;

	*limit = PAGE_DEFAULT;
	*has_after = 0;
	if ((rc = sb_query_get(req->query, "limit", buf, sizeof(buf))) != 0) {
		n = rc == 1 ? strtol(buf, &end, 10) : 0;
		if (rc == -1 || buf[0] == '\0' || *end != '\0' || n < 1 ||
		    n > PAGE_MAX)
			sb_verr_add(errs, "query", "limit",
			    "Input should be a whole number from 1 to 200",
			    "value_error");
		else
			*limit = n;
	}
	if ((rc = sb_query_get(req->query, "after", buf, sizeof(buf))) != 0) {
		if (rc == -1 || sb_oid_parse(buf, strlen(buf), after) == -1)
			sb_verr_add(errs, "query", "after",
			    "Input should be an id of 24 hex digits",
			    "value_error");
		else
			*has_after = 1;
	}
	if (cJSON_GetArraySize(errs) > 0)
		return sb_reply_invalid(req, errs);
	cJSON_Delete(errs);
	return 0;
}
