/*
 * kyc_approval.c -- first approvals (see kyc_approval.h).
 */
#include "config.h"
#include "store/kyc_approval.h"

#include <stdio.h>
#include <string.h>

#include "store/bsonx.h"
#include "store/collections.h"

int
sb_first_approval_take(const struct sb_conn *conn, const bson_oid_t *kyc,
    struct sb_first_approval *a, bson_error_t *e)
{
	bson_t	*doc = BCON_NEW("_id", BCON_OID(kyc), "by", BCON_OID(&a->by),
	    "by_email", BCON_UTF8(a->by_email), "role", BCON_UTF8(a->role),
	    "ip_address", BCON_UTF8(a->ip_address), "entry", BCON_OID(&a->entry),
	    "at", BCON_DATE_TIME(a->at));
	bson_t	 found;
	int	 rc = sb_db_insert(conn, SB_COLL_KYC_APPROVAL, doc, e);

	bson_destroy(doc);
	if (rc == SB_OK)
		return SB_FOUND;
	if (!sb_db_error_is_duplicate(e))
		return SB_ERR;
	rc = sb_db_find_by_id(conn, SB_COLL_KYC_APPROVAL, kyc, NULL, &found, e);
	if (rc == SB_FOUND) {
		memset(a, 0, sizeof(*a));
		sb_bson_oid(&found, "by", &a->by);
		sb_bson_str(&found, "by_email", a->by_email,
		    sizeof(a->by_email));
		sb_bson_str(&found, "role", a->role, sizeof(a->role));
		sb_bson_str(&found, "ip_address", a->ip_address,
		    sizeof(a->ip_address));
		sb_bson_oid(&found, "entry", &a->entry);
		a->at = sb_bson_date(&found, "at");
	}
	bson_destroy(&found);
	return rc == SB_ERR ? SB_ERR : SB_NOTFOUND;
}

int
sb_first_approval_note(const struct sb_conn *conn, const bson_oid_t *kyc,
    const struct sb_first_approval *a, bson_error_t *e)
{
	bson_t	*update = BCON_NEW("$set", "{", "first_approval", "{",
	    "by", BCON_OID(&a->by), "by_email", BCON_UTF8(a->by_email),
	    "at", BCON_DATE_TIME(a->at), "}", "}");
	int	 rc = sb_db_update_by_id(conn, SB_COLL_KYC, kyc, update, e);

	bson_destroy(update);
	return rc;
}

int
sb_first_approval_of(const bson_t *kyc, struct sb_first_approval *a)
{
	bson_iter_t	it, sub;
	int		found = 0;

	memset(a, 0, sizeof(*a));
	if (!bson_iter_init_find(&it, kyc, "first_approval") ||
	    !BSON_ITER_HOLDS_DOCUMENT(&it) || !bson_iter_recurse(&it, &sub))
		return 0;
	while (bson_iter_next(&sub)) {
		const char *k = bson_iter_key(&sub);

		if (strcmp(k, "by") == 0 && BSON_ITER_HOLDS_OID(&sub)) {
			bson_oid_copy(bson_iter_oid(&sub), &a->by);
			found = 1;
		} else if (strcmp(k, "by_email") == 0 &&
		    BSON_ITER_HOLDS_UTF8(&sub)) {
			snprintf(a->by_email, sizeof(a->by_email), "%s",
			    bson_iter_utf8(&sub, NULL));
		} else if (strcmp(k, "at") == 0 &&
		    BSON_ITER_HOLDS_DATE_TIME(&sub)) {
			a->at = bson_iter_date_time(&sub);
		}
	}
	return found;
}
