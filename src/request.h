/*
 * request.h -- one FastCGI request: its parameters, its bounded body, and
 * the writers of its answer.  Everything a request allocates is released by
 * sb_req_finish(), so handlers return early without freeing by hand.
 */
#ifndef SB_REQUEST_H
#define SB_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>
#include <cjson/cJSON.h>
#include <mongoc/mongoc.h>

#include "db.h"
#include "routes.h"
#include "store/user.h"

struct sb_worker;

#define SB_PATH_MAX 1024


struct sb_req {
	FCGX_Request		*fcgi;
	struct sb_worker	*w;

	/* FastCGI parameters; they live as long as the request. */
	const char		*method;
	const char		*query;
	const char		*content_type;
	const char		*authorization;
	const char		*remote_addr;
	const char		*request_id;
	char			 path[SB_PATH_MAX];

	struct sb_match		 match;
	char			*body;		/* NUL-terminated copy */
	int			 body_consumed;	/* read or drained */
	size_t			 body_len;
	cJSON			*json;		/* parsed body, or NULL */
	int			 authenticated;
	struct sb_user		 user;		/* the caller, once authenticated */
	mongoc_client_t		*db;		/* popped on first use */
	int			 db_outage;	/* it failed: database away */

	int			 status;	/* as answered */
	int64_t			 start_us;
	char			 headers[512];	/* extra header lines */
	size_t			 headers_len;
};

void	sb_req_init(struct sb_req *, FCGX_Request *, struct sb_worker *);
void	sb_req_finish(struct sb_req *);

/* Read the body up to max bytes: 0, or the error status already answered. */
int	sb_req_read_body(struct sb_req *, size_t max);
/* The database client for this request (from the worker's pool). */
mongoc_client_t *sb_req_db(struct sb_req *);
/* The client and database name, as the store functions take them. */
struct sb_conn	 sb_req_conn(struct sb_req *);

/* Add "Name: value" to the answer; the value must not hold CR or LF. */
void	sb_req_header(struct sb_req *, const char *name, const char *value);

/* The answer writers each return the status they wrote. */
int	sb_reply_json(struct sb_req *, int status, cJSON *body); /* frees body */
int	sb_reply_error(struct sb_req *, int status, const char *detail);
int	sb_reply_invalid(struct sb_req *, cJSON *errs);	/* 422; frees errs */
/* 503 when the database is unreachable, 500 otherwise; logs the cause. */
int	sb_reply_db_error(struct sb_req *, const bson_error_t *);

#endif
