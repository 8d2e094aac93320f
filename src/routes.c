/*
 * routes.c -- the route table and the matcher.
 *
 * Every route the service answers is one line below.  The front line in
 * dispatch.c enforces the role and the body before a handler runs.
 */
#include "config.h"
#include "routes.h"

#include <stdio.h>
#include <string.h>

#include "handlers/handlers.h"

const struct sb_route sb_routes[] = {
	{ "GET", "/healthz", SB_ROLE_PUBLIC, SB_BODY_NONE, NULL,
	  sb_handle_healthz },
	{ "POST", "/auth/register", SB_ROLE_PUBLIC, SB_BODY_JSON, NULL,
	  sb_handle_register },
	{ "POST", "/auth/login", SB_ROLE_PUBLIC, SB_BODY_JSON, NULL,
	  sb_handle_login },
	{ "GET", "/users/me", SB_ROLE_USER, SB_BODY_NONE, NULL,
	  sb_handle_me },
	{ "GET", "/users/me/kyc-status", SB_ROLE_USER, SB_BODY_NONE, NULL,
	  sb_handle_me_kyc_status },
	{ "POST", "/kyc/upload", SB_ROLE_CUSTOMER, SB_BODY_JSON,
	  "Only customers can upload KYC", sb_handle_kyc_upload },
	{ "GET", "/kyc/pending", SB_ROLE_AUDITOR, SB_BODY_NONE,
	  "Only auditors can view pending KYCs", sb_handle_kyc_pending },
	{ "GET", "/kyc/{kyc_id}", SB_ROLE_AUDITOR, SB_BODY_NONE,
	  "Only auditors can view KYC details", sb_handle_kyc_get },
	{ "PUT", "/kyc/{kyc_id}/approve", SB_ROLE_AUDITOR, SB_BODY_JSON_OPTIONAL,
	  "Only auditors can approve KYC", sb_handle_kyc_approve },
	{ "PUT", "/kyc/{kyc_id}/reject", SB_ROLE_AUDITOR, SB_BODY_JSON_OPTIONAL,
	  "Only auditors can reject KYC", sb_handle_kyc_reject },
	{ "GET", "/audit/logs", SB_ROLE_AUDITOR, SB_BODY_NONE,
	  "Only auditors can view audit logs", sb_handle_audit_logs },
};
const size_t sb_nroutes = sizeof(sb_routes) / sizeof(sb_routes[0]);

/* Next path segment after *p (which points at a '/'); advances *p. */
static int
next_segment(const char **p, struct sb_span *seg)
{
	const char *s = *p, *e;

	if (*s != '/')
		return 0;
	s++;
	e = strchr(s, '/');
	if (e == NULL)
		e = s + strlen(s);
	seg->p = s;
	seg->len = (size_t)(e - s);
	*p = e;
	return 1;
}

/*
 * Score of pattern against path: -1 for no match, else a number that is
 * larger the more segments matched literally.  Fills params.
 */
static int
match_pattern(const char *pattern, const char *path, struct sb_match *m)
{
	const char	*pp = pattern, *xp = path;
	struct sb_span	 ps, xs;
	int		 score = 0;

	m->nparams = 0;
	for (;;) {
		int hp = next_segment(&pp, &ps), hx = next_segment(&xp, &xs);

		if (!hp || !hx)
			return hp == hx && *pp == '\0' && *xp == '\0' ?
			    score : -1;
		score <<= 1;
		if (ps.len >= 2 && ps.p[0] == '{' && ps.p[ps.len - 1] == '}') {
			if (xs.len == 0 || m->nparams == SB_ROUTE_MAXPARAMS)
				return -1;
			m->params[m->nparams++] = xs;
		} else if (ps.len == xs.len &&
		    memcmp(ps.p, xs.p, ps.len) == 0) {
			score |= 1;
		} else {
			return -1;
		}
	}
}

void
sb_route_match(const struct sb_route *table, size_t n, const char *method,
    const char *path, struct sb_match *m)
{
	struct sb_match	 probe;
	char		 allow[sizeof(m->allow)] = "";
	int		 best = -1;
	size_t		 alen = 0;

	memset(m, 0, sizeof(*m));
	memset(&probe, 0, sizeof(probe));
	m->status = 404;
	if (path == NULL || *path != '/')
		return;

	/* The best-matching pattern decides 404 versus 405. */
	for (size_t i = 0; i < n; i++) {
		int s = match_pattern(table[i].pattern, path, &probe);

		if (s > best)
			best = s;
	}
	if (best < 0)
		return;

	for (size_t i = 0; i < n; i++) {
		int w;

		if (match_pattern(table[i].pattern, path, &probe) != best)
			continue;
		if (m->route == NULL && strcmp(table[i].method, method) == 0) {
			*m = probe;
			m->route = &table[i];
		}
		w = snprintf(allow + alen, sizeof(allow) - alen, "%s%s",
		    alen ? ", " : "", table[i].method);
		if (w > 0 && (size_t)w < sizeof(allow) - alen)
			alen += (size_t)w;
	}
	memcpy(m->allow, allow, sizeof(allow));
	m->status = m->route != NULL ? 0 : 405;
}
