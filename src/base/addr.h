/*
 * addr.h -- client addresses and lists of addresses and CIDR blocks, as
 * SMARTBANK_LOGIN_TRUSTED_ADDRS writes them: "10.0.0.0/8 192.0.2.7
 * 2001:db8::/32", separated by spaces or commas.
 */
#ifndef SB_ADDR_H
#define SB_ADDR_H

#include <stddef.h>

/*
 * Is list well formed (every entry an IPv4 or IPv6 address, with an
 * optional prefix length in range)?  NULL when it is, else why not, naming
 * the entry (in a buffer of the caller's, cap bytes).
 */
const char	*sb_addr_list_check(const char *list, char *why, size_t cap);
/* Is addr (as nginx writes $remote_addr) inside one entry of list? */
int		 sb_addr_in_list(const char *addr, const char *list);

/* What an address is, for what a server may connect to (webhooks). */
enum sb_addr_kind {
	SB_ADDR_PUBLIC,
	SB_ADDR_LOOPBACK,	/* 127.0.0.0/8, ::1 */
	SB_ADDR_PRIVATE,	/* RFC 1918, 100.64.0.0/10, fc00::/7 */
	SB_ADDR_LINK_LOCAL,	/* 169.254.0.0/16 (cloud metadata), fe80::/10 */
	SB_ADDR_RESERVED,	/* unspecified, multicast, 0/8, 240/4 */
};
struct sockaddr;
/* The kind of an IPv4 or IPv6 socket address (a v4-mapped one as v4). */
enum sb_addr_kind sb_addr_kind(const struct sockaddr *);
/* Its name: "public", "loopback", "private", "link-local", "reserved". */
const char	*sb_addr_kind_name(enum sb_addr_kind);

/*
 * May a webhook delivery connect to an address of kind k?  The one rule,
 * for the operator's URL check and for the socket the delivery opens.
 */
enum sb_addr_use {
	SB_ADDR_USE_OK,
	SB_ADDR_USE_NEVER,	/* link-local or reserved */
	SB_ADDR_USE_LOCAL,	/* loopback or private: needs allow_local */
	SB_ADDR_USE_HTTPS,	/* plain http is for loopback only */
};
enum sb_addr_use sb_addr_webhook_use(enum sb_addr_kind k, int allow_local,
		    int https);

#endif
