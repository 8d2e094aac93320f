/*
 * route.h -- what a route is, and the matcher.  The service's own table
 * is in server/routes.c; the front line (server/dispatch.c) enforces a
 * route's role, body and fields before its handler runs.
 */
#ifndef SB_ROUTE_H
#define SB_ROUTE_H

#include <stddef.h>

struct sb_req;
struct sb_input;

enum sb_role {
	SB_ROLE_PUBLIC,		/* no token needed */
	SB_ROLE_USER,		/* any authenticated user */
	SB_ROLE_CUSTOMER,
	SB_ROLE_AUDITOR,
};

/* "public", "user", "customer" or "auditor" (smartbankd -r). */
const char	*sb_role_name(enum sb_role);

enum sb_body {
	SB_BODY_NONE,		/* a body is ignored */
	SB_BODY_JSON,		/* a JSON object is required */
	SB_BODY_JSON_OPTIONAL,	/* a JSON object, or nothing */
};

/* Route flags. */
#define SB_ROUTE_OWN_HEALTH	0x1	/* answers a database outage itself */

/*
 * One field of a route's JSON body, in the spirit of kcgi's keys[]: its
 * name, whether it is required, and its check.  A check sees the value
 * (a valid UTF-8 string) and returns NULL when it is good, else the 422
 * message (of kind type); it may replace in->value[i] with a normalised
 * copy or leave a note (http/input.h).
 */
struct sb_field {
	const char	*name;
	int		 required;
	const char	*type;		/* the 422 item's type on refusal */
	const char	*(*check)(struct sb_input *, size_t i, const char *);
	/* A list: 1 to SB_FIELD_LIST_MAX distinct strings, each checked,
	 * its value the items joined by commas. */
	int		 list;
	/* Flags: an object of at most SB_FIELD_LIST_MAX names to booleans
	 * (at least one when required), each checked as "name=1" or
	 * "name=0", its value those joined by commas. */
	int		 flags;
};

#define SB_FIELD_LIST_MAX	8

#define SB_ROUTE_MAXPARAMS	2
#define SB_ROUTE_MAXFIELDS	6

struct sb_route {
	const char		*method;
	const char		*pattern;	/* "/kyc/{id}/approve": {x} is one segment */
	enum sb_role		 role;
	enum sb_body		 body;
	unsigned		 flags;		/* SB_ROUTE_* */
	const char		*forbidden;	/* the 403 detail, wrong role */
	const struct sb_field	*fields;	/* ended by a NULL name, or NULL */
	int			(*handler)(struct sb_req *);
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

/*
 * Find the route for method and path in table.  A literal segment beats a
 * parameter ("/kyc/pending" before "/kyc/{id}").
 */
void	sb_route_match(const struct sb_route *table, size_t n,
	    const char *method, const char *path, struct sb_match *);

#endif
