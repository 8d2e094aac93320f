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

#endif
