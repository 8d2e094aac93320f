/*
 * webhook_post.h -- one webhook delivery over HTTP(S) with libcurl: a POST
 * of a JSON body with the Standard Webhooks headers, to a URL checked
 * again at the moment of connecting (ops/webhook.h's rules, on the
 * address actually connected to, so that a name that resolves elsewhere
 * later gains nothing), no redirect followed, within a total timeout; the
 * answer's body is read up to a small cap and ignored.
 *
 * A poster keeps one libcurl handle, so connections to an endpoint are
 * reused between deliveries.
 */
#ifndef SB_WEBHOOK_POST_H
#define SB_WEBHOOK_POST_H

#include <stddef.h>

struct sb_poster;

struct sb_post {
	const char	*url;
	int		 allow_local;	/* loopback and private addresses */
	const char	*id;		/* webhook-id */
	const char	*timestamp;	/* webhook-timestamp */
	const char	*signature;	/* webhook-signature */
	const char	*body;
	size_t		 len;
	long		 timeout_ms;
};

struct sb_post_result {
	long	status;		/* the HTTP status, or 0: no answer */
	char	error[256];	/* why there was no answer, or "" */
};

/* A poster, or NULL (out of memory). */
struct sb_poster *sb_poster_new(void);
void	sb_poster_free(struct sb_poster *);
/*
 * Deliver d.  SB_OK when the receiver answered (r->status, 2xx or not),
 * SB_ERR when it did not (r->error: refused address, timeout, TLS...).
 */
int	sb_poster_send(struct sb_poster *, const struct sb_post *d,
	    struct sb_post_result *r);

#endif
