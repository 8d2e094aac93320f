/*
 * request.h -- one FastCGI request: its parameters, its bounded body, what
 * it owns, and the writers of its answer.
 *
 * Ownership: everything a request allocates -- its body, the parsed JSON,
 * the database client, the cJSON values and BSON documents a handler asks
 * it for -- is released by sb_req_finish(), so handlers return early
 * without freeing by hand.  The reply writers never take ownership of
 * what they are given.  A failed allocation anywhere in building an
 * answer makes that answer a 500, never one with a field missing.
 */
#ifndef SB_REQUEST_H
#define SB_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>
#include <cjson/cJSON.h>
#include <mongoc/mongoc.h>

#include "http/input.h"
#include "http/route.h"

struct sb_config;
struct sb_db;		/* the worker's pool (store/db.h), opaque here */
struct sb_user;		/* the caller (store/user.h), opaque here */

#define SB_PATH_MAX	1024
#define SB_REQ_OWNED	4	/* cJSON values a request holds */
#define SB_REQ_BSON	2	/* BSON documents a request holds */
#define SB_REQ_MEM	4	/* malloc'd buffers a request holds */

/* Where a request's body comes from and its answer goes. */
struct sb_req_io {
	int	(*read)(struct sb_req *, char *buf, int n);	/* bytes, <= 0 at end */
	void	(*write)(struct sb_req *, const char *buf, int n);
};
extern const struct sb_req_io sb_req_fcgi_io;

struct sb_req {
	FCGX_Request		*fcgi;		/* NULL for another io */
	const struct sb_req_io	*io;
	char			**envp;		/* the CGI parameters */
	void			*io_arg;	/* the io's own */
	const struct sb_config	*cfg;
	struct sb_db		*db;

	/* FastCGI parameters; they live as long as the request. */
	const char		*method;
	const char		*query;
	const char		*content_type;
	const char		*authorization;
	const char		*cookie;	/* the Cookie header, or NULL */
	const char		*remote_addr;
	const char		*request_id;
	char			 path[SB_PATH_MAX];

	struct sb_match		 match;
	char			*body;		/* NUL-terminated copy */
	int			 body_consumed;	/* read or drained */
	size_t			 body_len;
	cJSON			*json;		/* parsed body, or NULL */
	struct sb_input		 in;		/* its checked fields */
	/* The caller once authenticated (server/bearer.h), else NULL. */
	const struct sb_user	*user;
	char			 user_id[25];	/* its id, kept for the log */
	/* The database client (handlers/request_db.h), taken on first use. */
	mongoc_client_t		*client;
	void			(*release_client)(struct sb_req *);
	int			 db_outage;	/* it failed: database away */

	cJSON			*owned[SB_REQ_OWNED];
	bson_t			 bson[SB_REQ_BSON];
	unsigned		 nbson;
	void			*mem[SB_REQ_MEM];
	void			(*release[SB_REQ_MEM])(void *);

	int			 status;	/* as answered */
	int64_t			 start_us;
	char			 headers[512];	/* extra header lines */
	size_t			 headers_len;
};

void	sb_req_init(struct sb_req *, FCGX_Request *, const struct sb_config *,
	    struct sb_db *);
/* The same on another io (the unit tests'), with parameters envp. */
void	sb_req_init_io(struct sb_req *, const struct sb_req_io *, char **envp,
	    const struct sb_config *, struct sb_db *);
void	sb_req_finish(struct sb_req *);

/* Read the body up to max bytes: SB_OK, or the error status answered. */
int	sb_req_read_body(struct sb_req *, size_t max);

/* A JSON object or array owned by the request (NULL: out of memory). */
cJSON	*sb_req_object(struct sb_req *);
cJSON	*sb_req_array(struct sb_req *);
/* An empty BSON document owned by the request (NULL: none left). */
bson_t	*sb_req_bson(struct sb_req *);
/* Make p (malloc'd) the request's to free; NULL (p freed) when full. */
void	*sb_req_keep(struct sb_req *, void *p);
/*
 * The same for a structure that holds more: release(p) first (it frees
 * what p holds, not p), at the request's end or at once when full.
 */
void	*sb_req_own(struct sb_req *, void *p, void (*release)(void *));

/*
 * The value of cookie name in the request's Cookie header (RFC 6265
 * section 5.4: "a=b; c=d"), or NULL when absent or longer than cap - 1.
 */
const char *sb_req_cookie(const struct sb_req *, const char *name,
	    char *out, size_t cap);

/* Add "Name: value" to the answer; the value must not hold CR or LF. */
void	sb_req_header(struct sb_req *, const char *name, const char *value);

/* The answer writers each return the status they wrote. */
int	sb_reply_json(struct sb_req *, int status, const cJSON *body);
/*
 * A JSON answer with one large value written in place rather than held
 * twice: body holds it as a raw SB_JSON_SPLICE, which is replaced by the
 * len bytes that write_value writes with sb_req_write() (a complete JSON
 * value, quotes included).
 */
#define SB_JSON_SPLICE	"\001"
int	sb_reply_json_splice(struct sb_req *, int status, const cJSON *body,
	    size_t len, void (*write_value)(struct sb_req *, void *), void *arg);
/*
 * Begin an answer whose length is not known: its head, without
 * Content-Length (nginx sends it on chunked), then its body a piece at a
 * time by sb_req_write().  SB_OK, or SB_ERR (nothing written).  Once
 * begun, the status stands: a writer that fails half-way ends the body
 * short (a document that does not parse) and logs why.
 */
int	sb_reply_stream(struct sb_req *, int status, const char *content_type);
/* Write n bytes of an answer's body (for a splice's write_value). */
void	sb_req_write(struct sb_req *, const void *, size_t n);
int	sb_reply_error(struct sb_req *, int status, const char *detail);
/* Bytes of content_type as they are (the raw document route). */
int	sb_reply_bytes(struct sb_req *, int status, const char *content_type,
	    const void *body, size_t len);
/* 422 with the list errs, of sb_verr_add() items. */
int	sb_reply_invalid(struct sb_req *, const cJSON *errs);
/* 422 with one item. */
int	sb_reply_invalid1(struct sb_req *, const char *where,
	    const char *field, const char *msg, const char *type);

#endif
