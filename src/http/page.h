/*
 * page.h -- request parameters shared by routes: list pages and ids in
 * the path.  Each returns SB_OK, or the 422 already answered.
 */
#ifndef SB_PAGE_H
#define SB_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include <bson/bson.h>
#include <cjson/cJSON.h>

struct sb_req;

/* ?limit= (1 to 200, default 50) and ?after=<id>. */
int	sb_page_params(struct sb_req *, int64_t *limit, bson_oid_t *after,
	    int *has_after);
/*
 * The query parameter name, a required whole number >= min, into *out; a
 * 422 item into errs when it is absent or not one (nothing answered yet).
 * SB_OK or SB_ERR.
 */
int	sb_query_number(struct sb_req *, cJSON *errs, const char *name,
	    uint64_t min, uint64_t *out);
/* Path parameter i, an id called name. */
int	sb_path_id(struct sb_req *, size_t i, const char *name, bson_oid_t *);

#endif
