/*
 * check_routes.c -- the route matcher, on a synthetic table and on the
 * service's own table.
 */
#include "config.h"

#include <string.h>

#include "check_main.h"
#include "base/model.h"
#include "http/route.h"
#include "server/routes.h"

static int h(struct sb_req *r) { (void)r; return 200; }

static const struct sb_route table[] = {
	{ .method = "GET", .pattern = "/healthz", .role = SB_ROLE_PUBLIC, .body = SB_BODY_NONE, .handler = h },		/* 0 */
	{ .method = "POST", .pattern = "/auth/login", .role = SB_ROLE_PUBLIC, .body = SB_BODY_JSON, .handler = h },	/* 1 */
	{ .method = "GET", .pattern = "/kyc/pending", .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE, .forbidden = "x", .handler = h },	/* 2 */
	{ .method = "GET", .pattern = "/kyc/{id}", .role = SB_ROLE_AUDITOR, .body = SB_BODY_NONE, .forbidden = "x", .handler = h },		/* 3 */
	{ .method = "PUT", .pattern = "/kyc/{id}/approve", .role = SB_ROLE_AUDITOR, .body = SB_BODY_JSON_OPTIONAL, .forbidden = "x", .handler = h }, /* 4 */
	{ .method = "POST", .pattern = "/kyc/upload", .role = SB_ROLE_CUSTOMER, .body = SB_BODY_JSON, .forbidden = "x", .handler = h },	/* 5 */
	{ .method = "GET", .pattern = "/users/me", .role = SB_ROLE_USER, .body = SB_BODY_NONE, .handler = h },		/* 6 */
	{ .method = "GET", .pattern = "/users/me/kyc-status", .role = SB_ROLE_USER, .body = SB_BODY_NONE, .handler = h },	/* 7 */
};

static const struct {
	const char	*method, *path;
	int		 route;		/* index, or -1 */
	int		 status;
	const char	*allow;
	const char	*param;		/* first parameter, or NULL */
} cases[] = {
	{ "GET", "/healthz", 0, 0, "GET", NULL },
	{ "POST", "/healthz", -1, 405, "GET", NULL },
	{ "HEAD", "/healthz", -1, 405, "GET", NULL },
	{ "GET", "/healthz/", -1, 404, "", NULL },
	{ "GET", "/healthzz", -1, 404, "", NULL },
	{ "GET", "/", -1, 404, "", NULL },
	{ "GET", "", -1, 404, "", NULL },
	{ "GET", "healthz", -1, 404, "", NULL },
	{ "GET", "//healthz", -1, 404, "", NULL },
	{ "POST", "/auth/login", 1, 0, "POST", NULL },
	{ "GET", "/auth/login", -1, 405, "POST", NULL },
	{ "GET", "/kyc/pending", 2, 0, "GET", NULL },
	{ "POST", "/kyc/pending", -1, 405, "GET", NULL },
	{ "GET", "/kyc/671bd890abcdef0123456789", 3, 0, "GET", "671bd890abcdef0123456789" },
	{ "GET", "/kyc/", -1, 404, "", NULL },
	{ "GET", "/kyc//approve", -1, 404, "", NULL },
	{ "PUT", "/kyc/abc/approve", 4, 0, "PUT", "abc" },
	{ "GET", "/kyc/abc/approve", -1, 405, "PUT", NULL },
	{ "PUT", "/kyc/abc/approve/", -1, 404, "", NULL },
	{ "POST", "/kyc/upload", 5, 0, "POST", NULL },
	/* The literal /kyc/upload wins over /kyc/{id}, so GET is a 405. */
	{ "GET", "/kyc/upload", -1, 405, "POST", NULL },
	{ "GET", "/users/me", 6, 0, "GET", NULL },
	{ "GET", "/users/me/kyc-status", 7, 0, "GET", NULL },
	{ "PUT", "/users/me/kyc-status", -1, 405, "GET", NULL },
	{ "GET", "/users/you", -1, 404, "", NULL },
};

