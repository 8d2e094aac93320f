/*
 * login_known.c -- (user, address) pairs that logged in.
 */
#include "config.h"
#include "store/login_known.h"

#include <stdio.h>

#include "base/model.h"
#include "store/bsonx.h"
#include "store/collections.h"

#define KNOWN_ID_MAX	(SB_ID_HEX_LEN + 2 + 64)

static int
known_id(char out[KNOWN_ID_MAX], const char *uid_hex, const char *addr)
{
	int n = snprintf(out, KNOWN_ID_MAX, "%s|%s", uid_hex, addr);

	return n < 0 || n >= KNOWN_ID_MAX ? SB_ERR : SB_OK;
}

int
sb_known_address_seen(const struct sb_conn *conn, const char *uid_hex,
    const char *addr, int64_t now_ms, bson_error_t *e)
{
	char	 id[KNOWN_ID_MAX];
	bson_t	*update;
	int	 rc;

	if (known_id(id, uid_hex, addr) == SB_ERR)
		return SB_OK;	/* an address that long is never known */
	update = BCON_NEW("$set", "{", "at", BCON_DATE_TIME(now_ms), "}");
	rc = sb_db_upsert_by_str(conn, SB_COLL_LOGIN_KNOWN, id, update, e);
	bson_destroy(update);
	return rc;
}

int
sb_known_address(const struct sb_conn *conn, const char *uid_hex,
    const char *addr, int64_t since_ms, bson_error_t *e)
{
	char	id[KNOWN_ID_MAX];
	bson_t	d;
	int	found;

	if (known_id(id, uid_hex, addr) == SB_ERR)
		return SB_NOTFOUND;
	found = sb_db_find_by_str(conn, SB_COLL_LOGIN_KNOWN, id, NULL, &d, e);
	if (found == SB_FOUND && sb_bson_date(&d, "at") <= since_ms)
		found = SB_NOTFOUND;
	bson_destroy(&d);
	return found;
}

int
sb_known_addresses_forget(const struct sb_conn *conn, const char *uid_hex,
    bson_error_t *e)
{
	char	 from[32], to[32];
	bson_t	*filter;
	int	 rc;

	/* "<id>|..." sorts from "<id>|" to before "<id>}" ('}' follows '|'). */
	snprintf(from, sizeof(from), "%s|", uid_hex);
	snprintf(to, sizeof(to), "%s}", uid_hex);
	filter = BCON_NEW("_id", "{", "$gte", BCON_UTF8(from), "$lt",
	    BCON_UTF8(to), "}");
	rc = sb_db_delete(conn, SB_COLL_LOGIN_KNOWN, filter, e);
	bson_destroy(filter);
	return rc;
}
