/*
 * page.h -- request parameters shared by routes: list pages and ids in
 * the path.  Each returns SB_OK, or the 422 already answered.
 */
#ifndef SB_PAGE_H
#define SB_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include <bson/bson.h>

struct sb_req;

/* ?limit= (1 to 200, default 50) and ?after=<id>. */
int	sb_page_params(struct sb_req *, int64_t *limit, bson_oid_t *after,
	    int *has_after);
/* Path parameter i, an id called name. */
int	sb_path_id(struct sb_req *, size_t i, const char *name, bson_oid_t *);

#endif
