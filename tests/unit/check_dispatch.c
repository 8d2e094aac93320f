/*
 * check_dispatch.c -- the front line on a synthetic route table: 404, 405,
 * 401, 415, 413, 400 and 422 before any handler runs, and checked values
 * handed to the handler.  The request reads and writes memory (an io of
 * its own), and the database is marked usable, so no server is needed:
 * none of these answers may touch it.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc_fail.h"
#include "check_main.h"
#include "base/conf.h"
#include "base/hs256.h"
#include "base/json.h"
#include "http/input.h"
#include "http/request.h"
#include "server/dispatch.h"
#include "store/db.h"

/* A request's memory: what it reads, what it wrote. */
struct mem {
	const char	*in;
	size_t		 in_len, in_off;
	char		 out[16384];
	size_t		 out_len;
};

static int
mem_read(struct sb_req *req, char *buf, int n)
{
	struct mem	*m = req->io_arg;
	size_t		 left = m->in_len - m->in_off;

	if ((size_t)n > left)
		n = (int)left;
	memcpy(buf, m->in + m->in_off, (size_t)n);
	m->in_off += (size_t)n;
	return n;
}

static void
mem_write(struct sb_req *req, const char *buf, int n)
{
	struct mem *m = req->io_arg;

	if (m->out_len + (size_t)n < sizeof(m->out)) {
		memcpy(m->out + m->out_len, buf, (size_t)n);
		m->out_len += (size_t)n;
		m->out[m->out_len] = '\0';
	}
}

static const struct sb_req_io mem_io = { .read = mem_read, .write = mem_write };

static int	 called;
static char	 seen[256];

static int
h_hello(struct sb_req *req)
{
	cJSON *o = sb_req_object(req);

	called++;
	cJSON_AddStringToObject(o, "hello", "world");
	return sb_reply_json(req, 200, o);
}

static int
h_fields(struct sb_req *req)
{
	const char *email = sb_input_get(&req->in, "email");
	const char *note = sb_input_get(&req->in, "note");

	called++;
	snprintf(seen, sizeof(seen), "%s|%s", email, note != NULL ? note :
	    "(none)");
	return sb_reply_error(req, 200, "ok");
}

static void
write_big(struct sb_req *req, void *arg)
{
	(void)arg;
	sb_req_write(req, "\"", 1);
	for (int i = 0; i < 1000; i++)
		sb_req_write(req, "0123456789", 10);
	sb_req_write(req, "\"", 1);
}

/* A large value spliced into a JSON answer, never printed by cJSON. */
static int
h_splice(struct sb_req *req)
{
	cJSON *o = sb_req_object(req);

	called++;
	cJSON_AddStringToObject(o, "a", "first");
	cJSON_AddRawToObject(o, "big", SB_JSON_SPLICE);
	cJSON_AddStringToObject(o, "z", "last \001 escaped");
	return sb_reply_json_splice(req, 200, o, 10002, write_big, NULL);
}

static const struct sb_field fields[] = {
	{ .name = "email", .required = 1, .type = "value_error",
	  .check = sb_check_email },
	{ .name = "note", .required = 0, .type = "value_error",
	  .check = sb_check_review_notes },
	{ .name = NULL },
};

static const struct sb_route table[] = {
	{ .method = "GET", .pattern = "/hello", .role = SB_ROLE_PUBLIC,
	  .body = SB_BODY_NONE, .handler = h_hello },
	{ .method = "GET", .pattern = "/mine", .role = SB_ROLE_USER,
	  .body = SB_BODY_NONE, .handler = h_hello },
	{ .method = "POST", .pattern = "/form", .role = SB_ROLE_PUBLIC,
	  .body = SB_BODY_JSON, .fields = fields, .handler = h_fields },
	{ .method = "GET", .pattern = "/splice", .role = SB_ROLE_PUBLIC,
	  .body = SB_BODY_NONE, .handler = h_splice },
	{ .method = "PUT", .pattern = "/maybe", .role = SB_ROLE_PUBLIC,
	  .body = SB_BODY_JSON_OPTIONAL, .fields = fields,
	  .handler = h_fields },
};

static struct sb_config	cfg;
static struct sb_db	db;
static struct mem	mem;
static unsigned long	inject;		/* the allocation run() fails, or 0 */
static unsigned long	allocations;	/* the last run()'s */

