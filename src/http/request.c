/*
 * request.c -- FastCGI request plumbing: parameters, bounded body reads,
 * what a request owns, and response writers.
 */
#include "config.h"
#include "http/request.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/http.h"
#include "base/json.h"
#include "base/log.h"
#include "base/model.h"
#include "base/util.h"

static const char *
param(struct sb_req *req, const char *name)
{
	return FCGX_GetParam(name, req->envp);
}

/* The FastCGI connection, as every request but a test's reads and writes. */
static int
fcgi_read(struct sb_req *req, char *buf, int n)
{
	return FCGX_GetStr(buf, n, req->fcgi->in);
}

static void
fcgi_write(struct sb_req *req, const char *buf, int n)
{
	FCGX_PutStr(buf, n, req->fcgi->out);
}

const struct sb_req_io sb_req_fcgi_io = {
	.read = fcgi_read,
	.write = fcgi_write,
};

void
sb_req_init(struct sb_req *req, FCGX_Request *fr, const struct sb_config *cfg,
    struct sb_db *db)
{
	sb_req_init_io(req, &sb_req_fcgi_io, fr->envp, cfg, db);
	req->fcgi = fr;
}

void
sb_req_init_io(struct sb_req *req, const struct sb_req_io *io, char **envp,
    const struct sb_config *cfg, struct sb_db *db)
{
	const char	*script, *info;
	int		 n;

	memset(req, 0, sizeof(*req));
	req->io = io;
	req->envp = envp;
	req->cfg = cfg;
	req->db = db;
	req->in.cfg = cfg;
	sb_json_alloc_failed();	/* forget what an earlier request saw */
	req->start_us = sb_mono_us();
	req->method = param(req, "REQUEST_METHOD");
	req->query = param(req, "QUERY_STRING");
	req->content_type = param(req, "CONTENT_TYPE");
	req->authorization = param(req, "HTTP_AUTHORIZATION");
	req->cookie = param(req, "HTTP_COOKIE");
	req->remote_addr = param(req, "REMOTE_ADDR");
	req->request_id = param(req, "HTTP_X_REQUEST_ID");
	if (req->request_id == NULL)
		req->request_id = param(req, "REQUEST_ID");
	if (req->method == NULL)
		req->method = "";
	if (req->query == NULL)
		req->query = "";
	if (req->remote_addr == NULL)
		req->remote_addr = "";

	/* nginx puts the decoded, normalised path in SCRIPT_NAME. */
	script = param(req, "SCRIPT_NAME");
	info = param(req, "PATH_INFO");
	n = snprintf(req->path, sizeof(req->path), "%s%s",
	    script != NULL ? script : "", info != NULL ? info : "");
	if (n < 0 || (size_t)n >= sizeof(req->path))
		req->path[0] = '\0'; /* too long: matches no route */
}

void *
sb_req_own(struct sb_req *req, void *p, void (*release)(void *))
{
	for (size_t i = 0; p != NULL && i < SB_NELEM(req->mem); i++)
		if (req->mem[i] == NULL) {
			req->mem[i] = p;
			req->release[i] = release;
			return p;
		}
	if (p != NULL && release != NULL)
		release(p);
	free(p);
	return NULL;
}

void *
sb_req_keep(struct sb_req *req, void *p)
{
	return sb_req_own(req, p, NULL);
}

/* Discard what the client sent so nginx is not cut off mid-request. */
static void
drain(struct sb_req *req, long len)
{
	char buf[16384];

	while (len > 0) {
		int n = req->io->read(req, buf, len > (long)sizeof(buf) ?
		    (int)sizeof(buf) : (int)len);

		if (n <= 0)
			break;
		len -= n;
	}
}

static long
content_length(struct sb_req *req)
{
	const char	*cl = param(req, "CONTENT_LENGTH");
	char		*end;
	long		 len;

	if (cl == NULL || *cl == '\0')
		return 0;
	errno = 0;
	len = strtol(cl, &end, 10);
	return errno != 0 || *end != '\0' || len < 0 ? -1 : len;
}

