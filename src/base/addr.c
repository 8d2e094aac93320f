/*
 * addr.c -- matching client addresses against address and CIDR lists.
 */
#include "config.h"
#include "base/addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"

struct net {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	bytes[16];
	int		prefix;		/* bits */
};

/* One entry ("a.b.c.d", "a.b.c.d/n", "v6", "v6/n") into n.  0, or -1. */
static int
parse_net(const char *s, size_t len, struct net *n)
{
	char	buf[64], *slash, *end;
	long	bits;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, n->bytes) == 1) {
		n->family = AF_INET;
		n->prefix = 32;
	} else if (inet_pton(AF_INET6, buf, n->bytes) == 1) {
		n->family = AF_INET6;
		n->prefix = 128;
	} else {
		return -1;
	}
	if (slash != NULL) {
		bits = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || bits < 0 ||
		    bits > n->prefix)
			return -1;
		n->prefix = (int)bits;
	}
	return 0;
}

/* Each entry of list in turn: its start and length; 0 at the end. */
static int
next_entry(const char **p, const char **s, size_t *len)
{
	while (**p == ' ' || **p == ',' || **p == '\t')
		(*p)++;
	if (**p == '\0')
		return 0;
	*s = *p;
	while (**p != '\0' && **p != ' ' && **p != ',' && **p != '\t')
		(*p)++;
	*len = (size_t)(*p - *s);
	return 1;
}

const char *
sb_addr_list_check(const char *list, char *why, size_t cap)
{
	const char	*p = list, *s;
	size_t		 len;
	struct net	 n;

	while (next_entry(&p, &s, &len))
		if (parse_net(s, len, &n) == -1) {
			snprintf(why, cap, "not an address or CIDR block: "
			    "\"%.*s\"", (int)(len < 64 ? len : 64), s);
			return why;
		}
	return NULL;
}

static int
inside(const struct net *a, const struct net *net)
{
	int full = net->prefix / 8, rest = net->prefix % 8;

	if (a->family != net->family)
		return 0;
	if (memcmp(a->bytes, net->bytes, (size_t)full) != 0)
		return 0;
	return rest == 0 || ((a->bytes[full] ^ net->bytes[full]) &
	    (0xff << (8 - rest) & 0xff)) == 0;
}

int
sb_addr_in_list(const char *addr, const char *list)
{
	const char	*p = list, *s;
	size_t		 len;
	struct net	 a, n;

	if (addr == NULL || list == NULL ||
	    parse_net(addr, strlen(addr), &a) == -1 || a.prefix != (a.family ==
	    AF_INET ? 32 : 128))
		return 0;
	while (next_entry(&p, &s, &len))
		if (parse_net(s, len, &n) == 0 && inside(&a, &n))
			return 1;
	return 0;
}