/* Run one request; returns the status it answered. */
static int
run(const char *method, const char *path, const char *ctype,
    const char *auth, const char *body)
{
	char		 e_method[64], e_path[256], e_ctype[128], e_auth[256];
	char		 e_len[64];
	char		*envp[8];
	size_t		 n = 0;
	struct sb_req	 req;
	int		 status = 0;

	memset(&mem, 0, sizeof(mem));
	mem.in = body != NULL ? body : "";
	mem.in_len = strlen(mem.in);
	snprintf(e_method, sizeof(e_method), "REQUEST_METHOD=%s", method);
	snprintf(e_path, sizeof(e_path), "SCRIPT_NAME=%s", path);
	envp[n++] = e_method;
	envp[n++] = e_path;
	if (ctype != NULL) {
		snprintf(e_ctype, sizeof(e_ctype), "CONTENT_TYPE=%s", ctype);
		envp[n++] = e_ctype;
	}
	if (auth != NULL) {
		snprintf(e_auth, sizeof(e_auth), "HTTP_AUTHORIZATION=%s", auth);
		envp[n++] = e_auth;
	}
	snprintf(e_len, sizeof(e_len), "CONTENT_LENGTH=%zu", mem.in_len);
	envp[n++] = e_len;
	envp[n] = NULL;

	called = 0;
	seen[0] = '\0';
	alloc_fail_arm(inject);		/* Check allocates too: not it */
	sb_req_init_io(&req, &mem_io, envp, &cfg, &db);
	req.io_arg = &mem;
	sb_dispatch(&req, table, SB_NELEM(table));
	sb_req_finish(&req);
	allocations = alloc_fail_disarm();
	/* The database was never needed. */
	ck_assert_ptr_null(req.client);
	sscanf(mem.out, "Status: %d", &status);
	ck_assert_int_eq(status, req.status);
	return status;
}

static void
teardown(void)
{
	sb_hs256_free(cfg.jwt_mac);
	cfg.jwt_mac = NULL;
}

static void
setup(void)
{
	sb_json_init();		/* cJSON allocates through our hooks */
	memset(&cfg, 0, sizeof(cfg));
	cfg.jwt_secret = (char *)(uintptr_t)"k3y-0123456789-abcdefghijklmnopqrstuv";
	cfg.jwt_mac = sb_hs256_new(cfg.jwt_secret, strlen(cfg.jwt_secret));
	ck_assert_ptr_nonnull(cfg.jwt_mac);
	cfg.jwt_issuer = (char *)(uintptr_t)"smartbank";
	cfg.token_ttl_min = 30;
	cfg.max_body_bytes = 64;
	cfg.password_min = 8;
	memset(&db, 0, sizeof(db));
	db.state = 1;			/* usable */
	db.indexes_ready = 1;		/* nothing to create */
}

static const struct {
	const char	*method, *path, *ctype, *auth, *body;
	int		 status;
	int		 called;	/* did the handler run */
	const char	*has;		/* in the answer */
} cases[] = {
	{ "GET", "/hello", NULL, NULL, NULL, 200, 1, "{\"hello\":\"world\"}" },
	{ "GET", "/nowhere", NULL, NULL, NULL, 404, 0, "\"Not Found\"" },
	{ "POST", "/hello", NULL, NULL, NULL, 405, 0, "Allow: GET\r\n" },
	{ "GET", "/mine", NULL, NULL, NULL, 401, 0,
	  "WWW-Authenticate: Bearer" },
	{ "GET", "/mine", NULL, NULL, NULL, 401, 0, "\"Not authenticated\"" },
	{ "GET", "/mine", NULL, "Bearer x.y.z", NULL, 401, 0,
	  "\"Invalid token\"" },
	{ "POST", "/form", "text/plain", NULL, "{}", 415, 0,
	  "application/json" },
	{ "POST", "/form", "application/json", NULL, "{\"email\":", 400, 0,
	  "Malformed JSON body" },
	{ "POST", "/form", "application/json", NULL, "[1]", 422, 0,
	  "\"loc\":[\"body\"]" },
	{ "POST", "/form", "application/json", NULL,
	  "{\"email\":\"0123456789012345678901234567890123456789"
	  "01234567890123456789@example.com\"}", 413, 0, "too large" },
	{ "POST", "/form", "application/json", NULL, "{}", 422, 0,
	  "\"loc\":[\"body\",\"email\"],\"msg\":\"Field required\"" },
	{ "POST", "/form", "application/json", NULL, "{\"email\":\"nope\"}",
	  422, 0, "\"loc\":[\"body\",\"email\"]" },
	{ "POST", "/form", "application/json", NULL, "{\"email\":7}",
	  422, 0, "valid string" },
	{ "POST", "/form", "application/json", NULL,
	  "{\"email\":\" A@Example.COM \"}", 200, 1, NULL },
	{ "GET", "/splice", NULL, NULL, NULL, 200, 1, "\"z\":\"last" },
	{ "PUT", "/maybe", NULL, NULL, NULL, 200, 1, NULL },
	{ "PUT", "/maybe", "application/json", NULL, "{\"email\":\"a@b.co\","
	  "\"note\":\"fine\"}", 200, 1, NULL },
};