void
sb_req_finish(struct sb_req *req)
{
	/* An early answer (401, 403, 404...) leaves the body unread. */
	if (!req->body_consumed)
		drain(req, content_length(req));
	if (req->client != NULL && req->release_client != NULL)
		req->release_client(req);
	for (size_t i = 0; i < SB_NELEM(req->owned); i++)
		cJSON_Delete(req->owned[i]);
	for (unsigned i = 0; i < req->nbson; i++)
		bson_destroy(&req->bson[i]);
	for (size_t i = 0; i < SB_NELEM(req->mem); i++) {
		if (req->mem[i] != NULL && req->release[i] != NULL)
			req->release[i](req->mem[i]);
		free(req->mem[i]);
	}
	cJSON_Delete(req->json);
	free(req->body);
	req->client = NULL;
	req->release_client = NULL;
	req->json = NULL;
	req->body = NULL;
	req->nbson = 0;
	memset(req->owned, 0, sizeof(req->owned));
	memset(req->mem, 0, sizeof(req->mem));
	memset(req->release, 0, sizeof(req->release));
}

static cJSON *
own(struct sb_req *req, cJSON *v)
{
	for (size_t i = 0; v != NULL && i < SB_NELEM(req->owned); i++)
		if (req->owned[i] == NULL) {
			req->owned[i] = v;
			return v;
		}
	cJSON_Delete(v);
	return NULL;
}

cJSON *
sb_req_object(struct sb_req *req)
{
	return own(req, cJSON_CreateObject());
}

cJSON *
sb_req_array(struct sb_req *req)
{
	return own(req, cJSON_CreateArray());
}

bson_t *
sb_req_bson(struct sb_req *req)
{
	bson_t *b;

	if (req->nbson == SB_NELEM(req->bson))
		return NULL;
	b = &req->bson[req->nbson++];
	bson_init(b);
	return b;
}

int
sb_req_read_body(struct sb_req *req, size_t max)
{
	long	len = content_length(req);
	size_t	got = 0;

	req->body_consumed = 1;
	if (len < 0)
		return sb_reply_error(req, 400, "Invalid Content-Length");
	if ((size_t)len > max) {
		drain(req, len);
		return sb_reply_error(req, 413, "Request body too large");
	}
	if ((req->body = malloc((size_t)len + 1)) == NULL)
		return sb_reply_error(req, 500, "Internal server error");
	while (got < (size_t)len) {
		int chunk = (size_t)len - got > 1 << 20 ? 1 << 20 :
		    (int)((size_t)len - got);
		int n = req->io->read(req, req->body + got, chunk);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != (size_t)len)
		return sb_reply_error(req, 400, "Incomplete request body");
	req->body[got] = '\0';
	req->body_len = got;
	return SB_OK;
}

const char *
sb_req_cookie(const struct sb_req *req, const char *name, char *out,
    size_t cap)
{
	const char	*p = req->cookie;
	size_t		 nlen = strlen(name);

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, ';');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		while (len > 0 && *p == ' ') {
			p++;
			len--;
		}
		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			len -= nlen + 1;
			if (len >= cap)
				return NULL;
			memcpy(out, p + nlen + 1, len);
			out[len] = '\0';
			return out;
		}
		p = end != NULL ? end + 1 : NULL;
	}
	return NULL;
}

void
sb_req_header(struct sb_req *req, const char *name, const char *value)
{
	size_t	room = sizeof(req->headers) - req->headers_len;
	int	n;

	if (strpbrk(value, "\r\n") != NULL)
		return;
	n = snprintf(req->headers + req->headers_len, room, "%s: %s\r\n",
	    name, value);
	if (n > 0 && (size_t)n < room)
		req->headers_len += (size_t)n;
	else
		req->headers[req->headers_len] = '\0';
}

/* An answer whose length is not known when its head is written. */
#define LEN_UNKNOWN	((size_t)-1)

