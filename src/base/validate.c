/*
 * validate.c -- the field validators.  Document number formats are one
 * table, type beside pattern, in the spirit of kcgi's kvalid tables.
 */
#include "config.h"
#include "base/validate.h"


#include <ctype.h>
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
	return NULL;
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
 * Document formats as small patterns: 'A' an upper-case letter, '9' a
 * digit, 'S' an optional space or hyphen, anything else itself.
 */
static const struct {
	const char	*type;
	const char	*patterns[3];
	const char	*msg;
} documents[] = {
	{ "aadhar", { "999999999999", "9999S9999S9999", NULL },
	  "Aadhaar number must be 12 digits, optionally in groups of four separated by spaces or hyphens" },
	{ "pan", { "AAAAA9999A", NULL, NULL },
	  "PAN must be five letters, four digits and a letter (AAAAA9999A)" },
	{ "passport", { "A9999999", NULL, NULL },
	  "Passport number must be a letter and seven digits (A1234567)" },
	{ "driving_license", { "AAS99S99999999999", NULL, NULL },
	  "Driving licence number must be a state code, two RTO digits, and the year and serial (MH14 20110062821)" },
	{ "voter_id", { "AAA9999999", NULL, NULL },
	  "Voter ID (EPIC) must be three letters and seven digits (ABC1234567)" },
};

const char *
sb_valid_document_type(const char *s)
{
	for (size_t i = 0; i < SB_NELEM(documents); i++)
		if (strcmp(documents[i].type, s) == 0)
			return NULL;
	return "Input should be 'aadhar', 'pan', 'passport', 'driving_license' or 'voter_id'";
}

/* Does s match pattern p (see above)?  Separators must all be the same. */
static int
match_pattern(const char *p, const char *s)
{
	char sep = 0;

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
			if (*s == ' ' || *s == '-') {
				if (sep != 0 && sep != *s)
					return 0;
				sep = *s++;
			}
			break;
		default:
			if (*s++ != *p)
				return 0;
		}
	}
	return *s == '\0';
}

const char *
sb_valid_document_number(const char *type, const char *s)
{
	for (size_t i = 0; i < SB_NELEM(documents); i++) {
		if (strcmp(documents[i].type, type) != 0)
			continue;
		for (size_t j = 0; j < 3 && documents[i].patterns[j]; j++)
			if (match_pattern(documents[i].patterns[j], s))
				return NULL;
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