START_TEST(test_front_line)
{
	int status = run(cases[_i].method, cases[_i].path, cases[_i].ctype,
	    cases[_i].auth, cases[_i].body);

	ck_assert_int_eq(status, cases[_i].status);
	ck_assert_int_eq(called, cases[_i].called);
	if (cases[_i].has != NULL)
		ck_assert_msg(strstr(mem.out, cases[_i].has) != NULL,
		    "case %d: no %s in %s", _i, cases[_i].has, mem.out);
	/* Every answer is JSON. */
	ck_assert_ptr_nonnull(strstr(mem.out,
	    "Content-Type: application/json; charset=utf-8\r\n"));
}
END_TEST

/* The handler sees the checked, normalised values, never the raw ones. */
START_TEST(test_handler_sees_checked_values)
{
	ck_assert_int_eq(run("POST", "/form", "application/json", NULL,
	    "{\"email\":\" A@Example.COM \"}"), 200);
	ck_assert_str_eq(seen, "a@example.com|(none)");
	ck_assert_int_eq(run("PUT", "/maybe", "application/json", NULL,
	    "{\"email\":\"a@b.co\",\"note\":\"fine\"}"), 200);
	ck_assert_str_eq(seen, "a@b.co|fine");
}
END_TEST

/* Several bad fields: one 422 item each, in the table's order. */
START_TEST(test_items_in_table_order)
{
	ck_assert_int_eq(run("POST", "/form", "application/json", NULL,
	    "{\"note\":5}"), 422);
	ck_assert_ptr_nonnull(strstr(mem.out, "[{\"loc\":[\"body\",\"email\"]"
	    ",\"msg\":\"Field required\",\"type\":\"missing\"},"
	    "{\"loc\":[\"body\",\"note\"]"));
}
END_TEST

START_TEST(test_splice)
{
	const char	*body;
	char		 want[64];
	size_t		 len;

	ck_assert_int_eq(run("GET", "/splice", NULL, NULL, NULL), 200);
	body = strstr(mem.out, "\r\n\r\n") + 4;
	len = strlen(body);
	snprintf(want, sizeof(want), "Content-Length: %zu\r\n", len);
	ck_assert_ptr_nonnull(strstr(mem.out, want));
	ck_assert(strncmp(body, "{\"a\":\"first\",\"big\":\"0123456789", 28) == 0);
	ck_assert_str_eq(body + len - 29, "9\",\"z\":\"last \\u0001 escaped\"}");
	ck_assert_uint_eq(len, 10002 + strlen("{\"a\":\"first\",\"big\":,"
	    "\"z\":\"last \\u0001 escaped\"}"));
}
END_TEST

/*
 * Each allocation a request makes, failed in turn: the answer is the one
 * the request gives when nothing fails, or a JSON 500 -- never a crash, a
 * second answer, or an answer with a part missing; and nothing leaks (the
 * sanitizers' run checks that).
 */
START_TEST(test_every_allocation_may_fail)
{
	static char	 want[sizeof(mem.out)];
	unsigned long	 total;
	int		 want_status, status;

	inject = 0;
	want_status = run(cases[_i].method, cases[_i].path, cases[_i].ctype,
	    cases[_i].auth, cases[_i].body);
	total = allocations;
	ck_assert_int_eq(want_status, cases[_i].status);
	ck_assert_uint_gt(total, 0);
	memcpy(want, mem.out, sizeof(want));
	for (inject = 1; inject <= total; inject++) {
		status = run(cases[_i].method, cases[_i].path,
		    cases[_i].ctype, cases[_i].auth, cases[_i].body);
		ck_assert_msg(status == 500 || strcmp(mem.out, want) == 0,
		    "case %d, allocation %lu of %lu failed: %s", _i, inject,
		    total, mem.out);
		ck_assert_msg(strstr(mem.out + 1, "Status:") == NULL,
		    "case %d, allocation %lu: two answers", _i, inject);
		if (status == 500)
			ck_assert_ptr_nonnull(strstr(mem.out,
			    "\r\n\r\n{\"detail\":\"Internal server error\"}"));
	}
	inject = 0;
}
END_TEST

static Suite *
dispatch_suite(void)
{
	Suite	*s = suite_create("dispatch");
	TCase	*tc = tcase_create("front line");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_front_line, 0, SB_NELEM(cases));
	tcase_add_test(tc, test_handler_sees_checked_values);
	tcase_add_test(tc, test_items_in_table_order);
	tcase_add_test(tc, test_splice);
	tcase_add_loop_test(tc, test_every_allocation_may_fail, 0,
	    SB_NELEM(cases));
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(dispatch_suite)
