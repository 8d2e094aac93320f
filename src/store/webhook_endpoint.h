/*
 * webhook_endpoint.h -- the webhook_endpoint collection: where events are
 * delivered (ops/webhook.h).  One document per endpoint: its URL, the
 * events it takes, whether it may be a local address, whether it is
 * enabled, and its signing secrets, sealed (the store never sees them in
 * the clear).  Return conventions: base/model.h.
 */
#ifndef SB_STORE_WEBHOOK_ENDPOINT_H
#define SB_STORE_WEBHOOK_ENDPOINT_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "base/keyring.h"
#include "base/model.h"
#include "base/seal.h"
#include "base/webhook_sign.h"
#include "store/db.h"

#define SB_WEBHOOK_URL_MAX	2048
#define SB_WEBHOOK_SECRETS	2	/* the current one, and one rotated */
/* A secret sealed under a key-encryption key. */
#define SB_WEBHOOK_BOX_LEN	(SB_WEBHOOK_SECRET_LEN + SB_SEAL_OVERHEAD)

struct sb_webhook_secret {
	char		kek[SB_KEY_ID_MAX + 1];	/* the key that sealed it */
	uint8_t		box[SB_WEBHOOK_BOX_LEN];
	int64_t		until;		/* ms it stops signing; 0: current */
};

struct sb_webhook {
	bson_oid_t		 id;
	char			 id_hex[25];
	char			 url[SB_WEBHOOK_URL_MAX + 1];
	unsigned		 events;	/* base/event.h's mask */
	int			 allow_local;
	int			 enabled;
	int64_t			 created_at;
	int64_t			 failing_since;	/* 0: delivering */
	int64_t			 secrets_gen;	/* bumped by each rotation */
	int64_t			 cursor;	/* the next audit seq to look at */
	struct sb_webhook_secret secret[SB_WEBHOOK_SECRETS];
	size_t			 nsecret;	/* [0] is the current one */
};

/* Insert w (its id set by the caller).  SB_OK or SB_ERR. */
int	sb_webhook_insert(const struct sb_conn *, const struct sb_webhook *w,
	    bson_error_t *);
/* The endpoint id into w.  SB_FOUND, SB_NOTFOUND or SB_ERR. */
int	sb_webhook_get(const struct sb_conn *, const bson_oid_t *id,
	    struct sb_webhook *w, bson_error_t *);
/* Every endpoint, oldest first, to fn.  The count, or SB_ERR. */
int64_t	sb_webhook_each(const struct sb_conn *,
	    int (*fn)(const struct sb_webhook *, void *), void *arg,
	    bson_error_t *);
/* Stop delivering to id.  SB_OK or SB_ERR. */
int	sb_webhook_disable(const struct sb_conn *, const bson_oid_t *id,
	    bson_error_t *);
/* The endpoint's cursor from from to to, if still from.  A lookup-like
 * SB_FOUND (moved), SB_NOTFOUND (moved by another), or SB_ERR. */
int	sb_webhook_set_cursor(const struct sb_conn *, const bson_oid_t *id,
	    int64_t from, int64_t to, bson_error_t *);
/* Failing since since (ms), or delivering again (0).  SB_OK or SB_ERR. */
int	sb_webhook_set_failing(const struct sb_conn *, const bson_oid_t *id,
	    int64_t since, bson_error_t *);
/*
 * Replace w's secrets by those of w, if no other rotation has since
 * (secrets_gen still w->secrets_gen; it becomes one more).  SB_FOUND,
 * SB_NOTFOUND (another rotation won), or SB_ERR.
 */
int	sb_webhook_set_secrets(const struct sb_conn *,
	    const struct sb_webhook *w, bson_error_t *);

#endif
