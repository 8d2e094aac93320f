/*
 * profile.c -- a customer corrects their name and phone (see profile.h).
 */
#include "config.h"
#include "ops/profile.h"

#include <stdio.h>
#include <string.h>

#include "base/model.h"
#include "store/kyc_doc.h"

void
sb_profile_mask_name(const char *name, char *out)
{
	size_t len = 1;

	/* The first character, whole (UTF-8), then a mask of fixed length:
	 * neither the rest nor how long it is. */
	if (name[0] == '\0') {
		snprintf(out, SB_MASK_LEN, "***");
		return;
	}
	while (len < 4 && ((unsigned char)name[len] & 0xc0) == 0x80)
		len++;
	snprintf(out, SB_MASK_LEN, "%.*s***", (int)len, name);
}

void
sb_profile_mask_phone(const char *phone, char *out)
{
	size_t len = strlen(phone);

	snprintf(out, SB_MASK_LEN, "***%s", len > 2 ? phone + len - 2 : "");
}

int
sb_profile_update(const struct sb_conn *conn, const struct sb_actor *who,
    struct sb_user *u, const char *name, const char *phone, bson_error_t *e)
{
	char	fields[16] = "", name_old[SB_MASK_LEN], name_new[SB_MASK_LEN];
	char	phone_old[SB_MASK_LEN], phone_new[SB_MASK_LEN];
	bson_t	details;
	int	rc;

	if (name != NULL && strcmp(name, u->name) == 0)
		name = NULL;
	if (phone != NULL && strcmp(phone, u->phone) == 0)
		phone = NULL;
	if (name == NULL && phone == NULL)
		return SB_OK;
	if (sb_user_set_profile(conn, &u->id, name, phone, e) == SB_ERR)
		return SB_ERR;
	if (name != NULL && sb_kyc_rename_in_review(conn, &u->id, name, e) ==
	    SB_ERR)
		return SB_ERR;
	snprintf(fields, sizeof(fields), "%s%s%s", name ? "name" : "",
	    name && phone ? "," : "", phone ? "phone" : "");
	sb_profile_mask_name(u->name, name_old);
	sb_profile_mask_name(name ? name : "", name_new);
	sb_profile_mask_phone(u->phone, phone_old);
	sb_profile_mask_phone(phone ? phone : "", phone_new);
	SB_DETAILS(&details, { "fields", fields },
	    { "name_old", name ? name_old : NULL },
	    { "name_new", name ? name_new : NULL },
	    { "phone_old", phone ? phone_old : NULL },
	    { "phone_new", phone ? phone_new : NULL });
	rc = sb_audit(conn, who, SB_AUDIT_PROFILE_UPDATED, &u->id, &details, e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	if (name != NULL)
		snprintf(u->name, sizeof(u->name), "%s", name);
	if (phone != NULL)
		snprintf(u->phone, sizeof(u->phone), "%s", phone);
	return SB_OK;
}
