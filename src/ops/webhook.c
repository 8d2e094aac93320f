/*
 * webhook.c -- webhook endpoints: where events may go, and the operator's
 * changes to them (see webhook.h).
 */
#include "config.h"
#include "ops/webhook.h"

#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "base/addr.h"
#include "base/event.h"
#include "base/keyring.h"
#include "base/log.h"
#include "base/model.h"
#include "base/seal.h"
#include "base/util.h"
#include "store/audit_tree.h"

#define SECRET_FIELD	"webhook_secret"	/* the seal's field name */

/* The URL's part, or NULL; free with curl_free(). */
static char *
url_part(CURLU *u, CURLUPart part, unsigned flags)
{
	char *s = NULL;

	return curl_url_get(u, part, &s, flags) == CURLUE_OK ? s : NULL;
}

/* Every address host resolves to may be connected to.  SB_OK or SB_ERR. */
static int
addresses_check(const char *host, int https, int allow_local, char *err,
    size_t errsz)
{
	struct addrinfo		 hints, *res, *ai;
	enum sb_addr_kind	 k;
	int			 rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, NULL, &hints, &res)) != 0)
		return sb_errf(err, errsz, "%s does not resolve: %s", host,
		    gai_strerror(rc));
	rc = SB_OK;
	for (ai = res; ai != NULL && rc == SB_OK; ai = ai->ai_next) {
		k = sb_addr_kind(ai->ai_addr);
		switch (sb_addr_webhook_use(k, allow_local, https)) {
		case SB_ADDR_USE_NEVER:
			rc = sb_errf(err, errsz, "%s is a %s address: never "
			    "a webhook's", host, sb_addr_kind_name(k));
			break;
		case SB_ADDR_USE_LOCAL:
			rc = sb_errf(err, errsz, "%s is a %s address: add "
			    "the endpoint with --allow-local if it is meant",
			    host, sb_addr_kind_name(k));
			break;
		case SB_ADDR_USE_HTTPS:
			rc = sb_errf(err, errsz, "plain http is for a "
			    "loopback address only: use https");
			break;
		case SB_ADDR_USE_OK:
			break;
		}
	}
	freeaddrinfo(res);
	return rc;
}

