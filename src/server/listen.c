/*
 * listen.c -- open the FastCGI listening socket (unix or TCP).
 */
#include "config.h"
#include "server/listen.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *
unix_path(const char *spec)
{
	if (strncmp(spec, "unix:", 5) == 0)
		return spec + 5;
	return spec[0] == '/' ? spec : NULL;
}

void
sb_listen_unlink(const char *spec)
{
	const char	*path = unix_path(spec);
	struct stat	 st;

	if (path != NULL && lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
}

static int
open_unix(const char *path, int backlog, int mode, char *err, size_t errsz)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errsz, "SMARTBANK_LISTEN: socket path too long");
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	/* A socket left by a killed master would make bind fail. */
	sb_listen_unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		goto fail;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(path, (mode_t)mode) == -1 || listen(fd, backlog) == -1) {
		close(fd);
		goto fail;
	}
	return fd;
fail:
	snprintf(err, errsz, "SMARTBANK_LISTEN: %s: %s", path, strerror(errno));
	return -1;
}

static int
open_tcp(const char *spec, int backlog, char *err, size_t errsz)
{
	struct addrinfo	 hints, *res, *ai;
	char		 host[256];
	const char	*colon = strrchr(spec, ':'), *h = spec;
	size_t		 hlen;
	int		 fd = -1, on = 1, rc;

	if (colon == NULL || colon[1] == '\0') {
		snprintf(err, errsz, "SMARTBANK_LISTEN: expected unix:/path, "
		    "/path or host:port, got \"%s\"", spec);
		return -1;
	}
	hlen = (size_t)(colon - spec);
	if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
		h++;
		hlen -= 2;
	}
	if (hlen >= sizeof(host)) {
		snprintf(err, errsz, "SMARTBANK_LISTEN: host name too long");
		return -1;
	}
	memcpy(host, h, hlen);
	host[hlen] = '\0';

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(hlen ? host : NULL, colon + 1, &hints, &res))) {
		snprintf(err, errsz, "SMARTBANK_LISTEN: %s: %s", spec,
		    gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, backlog) == 0)
			break;
		close(fd);
		fd = -1;
	}
	if (fd == -1)
		snprintf(err, errsz, "SMARTBANK_LISTEN: %s: %s", spec,
		    strerror(errno));
	freeaddrinfo(res);
	return fd;
}

int
sb_listen_open(const char *spec, int backlog, int mode, char *err,
    size_t errsz)
{
	const char *path = unix_path(spec);

	if (path != NULL)
		return open_unix(path, backlog, mode, err, errsz);
	return open_tcp(spec, backlog, err, errsz);
}

int
sb_listen_is_socket(int fd)
{
	struct stat	st;
	int		type;
	socklen_t	len = sizeof(type);

	return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) &&
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	    type == SOCK_STREAM;
}
