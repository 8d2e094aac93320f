/*
 * page.c -- cursor pagination parameters, shared by every list route.
 */
#include "config.h"
#include "http/page.h"

#include <stdlib.h>
#include <string.h>

#include "base/id.h"
#include "base/json.h"
#include "base/model.h"
#include "base/query.h"
#include "http/request.h"

int
sb_page_params(struct sb_req *req, int64_t *limit, bson_oid_t *after,
    int *has_after)
{
	char	 buf[64], *end = buf;
	cJSON	*errs = sb_req_array(req);
	long	 n;
	int	 found;

	*limit = SB_PAGE_DEFAULT;
	*has_after = 0;
	if ((found = sb_query_get(req->query, "limit", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		n = found == SB_FOUND ? strtol(buf, &end, 10) : 0;
		if (found == SB_ERR || buf[0] == '\0' || *end != '\0' || n < 1 ||
		    n > SB_PAGE_MAX)
			sb_verr_add(errs, "query", "limit",
			    "Input should be a whole number from 1 to 200",
			    "value_error");
		else
			*limit = n;
	}
	if ((found = sb_query_get(req->query, "after", buf,
	    sizeof(buf))) != SB_NOTFOUND) {
		if (found == SB_ERR ||
		    sb_id_parse(buf, strlen(buf), after) != SB_FOUND)
			sb_verr_add(errs, "query", "after",
			    "Input should be an id of 24 hex digits",
			    "value_error");
		else
			*has_after = 1;
	}
	if (sb_verr_any(errs))
		return sb_reply_invalid(req, errs);
	return SB_OK;
}

int
sb_query_number(struct sb_req *req, cJSON *errs, const char *name,
    uint64_t min, uint64_t *out)
{
	char			buf[32], *end = buf;
	unsigned long long	n = 0;
	int			found;

	found = sb_query_get(req->query, name, buf, sizeof(buf));
	if (found == SB_FOUND && buf[0] >= '0' && buf[0] <= '9')
		n = strtoull(buf, &end, 10);
	if (found != SB_FOUND || buf[0] < '0' || buf[0] > '9' || *end != '\0' ||
	    n < min || n > INT64_MAX) {
		sb_verr_add(errs, "query", name, min == 0 ?
		    "Input should be a whole number from 0" :
		    "Input should be a whole number from 1", "value_error");
		return SB_ERR;
	}
	*out = n;
	return SB_OK;
}

int
sb_path_id(struct sb_req *req, size_t i, const char *name, bson_oid_t *id)
{
	const struct sb_span *p = &req->match.params[i];

	if (sb_id_parse(p->p, p->len, id) == SB_FOUND)
		return SB_OK;
	return sb_reply_invalid1(req, "path", name,
	    "Input should be an id of 24 hex digits", "value_error");
}