/* The head of an answer of len bytes (LEN_UNKNOWN: no Content-Length). */
static int
write_head(struct sb_req *req, int status, const char *content_type,
    size_t len)
{
	char	head[1024], length[48] = "";
	int	n;

	/* libfcgi's own printf knows no %zu: format here, then copy. */
	if (len != LEN_UNKNOWN)
		snprintf(length, sizeof(length), "Content-Length: %zu\r\n",
		    len);
	n = snprintf(head, sizeof(head),
	    "Status: %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "%s"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "%s\r\n",
	    status, sb_http_reason(status), content_type, length,
	    req->headers);
	req->status = status;
	if (n < 0 || (size_t)n >= sizeof(head) ||
	    (len > INT_MAX && len != LEN_UNKNOWN))
		return SB_ERR;
	req->io->write(req, head, n);
	return SB_OK;
}

void
sb_req_write(struct sb_req *req, const void *p, size_t n)
{
	req->io->write(req, p, (int)n);
}

static int
write_answer(struct sb_req *req, int status, const char *body)
{
	return sb_reply_bytes(req, status, "application/json; charset=utf-8",
	    body, strlen(body));
}

int
sb_reply_bytes(struct sb_req *req, int status, const char *content_type,
    const void *body, size_t len)
{
	if (write_head(req, status, content_type, len) == SB_OK)
		req->io->write(req, body, (int)len);
	return status;
}

int
sb_reply_stream(struct sb_req *req, int status, const char *content_type)
{
	return write_head(req, status, content_type, LEN_UNKNOWN) == SB_OK ?
	    SB_OK : SB_ERR;
}

/* The last resort when even an error body cannot be built. */
static const char oom_body[] = "{\"detail\":\"Internal server error\"}";

int
sb_reply_json(struct sb_req *req, int status, const cJSON *body)
{
	char	*s = body != NULL ? cJSON_PrintUnformatted(body) : NULL;
	int	 written;

	/* Any allocation that failed while the body was built: a 500. */
	if (sb_json_alloc_failed() || s == NULL) {
		cJSON_free(s);
		return write_answer(req, 500, oom_body);
	}
	written = write_answer(req, status, s);
	cJSON_free(s);
	return written;
}

int
sb_reply_json_splice(struct sb_req *req, int status, const cJSON *body,
    size_t len, void (*write_value)(struct sb_req *, void *), void *arg)
{
	char	*s = body != NULL ? cJSON_PrintUnformatted(body) : NULL;
	char	*mark = s != NULL ? strchr(s, SB_JSON_SPLICE[0]) : NULL;
	size_t	 head, tail;

	if (sb_json_alloc_failed() || mark == NULL) {
		cJSON_free(s);
		return write_answer(req, 500, oom_body);
	}
	head = (size_t)(mark - s);
	tail = strlen(mark + 1);
	if (write_head(req, status, "application/json; charset=utf-8",
	    head + len + tail) == SB_OK) {
		req->io->write(req, s, (int)head);
		write_value(req, arg);
		req->io->write(req, mark + 1, (int)tail);
	}
	cJSON_free(s);
	return status;
}

int
sb_reply_error(struct sb_req *req, int status, const char *detail)
{
	char	*s = sb_http_error_body(detail);
	int	 written;

	if (status == 401)
		sb_req_header(req, "WWW-Authenticate", "Bearer");
	if (s == NULL)
		return write_answer(req, 500, oom_body);
	written = write_answer(req, status, s);
	cJSON_free(s);
	return written;
}

int
sb_reply_invalid(struct sb_req *req, const cJSON *errs)
{
	char	*s = sb_http_validation_body(errs);
	int	 written;

	if (sb_json_alloc_failed() || s == NULL) {
		cJSON_free(s);
		return write_answer(req, 500, oom_body);
	}
	written = write_answer(req, 422, s);
	cJSON_free(s);
	return written;
}

int
sb_reply_invalid1(struct sb_req *req, const char *where, const char *field,
    const char *msg, const char *type)
{
	cJSON *errs = sb_req_array(req);

	sb_verr_add(errs, where, field, msg, type);
	return sb_reply_invalid(req, errs);
}
