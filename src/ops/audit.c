/*
 * audit.c -- audit entries from actors.
 */
#include "config.h"
#include "ops/audit.h"

#include "base/model.h"
#include "ops/checkpoint.h"
#include "store/audit_tree.h"
#include "store/bsonx.h"

void
sb_audit_details(bson_t *out, const struct sb_detail *d, size_t n)
{
	bson_init(out);
	for (size_t i = 0; i < n; i++)
		if (d[i].value != NULL)
			BSON_APPEND_UTF8(out, d[i].key, d[i].value);
}

int
sb_audit(const struct sb_conn *conn, const struct sb_actor *who,
    const char *action, const bson_oid_t *user_id, const bson_t *details,
    bson_error_t *e)
{
	const struct sb_audit a = {
		.action = action,
		.user_id = user_id,
		.actor_id = who->id,
		.actor_role = who->role,
		.ip_address = who->address,
		.details = details,
	};

	struct sb_logged	w;

	if (sb_user_log_insert(conn, &a, &w, e) == SB_ERR)
		return SB_ERR;
	return sb_audit_leaf(conn, &w, e);
}

int
sb_audit_leaf(const struct sb_conn *conn, const struct sb_logged *w,
    bson_error_t *e)
{
	uint64_t	seq;

	if (sb_audit_tree_append(conn, &w->id, w->hash, &seq, e) == SB_ERR ||
	    sb_user_log_set_seq(conn, &w->id, seq, e) == SB_ERR)
		return SB_ERR;
	sb_checkpoint_leaf_claimed(seq);
	return SB_OK;
}

int
sb_audit_once(const struct sb_conn *conn, const struct sb_audit *a,
    bson_error_t *e)
{
	struct sb_logged w;

	if (sb_user_log_insert(conn, a, &w, e) == SB_ERR)
		/* Written before: its leaf is its writer's (or the sweep's). */
		return sb_db_error_is_duplicate(e) ? SB_OK : SB_ERR;
	return sb_audit_leaf(conn, &w, e);
}

struct add_leaves {
	const struct sb_conn	*conn;
	int64_t			 done;
	int			 failed;
	bson_error_t		*e;
};

/* One entry without its leaf: claimed (or found), and noted. */
static int
leaf_one(const bson_t *entry, void *arg)
{
	struct add_leaves	*c = arg;
	struct sb_logged w;

	if (!sb_bson_oid(entry, "_id", &w.id) ||
	    sb_user_log_leaf_hash(entry, w.hash) == SB_ERR)
		return SB_NEXT;	/* not an entry of ours: verify-audit says so */
	if (sb_audit_leaf(c->conn, &w, c->e) == SB_ERR) {
		c->failed = 1;
		return SB_STOP;
	}
	c->done++;
	return SB_NEXT;
}

int64_t
sb_audit_add_leaves(const struct sb_conn *conn, int pending, int64_t max,
    bson_error_t *e)
{
	struct add_leaves c = { conn, 0, 0, e };

	if (sb_user_log_without_leaf(conn, pending, max, leaf_one, &c, e) ==
	    SB_ERR || c.failed)
		return SB_ERR;
	return c.done;
}
