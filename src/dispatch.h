/*
 * dispatch.h -- the front line of every request.
 */
#ifndef SB_DISPATCH_H
#define SB_DISPATCH_H

struct sb_req;

/*
 * Route the request and answer it: 404/405 for unknown paths and methods,
 * then authentication and role (401/403), then the body (415/413/400/422),
 * and only then the handler, which sees a validated JSON object or NULL.
 */
void	sb_dispatch(struct sb_req *);

#endif
