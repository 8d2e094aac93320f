/*
 * addr.c -- matching client addresses against address and CIDR lists.
 */
#include "config.h"
#include "base/addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
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

static enum sb_addr_kind
kind4(const uint8_t b[4])
{
	if (b[0] == 127)
		return SB_ADDR_LOOPBACK;
	if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
	    (b[0] == 192 && b[1] == 168) || (b[0] == 100 && (b[1] & 0xc0) == 64))
		return SB_ADDR_PRIVATE;
	if (b[0] == 169 && b[1] == 254)
		return SB_ADDR_LINK_LOCAL;
	if (b[0] == 0 || b[0] >= 224)
		return SB_ADDR_RESERVED;
	return SB_ADDR_PUBLIC;
}

enum sb_addr_kind
sb_addr_kind(const struct sockaddr *sa)
{
	static const uint8_t	 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	static const uint8_t	 loop6[16] = { [15] = 1 };
	static const uint8_t	 any6[16];
	const uint8_t		*b;

	if (sa->sa_family == AF_INET)
		return kind4((const uint8_t *)
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr);
	if (sa->sa_family != AF_INET6)
		return SB_ADDR_RESERVED;
	b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
	if (memcmp(b, mapped, sizeof(mapped)) == 0)
		return kind4(b + 12);
	if (memcmp(b, loop6, 16) == 0)
		return SB_ADDR_LOOPBACK;
	if (memcmp(b, any6, 16) == 0 || b[0] == 0xff)
		return SB_ADDR_RESERVED;
	if ((b[0] & 0xfe) == 0xfc)
		return SB_ADDR_PRIVATE;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return SB_ADDR_LINK_LOCAL;
	return SB_ADDR_PUBLIC;
}

const char *
sb_addr_kind_name(enum sb_addr_kind k)
{
	switch (k) {
	case SB_ADDR_PUBLIC:		return "public";
	case SB_ADDR_LOOPBACK:		return "loopback";
	case SB_ADDR_PRIVATE:		return "private";
	case SB_ADDR_LINK_LOCAL:	return "link-local";
	case SB_ADDR_RESERVED:		return "reserved";
	}
	return "reserved";
}

enum sb_addr_use
sb_addr_webhook_use(enum sb_addr_kind k, int allow_local, int https)
{
	if (k == SB_ADDR_LINK_LOCAL || k == SB_ADDR_RESERVED)
		return SB_ADDR_USE_NEVER;
	if (k != SB_ADDR_PUBLIC && !allow_local)
		return SB_ADDR_USE_LOCAL;
	if (!https && k != SB_ADDR_LOOPBACK)
		return SB_ADDR_USE_HTTPS;
	return SB_ADDR_USE_OK;
}
