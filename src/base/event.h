/*
 * event.h -- the events other systems of the bank subscribe to (webhooks):
 * their names, and sets of them as bit masks.
 */
#ifndef SB_EVENT_H
#define SB_EVENT_H

#include <stddef.h>

enum sb_event {
	SB_EVENT_USER_REGISTERED,
	SB_EVENT_KYC_SUBMITTED,
	SB_EVENT_KYC_APPROVED,
	SB_EVENT_KYC_REJECTED,
	SB_EVENT_KYC_REOPENED,
	SB_EVENT_CUSTOMER_CLOSED,
	SB_EVENT_CUSTOMER_DISABLED,
	SB_EVENT_DOCUMENT_PURGED,
	SB_EVENT_N
};
#define SB_EVENTS_ALL	((1u << SB_EVENT_N) - 1)
/* "kyc.approved, ..." at most; enough for every name with commas. */
#define SB_EVENTS_TEXT	256

/* "kyc.approved" and so on, by enum sb_event. */
extern const char *const sb_event_names[SB_EVENT_N];

/* The event of that name, or -1. */
int		sb_event_by_name(const char *name);
/*
 * A comma-separated list of names as a mask: SB_FOUND, or SB_NOTFOUND with
 * the first unknown name copied into bad (cap bytes); an empty list is
 * an unknown name too.
 */
int		sb_events_parse(const char *list, unsigned *mask, char *bad,
		    size_t cap);
/* The mask as "name,name" into out (SB_EVENTS_TEXT bytes). */
void		sb_events_format(unsigned mask, char *out, size_t cap);

#endif
