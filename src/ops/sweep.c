/*
 * sweep.c -- finishing registrations, submissions and decisions after a
 * crash or an outage (see sweep.h).
 */
#include "config.h"
#include "ops/sweep.h"

#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "ops/account.h"
#include "ops/audit.h"
#include "ops/decision.h"
#include "ops/submission.h"
#include "base/util.h"
#include "store/kyc_doc.h"
#include "store/kyc_document.h"
#include "store/kyc_upload.h"
#include "store/user.h"

/* Read the marked documents of one collection first, then finish each. */
static int
sweep_marked(const struct sb_conn *conn, int kyc, int64_t max, int64_t *done,
    bson_error_t *e)
{
	struct sb_marked	*items = calloc((size_t)max, sizeof(*items));
	int64_t			 n;
	int			 rc = SB_OK;

	if (items == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	n = kyc ? sb_kyc_marked(conn, items, max, e) :
	    sb_user_marked(conn, items, max, e);
	if (n == SB_ERR)
		rc = SB_ERR;
	for (int64_t i = 0; rc == SB_OK && i < n; i++) {
		const struct sb_marked *m = &items[i];

		rc = kyc ? sb_submitted(conn, &m->id, &m->user_id, m->text,
		    m->key, m->ip, m->at, 0, e) :
		    sb_account_registered(conn, &m->id, m->key, m->ip, m->at,
		    e);
		if (rc == SB_OK)
			(*done)++;
	}
	free(items);
	return rc;
}

/*
 * Uploads noted before the grace period began died on the way: their
 * bytes go unless their kyc_doc made it, then the note.
 */
static int
sweep_uploads(const struct sb_conn *conn, int64_t max, int64_t grace_s,
    int64_t *done, bson_error_t *e)
{
	bson_oid_t	*ids = calloc((size_t)max, sizeof(*ids));
	int64_t		 n;
	int		 rc = SB_OK, found;

	if (ids == NULL) {
		bson_set_error(e, 0, 0, "out of memory");
		return SB_ERR;
	}
	n = sb_kyc_upload_stale(conn, sb_now_ms() - grace_s * 1000, ids, max,
	    e);
	if (n == SB_ERR)
		rc = SB_ERR;
	for (int64_t i = 0; rc == SB_OK && i < n; i++) {
		if ((found = sb_kyc_exists(conn, &ids[i], e)) == SB_ERR ||
		    (found == SB_NOTFOUND &&
		    sb_kyc_document_delete(conn, &ids[i], e) == SB_ERR) ||
		    sb_kyc_upload_end(conn, &ids[i], e) == SB_ERR)
			rc = SB_ERR;
		else
			(*done)++;
	}
	free(ids);
	return rc;
}

struct apply {
	int64_t		 done;
	int		 failed;
	bson_error_t	*e;
};

static int
apply_one(const struct sb_conn *conn, const struct sb_decision *d, void *arg)
{
	struct apply *a = arg;

	if (sb_decision_apply(conn, d, a->e) == SB_ERR) {
		a->failed = 1;
		return SB_STOP;
	}
	a->done++;
	return SB_NEXT;
}

int
sb_sweep(const struct sb_conn *conn, int64_t max, int64_t grace_s,
    struct sb_sweep_counts *n, bson_error_t *e)
{
	struct apply	a = { 0, 0, e };

	memset(n, 0, sizeof(*n));
	if (sb_decision_each_unapplied(conn, apply_one, &a, e) == SB_ERR ||
	    a.failed)
		return SB_ERR;
	n->decisions = a.done;
	if (sweep_marked(conn, 0, max, &n->registrations, e) == SB_ERR ||
	    sweep_marked(conn, 1, max, &n->submissions, e) == SB_ERR ||
	    sweep_uploads(conn, max, grace_s, &n->uploads, e) == SB_ERR)
		return SB_ERR;
	/* Last: the entries the steps above wrote are complete by now. */
	if ((n->leaves = sb_audit_add_leaves(conn, 1, max, e)) == SB_ERR)
		return SB_ERR;
	return SB_OK;
}