START_TEST(test_match_table)
{
	struct sb_match m;

	sb_route_match(table, SB_NELEM(table),
	    cases[_i].method, cases[_i].path, &m);
	ck_assert_int_eq(m.status, cases[_i].status);
	if (cases[_i].route < 0)
		ck_assert_ptr_null(m.route);
	else
		ck_assert_ptr_eq(m.route, &table[cases[_i].route]);
	if (cases[_i].status == 405)
		ck_assert_str_eq(m.allow, cases[_i].allow);
	if (cases[_i].param != NULL) {
		ck_assert_uint_eq(m.nparams, 1);
		ck_assert_uint_eq(m.params[0].len, strlen(cases[_i].param));
		ck_assert(memcmp(m.params[0].p, cases[_i].param,
		    m.params[0].len) == 0);
	}
}
END_TEST

START_TEST(test_allow_lists_every_method)
{
	static const struct sb_route t[] = {
		{ .method = "GET", .pattern = "/x", .role = SB_ROLE_PUBLIC, .body = SB_BODY_NONE, .handler = h },
		{ .method = "POST", .pattern = "/x", .role = SB_ROLE_PUBLIC, .body = SB_BODY_JSON, .handler = h },
		{ .method = "PUT", .pattern = "/x", .role = SB_ROLE_PUBLIC, .body = SB_BODY_JSON, .handler = h },
	};
	struct sb_match m;

	sb_route_match(t, 3, "DELETE", "/x", &m);
	ck_assert_int_eq(m.status, 405);
	ck_assert_str_eq(m.allow, "GET, POST, PUT");
	sb_route_match(t, 3, "PUT", "/x", &m);
	ck_assert_ptr_eq(m.route, &t[2]);
}
END_TEST

/* The service's own table is well formed. */
START_TEST(test_service_table)
{
	for (size_t i = 0; i < sb_nroutes; i++) {
		const struct sb_route *r = &sb_routes[i];
		struct sb_match m;

		ck_assert_ptr_nonnull(r->handler);
		ck_assert(r->pattern[0] == '/');
		ck_assert(strcmp(r->method, "GET") == 0 ||
		    strcmp(r->method, "POST") == 0 ||
		    strcmp(r->method, "PUT") == 0 ||
		    strcmp(r->method, "PATCH") == 0 ||
		    strcmp(r->method, "DELETE") == 0);
		/* Every field of its body has a slot in struct sb_input. */
		if (r->fields != NULL) {
			size_t n = 0;

			while (r->fields[n].name != NULL)
				n++;
			ck_assert_uint_le(n, SB_ROUTE_MAXFIELDS);
			ck_assert(r->body != SB_BODY_NONE);
		}
		/* A role-restricted route says why it refuses. */
		ck_assert((r->role == SB_ROLE_CUSTOMER ||
		    r->role == SB_ROLE_AUDITOR) == (r->forbidden != NULL));
		/* No two routes share a method and pattern. */
		for (size_t j = i + 1; j < sb_nroutes; j++)
			ck_assert(strcmp(r->method, sb_routes[j].method) != 0 ||
			    strcmp(r->pattern, sb_routes[j].pattern) != 0);
		/* Every literal route is reachable by its own path. */
		if (strchr(r->pattern, '{') == NULL) {
			sb_route_match(sb_routes, sb_nroutes, r->method,
			    r->pattern, &m);
			ck_assert_ptr_eq(m.route, r);
		}
	}
	ck_assert_uint_gt(sb_nroutes, 0);
}
END_TEST

static Suite *
routes_suite(void)
{
	Suite	*s = suite_create("routes");
	TCase	*tc = tcase_create("match");

	tcase_add_loop_test(tc, test_match_table, 0,
	    SB_NELEM(cases));
	tcase_add_test(tc, test_allow_lists_every_method);
	tcase_add_test(tc, test_service_table);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(routes_suite)
