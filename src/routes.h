/*
 * routes.h -- the one route table: method and path pattern to handler,
 * with the role the route requires and the body it takes.
 */
#ifndef SB_ROUTES_H
#define SB_ROUTES_H

#include <stddef.h>

struct sb_req;

enum sb_role {
	SB_ROLE_PUBLIC,		/* no token needed */
	SB_ROLE_USER,		/* any authenticated user */
	SB_ROLE_CUSTOMER,
	SB_ROLE_AUDITOR,
};

enum sb_body {
	SB_BODY_NONE,		/* a body is ignored */
	SB_BODY_JSON,		/* a JSON object is required */
	SB_BODY_JSON_OPTIONAL,	/* a JSON object, or nothing */
};

#define SB_ROUTE_MAXPARAMS 2

struct sb_route {
	const char	*method;
	const char	*pattern;	/* "/kyc/{id}/approve"; {x} is one segment */
	enum sb_role	 role;
	enum sb_body	 body;
	const char	*forbidden;	/* 403 detail when the role is wrong */
	int		(*handler)(struct sb_req *);
};

struct sb_span {
	const char	*p;
	size_t		 len;
};

struct sb_match {
	const struct sb_route	*route;	/* NULL: see status */
	int			 status;	/* 0, 404 or 405 */
	char			 allow[64];	/* for 405: "GET, PUT" */
	struct sb_span		 params[SB_ROUTE_MAXPARAMS];
	size_t			 nparams;
};

extern const struct sb_route sb_routes[];
extern const size_t sb_nroutes;

/*
 * Find the route for method and path in table.  A literal segment beats a
 * parameter ("/kyc/pending" before "/kyc/{id}").
 */
void	sb_route_match(const struct sb_route *table, size_t n,
	    const char *method, const char *path, struct sb_match *);

#endif