int
sb_webhook_url_check(const char *url, int allow_local, char *err,
    size_t errsz)
{
	CURLU	*u;
	char	*scheme = NULL, *user = NULL, *host = NULL;
	char	 name[256];
	size_t	 len;
	int	 rc = SB_ERR;

	if (strlen(url) > SB_WEBHOOK_URL_MAX)
		return sb_errf(err, errsz, "the URL is longer than %d bytes",
		    SB_WEBHOOK_URL_MAX);
	if ((u = curl_url()) == NULL)
		return sb_errf(err, errsz, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		sb_errf(err, errsz, "not a URL: %s", url);
		goto out;
	}
	scheme = url_part(u, CURLUPART_SCHEME, 0);
	user = url_part(u, CURLUPART_USER, 0);
	host = url_part(u, CURLUPART_HOST, 0);
	if (scheme == NULL || (strcmp(scheme, "https") != 0 &&
	    strcmp(scheme, "http") != 0)) {
		sb_errf(err, errsz, "a webhook URL is https (or http to a "
		    "loopback address)");
		goto out;
	}
	if (user != NULL) {
		sb_errf(err, errsz, "no credentials in a webhook URL: the "
		    "signature authenticates deliveries");
		goto out;
	}
	if (host == NULL || (len = strlen(host)) == 0 ||
	    len >= sizeof(name)) {
		sb_errf(err, errsz, "no host in %s", url);
		goto out;
	}
	/* An IPv6 literal comes in brackets. */
	if (host[0] == '[' && host[len - 1] == ']')
		snprintf(name, sizeof(name), "%.*s", (int)len - 2, host + 1);
	else
		snprintf(name, sizeof(name), "%s", host);
	rc = addresses_check(name, strcmp(scheme, "https") == 0, allow_local,
	    err, errsz);
out:
	curl_free(scheme);
	curl_free(user);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

/* A fresh secret into whsec and, sealed for w, into s.  SB_OK or SB_ERR. */
static int
new_secret(const struct sb_conn *conn, const struct sb_webhook *w,
    struct sb_webhook_secret *s, char whsec[SB_WHSEC_SIZE], bson_error_t *e)
{
	const struct sb_kek	*kek = sb_keyring_newest(conn->keys);
	uint8_t			*secret;
	uint8_t			 id[SB_RECORD_ID_LEN];

	memset(s, 0, sizeof(*s));
	secret = s->box + SB_NONCE_LEN;	/* sealed in place (base/seal.h) */
	memcpy(id, w->id.bytes, sizeof(id));
	if (kek == NULL || RAND_bytes(secret, SB_WEBHOOK_SECRET_LEN) != 1) {
		bson_set_error(e, SB_SEALED_ERROR_DOMAIN, 1, "no key or no "
		    "randomness for a webhook secret");
		return SB_ERR;
	}
	sb_whsec_format(secret, whsec);
	snprintf(s->kek, sizeof(s->kek), "%s", kek->id);
	if (sb_seal(kek->key, id, SECRET_FIELD, s->box,
	    SB_WEBHOOK_SECRET_LEN) == SB_ERR) {
		OPENSSL_cleanse(whsec, SB_WHSEC_SIZE);
		bson_set_error(e, SB_SEALED_ERROR_DOMAIN, 1, "sealing a "
		    "webhook secret failed");
		return SB_ERR;
	}
	return SB_OK;
}

int
sb_webhook_add(const struct sb_conn *conn, const struct sb_actor *who,
    const char *operator_name, const char *url, unsigned events,
    int allow_local, struct sb_webhook *w, char whsec[SB_WHSEC_SIZE],
    bson_error_t *e)
{
	char		list[SB_EVENTS_TEXT];
	bson_t		details;
	uint64_t	size;
	int		rc;

	memset(w, 0, sizeof(*w));
	bson_oid_init(&w->id, NULL);
	bson_oid_to_string(&w->id, w->id_hex);
	snprintf(w->url, sizeof(w->url), "%s", url);
	w->events = events;
	w->allow_local = allow_local;
	w->enabled = 1;
	w->created_at = sb_now_ms();
	w->nsecret = 1;
	/* Events from now on: none of the past is owed to a new endpoint. */
	if (sb_audit_tree_size(conn, &size, e) == SB_ERR)
		return SB_ERR;
	w->cursor = (int64_t)size;
	if (new_secret(conn, w, &w->secret[0], whsec, e) == SB_ERR)
		return SB_ERR;
	if (sb_webhook_insert(conn, w, e) == SB_ERR) {
		OPENSSL_cleanse(whsec, SB_WHSEC_SIZE);
		return SB_ERR;
	}
	sb_events_format(events, list, sizeof(list));
	SB_DETAILS(&details, { "endpoint", w->id_hex }, { "url", w->url },
	    { "events", list }, { "allow_local", allow_local ? "yes" : "no" },
	    { "operator", operator_name });
	rc = sb_audit(conn, who, SB_AUDIT_WEBHOOK_ADDED, NULL, &details, e);
	bson_destroy(&details);
	return rc;
}

int
sb_webhook_stop(const struct sb_conn *conn, const struct sb_actor *who,
    const char *operator_name, const struct sb_webhook *w, bson_error_t *e)
{
	bson_t	details;
	int	rc;

	if (sb_webhook_disable(conn, &w->id, e) == SB_ERR)
		return SB_ERR;
	SB_DETAILS(&details, { "endpoint", w->id_hex },
	    { "operator", operator_name });
	rc = sb_audit(conn, who, SB_AUDIT_WEBHOOK_DISABLED, NULL, &details, e);
	bson_destroy(&details);
	return rc;
}

int
sb_webhook_rotate(const struct sb_conn *conn, const struct sb_actor *who,
    const char *operator_name, struct sb_webhook *w, int64_t grace_ms,
    char whsec[SB_WHSEC_SIZE], bson_error_t *e)
{
	struct sb_webhook_secret	fresh;
	char				until[SB_ISO8601_LEN];
	bson_t				details;
	int				found;

	if (new_secret(conn, w, &fresh, whsec, e) == SB_ERR)
		return SB_ERR;
	/* The current secret signs on for the grace; an older one goes. */
	w->secret[1] = w->secret[0];
	w->secret[1].until = sb_now_ms() + grace_ms;
	w->secret[0] = fresh;
	w->nsecret = 2;
	if ((found = sb_webhook_set_secrets(conn, w, e)) != SB_FOUND) {
		OPENSSL_cleanse(whsec, SB_WHSEC_SIZE);
		return found;
	}
	w->secrets_gen++;
	sb_iso8601(w->secret[1].until, until);
	SB_DETAILS(&details, { "endpoint", w->id_hex },
	    { "previous_until", until }, { "operator", operator_name });
	found = sb_audit(conn, who, SB_AUDIT_WEBHOOK_ROTATED, NULL, &details,
	    e) == SB_OK ? SB_FOUND : SB_ERR;
	bson_destroy(&details);
	return found;
}

struct reseal {
	const struct sb_conn	*conn;
	int64_t			*resealed, *failed;
	bson_error_t		*e;
	int			 rc;
};

static int
reseal_one(const struct sb_webhook *found, void *arg)
{
	struct reseal		*r = arg;
	const struct sb_kek	*newest = sb_keyring_newest(r->conn->keys);
	const struct sb_kek	*kek;
	struct sb_webhook	 w = *found;
	uint8_t			 id[SB_RECORD_ID_LEN];
	size_t			 stale = 0;
	int			 ok = 1;

	memcpy(id, w.id.bytes, sizeof(id));
	for (size_t i = 0; i < w.nsecret && ok; i++) {
		struct sb_webhook_secret *s = &w.secret[i];

		if (strcmp(s->kek, newest->id) == 0)
			continue;
		stale++;
		/* Opened in place (the plaintext goes where a box keeps it),
		 * then sealed again there under the newest key. */
		ok = (kek = sb_keyring_find(r->conn->keys, s->kek)) != NULL &&
		    sb_unseal(kek->key, id, SECRET_FIELD, s->box,
		    sizeof(s->box), s->box + SB_NONCE_LEN) == SB_OK &&
		    sb_seal(newest->key, id, SECRET_FIELD, s->box,
		    SB_WEBHOOK_SECRET_LEN) == SB_OK;
		snprintf(s->kek, sizeof(s->kek), "%s", newest->id);
	}
	if (!ok) {
		sb_log(SB_LOG_ERROR, "sealed_unreadable", "webhook=%s "
		    "detail=\"a secret does not open\"", w.id_hex);
		(*r->failed)++;
	} else if (stale > 0) {
		/* Another rotation meanwhile: it re-sealed them itself. */
		if ((r->rc = sb_webhook_set_secrets(r->conn, &w, r->e)) ==
		    SB_ERR)
			return SB_STOP;
		if (r->rc == SB_FOUND)
			(*r->resealed)++;
	}
	OPENSSL_cleanse(&w, sizeof(w));
	return SB_NEXT;
}

int
sb_webhook_reseal_all(const struct sb_conn *conn, int64_t *resealed,
    int64_t *failed, bson_error_t *e)
{
	struct reseal r = { .conn = conn, .resealed = resealed,
	    .failed = failed, .e = e, .rc = SB_OK };

	*resealed = *failed = 0;
	if (sb_webhook_each(conn, reseal_one, &r, e) == SB_ERR ||
	    r.rc == SB_ERR)
		return SB_ERR;
	return SB_OK;
}

int
sb_webhook_secrets(const struct sb_conn *conn, const struct sb_webhook *w,
    int64_t now, uint8_t out[SB_WEBHOOK_SECRETS][SB_WEBHOOK_SECRET_LEN])
{
	const struct sb_kek	*kek;
	uint8_t			 id[SB_RECORD_ID_LEN];
	int			 n = 0;

	memcpy(id, w->id.bytes, sizeof(id));
	for (size_t i = 0; i < w->nsecret; i++) {
		if (w->secret[i].until != 0 && w->secret[i].until <= now)
			continue;
		if ((kek = sb_keyring_find(conn->keys, w->secret[i].kek)) ==
		    NULL || sb_unseal(kek->key, id, SECRET_FIELD,
		    w->secret[i].box, sizeof(w->secret[i].box), out[n]) ==
		    SB_ERR)
			return SB_ERR;
		n++;
	}
	return n;
}
