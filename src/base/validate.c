/*
 * validate.c -- the field validators.  Document number formats are one
 * table, type beside pattern, in the spirit of kcgi's kvalid tables.
 */
#include "config.h"
#include "base/validate.h"


#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "base/model.h"

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copy s without leading and trailing white space into out (cap bytes). */
static size_t
trim_into(const char *s, char *out, size_t cap)
{
	const char	*e;
	size_t		 n;

	while (is_ws(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_ws(e[-1]))
		e--;
	n = (size_t)(e - s);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return (size_t)(e - s);
}

int
sb_text_clean(const char *s, int allow_space_ctl)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!sb_utf8_valid(s, strlen(s)))
		return 0;
	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			if (!(allow_space_ctl && (*p == '\t' || *p == '\n' ||
			    *p == '\r')))
				return 0;
		}
		/* C1 controls U+0080..U+009F are encoded as C2 80..C2 9F. */
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

/* RFC 5321/5322 in the practical subset: dot-atom local part, DNS domain. */
const char *
sb_valid_email(const char *s, char *out)
{
	static const char	 atext[] = "!#$%&'*+/=?^_`{|}~-";
	char			*at, *p, *label;
	size_t			 len = trim_into(s, out, SB_EMAIL_MAX + 1);

	if (len == 0)
		return "value is not a valid email address: it is empty";
	if (len > SB_EMAIL_MAX)
		return "value is not a valid email address: it is longer than 254 characters";
	for (p = out; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	if ((at = strchr(out, '@')) == NULL || strchr(at + 1, '@') != NULL)
		return "value is not a valid email address: it must have exactly one @-sign";
	if (at == out || at - out > 64)
		return "value is not a valid email address: the part before the @-sign is empty or too long";
	for (p = out; p < at; p++) {
		if (*p == '.') {
			if (p == out || p[1] == '.' || p + 1 == at)
				return "value is not a valid email address: misplaced period before the @-sign";
		} else if (!isalnum((unsigned char)*p) && strchr(atext, *p) == NULL) {
			return "value is not a valid email address: invalid character before the @-sign";
		}
	}
	/* Domain: two or more labels of letters, digits and inner hyphens. */
	label = at + 1;
	if (*label == '\0' || strchr(label, '.') == NULL)
		return "value is not a valid email address: the domain name is not valid";
	for (p = label;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t n = (size_t)(p - label);

			if (n == 0 || n > 63 || label[0] == '-' || p[-1] == '-')
				return "value is not a valid email address: the domain name is not valid";
			if (*p == '\0')
				break;
			label = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-') {
			return "value is not a valid email address: the domain name is not valid";
		}
	}
	/* The top-level domain is letters only, at least two. */
	for (p = label; *p != '\0'; p++)
		if (!isalpha((unsigned char)*p))
			return "value is not a valid email address: the domain name is not valid";
	if (strlen(label) < 2)
		return "value is not a valid email address: the domain name is not valid";
	return NULL;
}

const char *
sb_valid_password(const char *s, size_t min_len)
{
	static char	msg[64];
	size_t		len = strlen(s);

	if (len < min_len) {
		snprintf(msg, sizeof(msg),
		    "String should have at least %zu characters", min_len);
		return msg;
	}
	/* bcrypt reads 72 bytes; a longer password is refused, not cut. */
	if (len > SB_PASSWORD_MAX)
		return "Password must be at most 72 bytes";
	return NULL;
}

/* The next code point of valid UTF-8 at *p (advanced past it). */
static uint32_t
next_cp(const unsigned char **p)
{
	const unsigned char	*s = *p;
	uint32_t		 c = s[0];
	int			 n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

	if (n > 0)
		c &= 0x3fu >> n;
	for (int i = 1; i <= n && s[i] != '\0'; i++)
		c = (c << 6) | (s[i] & 0x3fu);
	*p = s + 1 + n;
	return c;
}

