/*
 * route.c -- the route matcher: method and path to a row of a table.
 */
#include "config.h"
#include "http/route.h"

#include <stdio.h>
#include <string.h>

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

const char *
sb_role_name(enum sb_role role)
{
	switch (role) {
	case SB_ROLE_PUBLIC:
		return "public";
	case SB_ROLE_USER:
		return "user";
	case SB_ROLE_CUSTOMER:
		return "customer";
	case SB_ROLE_AUDITOR:
		return "auditor";
	}
	return "?";
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
