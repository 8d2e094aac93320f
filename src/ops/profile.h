/*
 * profile.h -- a customer corrects their own record: name and phone
 * (PATCH /users/me).  The email is not theirs to change: it is how the
 * bank knows them.  Return conventions: base/model.h.
 */
#ifndef SB_OPS_PROFILE_H
#define SB_OPS_PROFILE_H

#include "ops/audit.h"
#include "store/user.h"

/*
 * Set u's name, phone or both (NULL: kept; each valid), and the name on
 * their submission in review, then PROFILE_UPDATED with the fields
 * changed, each old and new value masked: the audit trail outlives an
 * erasure, so it holds no more of a name than its first letter, nor of a
 * phone than its last two digits.  A value equal to the stored one is no
 * change; with no change nothing is written.  u is updated.  SB_OK or
 * SB_ERR.
 */
int	sb_profile_update(const struct sb_conn *, const struct sb_actor *,
	    struct sb_user *u, const char *name, const char *phone,
	    bson_error_t *);

/* Masks of the audit trail: "R***", "***10" (out of SB_MASK_LEN bytes). */
#define SB_MASK_LEN	16
void	sb_profile_mask_name(const char *name, char *out);
void	sb_profile_mask_phone(const char *phone, char *out);

#endif