/* Characters that draw nothing: spaces, joiners, fillers, selectors. */
static int
invisible(uint32_t c)
{
	return c == 0x20 || c == 0xa0 || c == 0xad || c == 0x34f ||
	    c == 0x115f || c == 0x1160 || c == 0x180e ||
	    (c >= 0x2000 && c <= 0x200d) || c == 0x202f || c == 0x205f ||
	    (c >= 0x2060 && c <= 0x2064) || c == 0x3000 || c == 0x3164 ||
	    (c >= 0xfe00 && c <= 0xfe0f) || c == 0xfeff || c == 0xffa0 ||
	    (c >= 0xe0100 && c <= 0xe01ef);
}

/*
 * A name shows what it says: no bidirectional controls (a right-to-left
 * override makes "Mallory" read otherwise in a list), no line or
 * paragraph separators, and something visible.  NULL when it does.
 */
static const char *
name_shows(const char *name)
{
	const unsigned char	*p = (const unsigned char *)name;
	int			 visible = 0;

	while (*p != '\0') {
		uint32_t c = next_cp(&p);

		if ((c >= 0x202a && c <= 0x202e) ||
		    (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f ||
		    c == 0x61c)
			return "Name must not contain text-direction controls";
		if (c == 0x2028 || c == 0x2029)
			return "Name must not contain line or paragraph separators";
		if (!invisible(c))
			visible = 1;
	}
	return visible ? NULL : "Name must contain visible characters";
}

const char *
sb_valid_name(const char *s, char *out)
{
	size_t len = trim_into(s, out, 4 * SB_NAME_MAX + 1);

	if (len == 0)
		return "String should have at least 1 character";
	if (len > 4 * SB_NAME_MAX || sb_utf8_len(out) > SB_NAME_MAX)
		return "String should have at most 100 characters";
	if (!sb_text_clean(out, 0))
		return "Name must not contain control characters";
	return name_shows(out);
}

/* E.164: a plus sign, then 8 to 15 digits, the first not zero. */
const char *
sb_valid_phone(const char *s)
{
	size_t n = 0;

	if (s[0] != '+' || s[1] < '1' || s[1] > '9')
		return "Phone must be in E.164 format: + and 8 to 15 digits";
	for (s++; *s != '\0'; s++, n++)
		if (!isdigit((unsigned char)*s))
			return "Phone must be in E.164 format: + and 8 to 15 digits";
	if (n < 8 || n > 15)
		return "Phone must be in E.164 format: + and 8 to 15 digits";
	return NULL;
}

/*
 * The rules a real number meets beyond its format, for
 * SMARTBANK_DOCUMENT_CHECKS=strict.  NULL when it does, else why not.
 */
static const char *aadhaar_real(const char *);
static const char *pan_real(const char *);
static const char *licence_real(const char *);

/*
 * Document formats as small patterns: 'A' an upper-case letter, '9' a
 * digit, 'S' a space or hyphen that the number writes at every S of the
 * pattern or at none, and always the same one (one style throughout);
 * anything else itself.
 */
static const struct {
	const char	*type;
	const char	*patterns[3];
	const char	*msg;
	const char	*(*real)(const char *);	/* strict rules, or NULL */
} documents[] = {
	{ .type = "aadhar", .patterns = { "9999S9999S9999" },
	  .msg = "Aadhaar number must be 12 digits, optionally in groups of four separated by spaces or hyphens",
	  .real = aadhaar_real },
	{ .type = "pan", .patterns = { "AAAAA9999A" },
	  .msg = "PAN must be five letters, four digits and a letter (AAAAA9999A)",
	  .real = pan_real },
	{ .type = "passport", .patterns = { "A9999999" },
	  .msg = "Passport number must be a letter and seven digits (A1234567)" },
	/* MH14 20110062821, MH-14-20110062821, DL-0420110149646 */
	{ .type = "driving_license",
	  .patterns = { "AAS99S99999999999", "AAS9999999999999",
	      "AA99S99999999999" },
	  .msg = "Driving licence number must be a state code, two RTO digits, and the year and serial (MH14 20110062821)",
	  .real = licence_real },
	{ .type = "voter_id", .patterns = { "AAA9999999" },
	  .msg = "Voter ID (EPIC) must be three letters and seven digits (ABC1234567)" },
};

const char *
sb_document_type(size_t i)
{
	return i < SB_NELEM(documents) ? documents[i].type : NULL;
}

const char *
sb_valid_document_type(const char *s)
{
	for (size_t i = 0; i < SB_NELEM(documents); i++)
		if (strcmp(documents[i].type, s) == 0)
			return NULL;
	return "Input should be 'aadhar', 'pan', 'passport', 'driving_license' or 'voter_id'";
}

/*
 * Does s match pattern p (see above)?  The separators are all there or
 * none, and all the same.
 */
static int
match_pattern(const char *p, const char *s)
{
	char	sep = 0;
	int	slots = 0, used = 0;

	for (; *p != '\0'; p++) {
		switch (*p) {
		case 'A':
			if (!isupper((unsigned char)*s))
				return 0;
			s++;
			break;
		case '9':
			if (!isdigit((unsigned char)*s))
				return 0;
			s++;
			break;
		case 'S':
			slots++;
			if (*s == ' ' || *s == '-') {
				if (sep != 0 && sep != *s)
					return 0;
				sep = *s++;
				used++;
			}
			break;
		default:
			if (*s++ != *p)
				return 0;
		}
	}
	return *s == '\0' && (used == 0 || used == slots);
}

/* The digits and letters of s, without separators, into out (cap bytes). */
static void
compact(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < cap; s++)
		if (*s != ' ' && *s != '-')
			out[n++] = *s;
	out[n] = '\0';
}

