/*
 * purpose.h -- what the bank processes a customer's personal data for:
 * the purposes of its privacy notice, which of them the law requires and
 * which the customer may refuse or withdraw, and the notice's version.
 * GET /privacy/notice shows the table; a consent names a purpose.
 */
#ifndef SB_PURPOSE_H
#define SB_PURPOSE_H

#include <stddef.h>

/*
 * The notice's version, recorded with every consent given or withdrawn.
 * A change of the table below is a new notice: give it a new version.
 */
#define SB_NOTICE_VERSION	"2026-12-01"

#define SB_PURPOSE_KYC		"kyc"	/* the one the law requires */
#define SB_PURPOSE_NAME_MAX	24	/* characters of a purpose's name */
#define SB_PURPOSES_MAX		8	/* entries of the table, at most */

struct sb_purpose {
	const char	*name;
	int		 required;	/* 1: cannot be refused or withdrawn */
	const char	*what;		/* the purpose, as the customer reads it */
	const char	*data;		/* the personal data it uses */
	const char	*basis;		/* why the bank may */
};

extern const struct sb_purpose	sb_purposes[];
extern const size_t		sb_npurposes;

/* The purpose named name, or NULL. */
const struct sb_purpose	*sb_purpose_find(const char *name);
/*
 * Flags as a checked field keeps them ("marketing=1,kyc=0", http/input.h)
 * into out, one per purpose of the table: 1 given, 0 refused, -1 not
 * named.  Names not in the table are skipped.
 */
void			 sb_purpose_flags(const char *flags, int *out);

#endif
