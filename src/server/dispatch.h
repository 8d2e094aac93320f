/*
 * dispatch.h -- the front line of every request.
 */
#ifndef SB_DISPATCH_H
#define SB_DISPATCH_H

#include <stddef.h>

struct sb_req;
struct sb_route;

/*
 * Route the request in table and answer it: 404/405 for unknown paths and
 * methods, 503 while the database is away, then authentication and role
 * (401/403), then the body (415/413/400/422) and its fields (422), and only
 * then the handler, which sees checked values in req->in.
 */
void	sb_dispatch(struct sb_req *, const struct sb_route *table, size_t n);

#endif
