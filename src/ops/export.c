/*
 * export.c -- a customer's export: counted and audited (see export.h).
 */
#include "config.h"
#include "ops/export.h"

#include <stdio.h>

#include "base/model.h"
#include "base/util.h"

int
sb_export_begin(const struct sb_conn *conn, const struct sb_actor *who,
    const struct sb_user *u, const char *format, struct sb_reservation *r,
    int64_t *retry_after_s, bson_error_t *e)
{
	char	key[64];
	bson_t	details;
	int	rc;

	snprintf(key, sizeof(key), "export:%s", u->id_hex);
	rc = sb_throttle_reserve(conn, key, sb_now_ms(), SB_EXPORT_WINDOW_S, 1,
	    r, e);
	if (rc == SB_ERR)
		return SB_ERR;
	if (rc == SB_RESERVE_FULL) {
		*retry_after_s = r->retry_after_s;
		return SB_EXPORT_THROTTLED;
	}
	SB_DETAILS(&details, { "format", format });
	rc = sb_audit(conn, who, SB_AUDIT_DATA_EXPORTED, &u->id, &details, e);
	bson_destroy(&details);
	if (rc == SB_ERR) {
		bson_error_t ignored;

		(void)sb_throttle_release(conn, r, &ignored);
		return SB_ERR;
	}
	return SB_EXPORT_OK;
}

int
sb_export_abandon(const struct sb_conn *conn, struct sb_reservation *r,
    bson_error_t *e)
{
	return sb_throttle_release(conn, r, e);
}
