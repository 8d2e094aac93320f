/*
 * reasons.h -- why a document is rejected: the codes an auditor picks,
 * the text the customer reads for each, and whether the customer may try
 * again (RETRY) or not (FINAL: only another auditor can reopen it).
 * After Sumsub's reject labels and Ballerine's "reject" versus "request
 * revision".
 */
#ifndef SB_REASONS_H
#define SB_REASONS_H

#include <stddef.h>

#define SB_KIND_RETRY		"RETRY"
#define SB_KIND_FINAL		"FINAL"
#define SB_REASON_CODE_MAX	24	/* characters of a code */
#define SB_REASONS_MAX		8	/* codes on one rejection */

struct sb_reason {
	const char	*code;
	const char	*text;		/* what the customer reads */
	const char	*kind;		/* its default: RETRY or FINAL */
};

extern const struct sb_reason	sb_reasons[];
extern const size_t		sb_nreasons;

/* The reason with this code, or NULL. */
const struct sb_reason	*sb_reason_find(const char *code);
/*
 * What a customer is told to do after a rejection of this kind (RETRY or
 * FINAL).
 */
const char		*sb_reason_next_step(const char *kind);

#endif
