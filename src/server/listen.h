/*
 * listen.h -- the FastCGI listening socket of the prefork master.
 */
#ifndef SB_LISTEN_H
#define SB_LISTEN_H

#include <stddef.h>

/*
 * Open spec: "unix:/path", "/path" (a unix socket, given mode), "host:port"
 * or "[v6]:port".  Returns the descriptor or -1 with a message in err.
 */
int	sb_listen_open(const char *spec, int backlog, int mode, char *err,
	    size_t errsz);
/* Remove the unix socket file of spec, if it is one. */
void	sb_listen_unlink(const char *spec);
/* Is fd a listening socket (spawn-fcgi hands one over on fd 0)? */
int	sb_listen_is_socket(int fd);

#endif
