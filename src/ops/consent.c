/*
 * consent.c -- giving and withdrawing purposes (see consent.h).
 */
#include "config.h"
#include "ops/consent.h"

#include <stdio.h>
#include <string.h>

#include "base/model.h"
#include "base/purpose.h"
#include "base/util.h"

int
sb_consent_set(const struct sb_conn *conn, const struct sb_actor *who,
    const bson_oid_t *id, const char *flags, struct sb_consent *out,
    bson_error_t *e)
{
	struct sb_consent	change[SB_PURPOSES_MAX], given[SB_PURPOSES_MAX];
	struct sb_consent	withdrawn[SB_PURPOSES_MAX];
	char			given_text[SB_CONSENTS_TEXT];
	char			withdrawn_text[SB_CONSENTS_TEXT];
	int			named[SB_PURPOSES_MAX], found, rc, changes = 0;
	int64_t			now = sb_now_ms();
	bson_t			details;

	if ((found = sb_user_consents(conn, id, out, e)) != SB_FOUND)
		return found;
	memset(change, 0, sizeof(change));
	memset(given, 0, sizeof(given));
	memset(withdrawn, 0, sizeof(withdrawn));
	sb_purpose_flags(flags, named);
	for (size_t i = 0; i < sb_npurposes; i++) {
		int want = sb_purposes[i].required ? 1 : named[i];

		if (named[i] < 0 || (out[i].at != 0 && out[i].given == want))
			continue;
		change[i].given = want;
		change[i].at = now;
		snprintf(change[i].notice, sizeof(change[i].notice), "%s",
		    SB_NOTICE_VERSION);
		given[i].given = want;
		withdrawn[i].given = !want;
		changes++;
	}
	if (changes == 0)
		return SB_FOUND;
	if (sb_user_set_consents(conn, id, change, e) == SB_ERR)
		return SB_ERR;
	sb_user_consents_text(given, given_text, sizeof(given_text));
	sb_user_consents_text(withdrawn, withdrawn_text,
	    sizeof(withdrawn_text));
	SB_DETAILS(&details,
	    { "given", given_text[0] != '\0' ? given_text : NULL },
	    { "withdrawn", withdrawn_text[0] != '\0' ? withdrawn_text : NULL },
	    { "notice", SB_NOTICE_VERSION });
	rc = sb_audit(conn, who, SB_AUDIT_CONSENT_CHANGED, id, &details, e);
	bson_destroy(&details);
	if (rc == SB_ERR)
		return SB_ERR;
	for (size_t i = 0; i < sb_npurposes; i++)
		if (change[i].at != 0)
			out[i] = change[i];
	return SB_FOUND;
}