/* The Verhoeff check (Aadhaar's last digit): 1 when the number is valid. */
static int
verhoeff_ok(const char *digits)
{
	static const unsigned char d[10][10] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
		{ 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 }, { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
		{ 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
		{ 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
		{ 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 }, { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
	};
	static const unsigned char p[8][10] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
		{ 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 }, { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
		{ 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
		{ 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
	};
	size_t	len = strlen(digits);
	int	c = 0;

	for (size_t i = 0; i < len; i++)
		c = d[c][p[i % 8][digits[len - 1 - i] - '0']];
	return c == 0;
}

static const char *
aadhaar_real(const char *s)
{
	char n[16];

	compact(s, n, sizeof(n));
	if (n[0] == '0' || n[0] == '1')
		return "Aadhaar number never starts with 0 or 1";
	if (!verhoeff_ok(n))
		return "Aadhaar number fails its check digit (Verhoeff)";
	return NULL;
}

/* The fourth letter says who holds the PAN (Income Tax Department). */
static const char *
pan_real(const char *s)
{
	if (strchr("PCHFATBLJG", s[3]) == NULL)
		return "PAN's fourth letter must name the holder type (P, C, H, F, A, T, B, L, J or G)";
	return NULL;
}

/* The state or union territory codes of Indian driving licences. */
static const char *
licence_real(const char *s)
{
	static const char *const states[] = {
		"AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "DN",
		"GA", "GJ", "HP", "HR", "JH", "JK", "KA", "KL", "LA", "LD",
		"MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR", "PB", "PY",
		"RJ", "SK", "TN", "TR", "TS", "UK", "UA", "UP", "WB",
	};

	for (size_t i = 0; i < SB_NELEM(states); i++)
		if (strncmp(s, states[i], 2) == 0)
			return NULL;
	return "Driving licence number must start with an Indian state code";
}

const char *
sb_valid_document_number(const char *type, const char *s, int strict)
{
	for (size_t i = 0; i < SB_NELEM(documents); i++) {
		if (strcmp(documents[i].type, type) != 0)
			continue;
		for (size_t j = 0; j < SB_NELEM(documents[i].patterns) &&
		    documents[i].patterns[j] != NULL; j++) {
			if (!match_pattern(documents[i].patterns[j], s))
				continue;
			return strict && documents[i].real != NULL ?
			    documents[i].real(s) : NULL;
		}
		return documents[i].msg;
	}
	return "Unknown document type";
}

const char *
sb_valid_review_notes(const char *s)
{
	if (sb_utf8_len(s) > SB_REVIEW_NOTES_MAX)
		return "String should have at most 1000 characters";
	if (!sb_text_clean(s, 1))
		return "Review notes must not contain control characters";
	return NULL;
}
