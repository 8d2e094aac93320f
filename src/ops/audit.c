/*
 * audit.c -- audit entries from actors.
 */
#include "config.h"
#include "ops/audit.h"

#include "base/model.h"

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

	return sb_user_log_insert(conn, &a, e);
}

int
sb_audit_once(const struct sb_conn *conn, const struct sb_audit *a,
    bson_error_t *e)
{
	if (sb_user_log_insert(conn, a, e) == SB_ERR &&
	    !sb_db_error_is_duplicate(e))
		return SB_ERR;
	return SB_OK;
}
