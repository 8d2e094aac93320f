/*
 * event.c -- event names and sets of events.
 */
#include "config.h"
#include "base/event.h"

#include <stdio.h>
#include <string.h>

#include "base/model.h"

const char *const sb_event_names[SB_EVENT_N] = {
	[SB_EVENT_USER_REGISTERED] = "user.registered",
	[SB_EVENT_KYC_SUBMITTED] = "kyc.submitted",
	[SB_EVENT_KYC_APPROVED] = "kyc.approved",
	[SB_EVENT_KYC_REJECTED] = "kyc.rejected",
	[SB_EVENT_KYC_REOPENED] = "kyc.reopened",
	[SB_EVENT_CUSTOMER_CLOSED] = "customer.closed",
	[SB_EVENT_CUSTOMER_DISABLED] = "customer.disabled",
	[SB_EVENT_DOCUMENT_PURGED] = "document.purged",
};

int
sb_event_by_name(const char *name)
{
	for (int i = 0; i < SB_EVENT_N; i++)
		if (strcmp(sb_event_names[i], name) == 0)
			return i;
	return -1;
}

int
sb_events_parse(const char *list, unsigned *mask, char *bad, size_t cap)
{
	char		 name[64];
	const char	*p = list, *end;
	size_t		 len;
	int		 ev;

	*mask = 0;
	for (;;) {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, p, len);
		name[len] = '\0';
		if ((ev = sb_event_by_name(name)) < 0) {
			snprintf(bad, cap, "%s", name);
			return SB_NOTFOUND;
		}
		*mask |= 1u << ev;
		if (end == NULL)
			return SB_FOUND;
		p = end + 1;
	}
}

void
sb_events_format(unsigned mask, char *out, size_t cap)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < SB_EVENT_N; i++) {
		int n;

		if (!(mask & (1u << i)))
			continue;
		n = snprintf(out + used, cap - used, "%s%s",
		    used > 0 ? "," : "", sb_event_names[i]);
		if (n < 0 || (size_t)n >= cap - used)
			return;
		used += (size_t)n;
	}
}
