/*
 * webhook_post.c -- webhook deliveries with libcurl (see the header).
 */
#include "config.h"
#include "base/webhook_post.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "base/addr.h"
#include "base/model.h"

#define ANSWER_CAP	(16 * 1024)	/* bytes of an answer read, at most */
#define CONNECT_MS	5000

struct sb_poster {
	CURL	*curl;
	int	 allow_local, https;
	int	 refused;		/* the address the socket was for */
	char	 refused_why[96];
	size_t	 answer;		/* bytes of the answer read */
};

struct sb_poster *
sb_poster_new(void)
{
	struct sb_poster *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	if ((p->curl = curl_easy_init()) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void
sb_poster_free(struct sb_poster *p)
{
	if (p == NULL)
		return;
	curl_easy_cleanup(p->curl);
	free(p);
}

/*
 * Every socket libcurl opens, for the address it resolved: the endpoint
 * rules apply to that address, not to the name in the URL.
 */
static curl_socket_t
open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct sb_poster	*p = arg;
	enum sb_addr_kind	 k = sb_addr_kind(&a->addr);

	(void)purpose;
	if (sb_addr_webhook_use(k, p->allow_local, p->https) !=
	    SB_ADDR_USE_OK) {
		p->refused = 1;
		snprintf(p->refused_why, sizeof(p->refused_why), "refused: "
		    "the host resolved to a %s address", sb_addr_kind_name(k));
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* The answer's body: counted up to the cap, then the transfer ends. */
static size_t
read_answer(char *data, size_t size, size_t n, void *arg)
{
	struct sb_poster *p = arg;

	(void)data;
	p->answer += size * n;
	return p->answer > ANSWER_CAP ? 0 : size * n;
}

int
sb_poster_send(struct sb_poster *p, const struct sb_post *d,
    struct sb_post_result *r)
{
	struct curl_slist	*h = NULL, *more;
	char			 line[3][160];
	const char *const	 all[] = { "Content-Type: application/json",
	    "Expect:", line[0], line[1], line[2] };
	CURLcode		 rc;
	long			 status = 0;

	memset(r, 0, sizeof(*r));
	p->allow_local = d->allow_local;
	p->https = strncmp(d->url, "https://", 8) == 0;
	p->refused = 0;
	p->answer = 0;
	snprintf(line[0], sizeof(line[0]), "webhook-id: %s", d->id);
	snprintf(line[1], sizeof(line[1]), "webhook-timestamp: %s",
	    d->timestamp);
	snprintf(line[2], sizeof(line[2]), "webhook-signature: %s",
	    d->signature);
	for (size_t i = 0; i < SB_NELEM(all); i++) {
		if ((more = curl_slist_append(h, all[i])) == NULL) {
			curl_slist_free_all(h);
			snprintf(r->error, sizeof(r->error), "out of memory");
			return SB_ERR;
		}
		h = more;
	}
	curl_easy_reset(p->curl);	/* options go; connections stay */
	curl_easy_setopt(p->curl, CURLOPT_URL, d->url);
	curl_easy_setopt(p->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(p->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(p->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(p->curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(p->curl, CURLOPT_POSTFIELDS, d->body);
	curl_easy_setopt(p->curl, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)d->len);
	curl_easy_setopt(p->curl, CURLOPT_USERAGENT, "smartbank-webhooks/1");
	curl_easy_setopt(p->curl, CURLOPT_TIMEOUT_MS, d->timeout_ms);
	curl_easy_setopt(p->curl, CURLOPT_CONNECTTIMEOUT_MS,
	    d->timeout_ms < CONNECT_MS ? d->timeout_ms : CONNECT_MS);
	curl_easy_setopt(p->curl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(p->curl, CURLOPT_OPENSOCKETDATA, p);
	curl_easy_setopt(p->curl, CURLOPT_WRITEFUNCTION, read_answer);
	curl_easy_setopt(p->curl, CURLOPT_WRITEDATA, p);
	rc = curl_easy_perform(p->curl);
	curl_slist_free_all(h);
	curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, &status);
	/* An answer too long to read whole is still an answer. */
	if (status > 0 && (rc == CURLE_OK || rc == CURLE_WRITE_ERROR)) {
		r->status = status;
		return SB_OK;
	}
	snprintf(r->error, sizeof(r->error), "%s",
	    p->refused ? p->refused_why : curl_easy_strerror(rc));
	return SB_ERR;
}
