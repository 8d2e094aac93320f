/*
 * input.c -- checking body fields against a route's table, and the
 * checks: adapters from the table's one signature to the validators of
 * base/validate.h.
 */
#include "config.h"
#include "http/input.h"

#include <string.h>

#include "base/base64.h"
#include "base/conf.h"
#include "base/device.h"
#include "base/document.h"
#include "base/json.h"
#include "base/model.h"
#include "base/password.h"
#include "base/purpose.h"
#include "base/reasons.h"
#include "base/validate.h"

static char *keep(struct sb_input *, size_t, size_t);

/*
 * The list or flags field f of body (see struct sb_field): present when
 * required, an array (list) or an object (flags) of up to
 * SB_FIELD_LIST_MAX members (at least one for a list, and for required
 * flags), with cap bytes kept for its value at *out, emptied.  NULL when
 * absent or refused (errs says why).
 */
static const cJSON *
members(struct sb_input *in, size_t i, const struct sb_field *f,
    const cJSON *body, cJSON *errs, size_t cap, char **out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(body, f->name);
	int		 list = f->list, min = list || f->required, n;

	if (v == NULL || (cJSON_IsNull(v) && !f->required)) {
		if (v == NULL && f->required)
			sb_verr_add(errs, "body", f->name, "Field required",
			    "missing");
		return NULL;
	}
	if (list ? !cJSON_IsArray(v) : !cJSON_IsObject(v)) {
		sb_verr_add(errs, "body", f->name, list ? "Input should be a "
		    "valid list" : "Input should be a valid dictionary",
		    list ? "list_type" : "dict_type");
		return NULL;
	}
	if ((n = cJSON_GetArraySize(v)) < min || n > SB_FIELD_LIST_MAX) {
		sb_verr_add(errs, "body", f->name, list ? "List should have 1 "
		    "to 8 items" : "Object should have 1 to 8 members",
		    n < min ? "too_short" : "too_long");
		return NULL;
	}
	if ((*out = keep(in, i, cap)) == NULL) {
		sb_verr_add(errs, "body", f->name, "Input is too long",
		    "value_error");
		return NULL;
	}
	(*out)[0] = '\0';
	return v;
}

/*
 * A list field (see struct sb_field): its items checked one by one, kept
 * joined by commas (no check lets a comma through).  NULL when absent or
 * refused (errs says why).
 */
static const char *
list_value(struct sb_input *in, size_t i, const struct sb_field *f,
    const cJSON *body, cJSON *errs)
{
	const cJSON	*v, *item;
	const char	*msg;
	char		*out;
	size_t		 used = 0, cap = SB_FIELD_LIST_MAX * 64;

	if ((v = members(in, i, f, body, errs, cap, &out)) == NULL)
		return NULL;
	cJSON_ArrayForEach(item, v) {
		size_t len;

		if (!cJSON_IsString(item) || item->valuestring == NULL) {
			sb_verr_add(errs, "body", f->name, "Each item should "
			    "be a valid string", "string_type");
			return NULL;
		}
		len = strlen(item->valuestring);
		if (f->check != NULL && (msg = f->check(in, i,
		    item->valuestring)) != NULL) {
			sb_verr_add(errs, "body", f->name, msg, f->type);
			return NULL;
		}
		if (len == 0 || len > 63 || strchr(item->valuestring, ',') ||
		    used + len + 2 > cap) {
			sb_verr_add(errs, "body", f->name, "Input is too long",
			    "value_error");
			return NULL;
		}
		/* Each once: ",a," is looked for in ",a,b,". */
		for (const char *p = out; (p = strstr(p, item->valuestring)) !=
		    NULL; p++)
			if ((p == out || p[-1] == ',') &&
			    (p[len] == ',' || p[len] == '\0')) {
				sb_verr_add(errs, "body", f->name, "Each item "
				    "should be given once", "value_error");
				return NULL;
			}
		if (used > 0)
			out[used++] = ',';
		memcpy(out + used, item->valuestring, len + 1);
		used += len;
	}
	return out;
}

/*
 * A flags field (see struct sb_field): an object of names to booleans,
 * each "name=1" or "name=0" checked, kept joined by commas.  NULL when
 * absent or refused (errs says why).
 */
static const char *
flags_value(struct sb_input *in, size_t i, const struct sb_field *f,
    const cJSON *body, cJSON *errs)
{
	const cJSON	*v, *item;
	const char	*msg;
	char		*out;
	size_t		 used = 0, cap = SB_FIELD_LIST_MAX * 32;

	if ((v = members(in, i, f, body, errs, cap, &out)) == NULL)
		return NULL;
	cJSON_ArrayForEach(item, v) {
		size_t	len = strlen(item->string);

		if (!cJSON_IsBool(item)) {
			sb_verr_add(errs, "body", f->name, "Each member "
			    "should be true or false", "bool_type");
			return NULL;
		}
		/* cJSON keeps every member of a repeated name: refuse. */
		if (cJSON_GetObjectItemCaseSensitive(v, item->string) !=
		    item) {
			sb_verr_add(errs, "body", f->name, "Each member "
			    "should be given once", "value_error");
			return NULL;
		}
		if (len == 0 || len > 24 || strpbrk(item->string, ",=") ||
		    used + len + 4 > cap) {
			sb_verr_add(errs, "body", f->name, "Unknown name",
			    f->type);
			return NULL;
		}
		if (used > 0)
			out[used++] = ',';
		memcpy(out + used, item->string, len);
		used += len;
		out[used++] = '=';
		out[used++] = cJSON_IsTrue(item) ? '1' : '0';
		out[used] = '\0';
		if (f->check != NULL && (msg = f->check(in, i,
		    out + used - len - 2)) != NULL) {
			sb_verr_add(errs, "body", f->name, msg, f->type);
			return NULL;
		}
	}
	return out;
}

int
sb_input_check(struct sb_input *in, const struct sb_field *fields,
    const cJSON *body, cJSON *errs)
{
	int before = cJSON_GetArraySize(errs);

	in->fields = fields;
	for (size_t i = 0; fields[i].name != NULL; i++) {
		const struct sb_field	*f = &fields[i];
		const char		*v, *msg;

		if (f->list) {
			in->value[i] = list_value(in, i, f, body, errs);
			continue;
		}
		if (f->flags) {
			in->value[i] = flags_value(in, i, f, body, errs);
			continue;
		}
		v = sb_json_string(body, f->name, f->required, errs);
		in->value[i] = v;
		if (v == NULL || f->check == NULL)
			continue;
		in->type = NULL;
		if ((msg = f->check(in, i, v)) != NULL) {
			sb_verr_add(errs, "body", f->name, msg,
			    in->type != NULL ? in->type : f->type);
			in->value[i] = NULL;
		}
	}
	return cJSON_GetArraySize(errs) - before;
}

static int
field_index(const struct sb_input *in, const char *name)
{
	if (in->fields == NULL)
		return -1;
	for (int i = 0; in->fields[i].name != NULL; i++)
		if (strcmp(in->fields[i].name, name) == 0)
			return i;
	return -1;
}

const char *
sb_input_get(const struct sb_input *in, const char *name)
{
	int i = field_index(in, name);

	return i < 0 ? NULL : in->value[i];
}

const char *
sb_input_note(const struct sb_input *in, const char *name)
{
	int i = field_index(in, name);

	return i < 0 ? NULL : in->note[i];
}

/* Room for a normalised copy of field i, of cap bytes; NULL when full. */
static char *
keep(struct sb_input *in, size_t i, size_t cap)
{
	char *p;

	if (sizeof(in->buf) - in->used < cap)
		return NULL;
	p = in->buf + in->used;
	in->used += cap;
	in->value[i] = p;
	return p;
}

const char *
sb_check_email(struct sb_input *in, size_t i, const char *v)
{
	char *out = keep(in, i, SB_EMAIL_MAX + 1);

	return out == NULL ? "Input is too long" : sb_valid_email(v, out);
}

const char *
sb_check_login_email(struct sb_input *in, size_t i, const char *v)
{
	return sb_check_email(in, i, v) == NULL ? NULL :
	    "value is not a valid email address";
}

const char *
sb_check_password(struct sb_input *in, size_t i, const char *v)
{
	const char *msg = sb_valid_password(v, (size_t)in->cfg->password_min);
	/* The email is checked before the password: a part of it is known. */
	const char *email = sb_input_get(in, "email");

	(void)i;
	return msg != NULL ? msg : sb_password_common(v,
	    (const char *const[]){ email, NULL });
}

/*
 * A device credential is short and plain (base/device.h); one that does
 * not verify is not an error, the client is simply not known.
 */
const char *
sb_check_device_token(struct sb_input *in, size_t i, const char *v)
{
	(void)in;
	(void)i;
	if (strlen(v) >= SB_DEVICE_MAX ||
	    strspn(v, "0123456789abcdefd.") != strlen(v))
		return "value is not a device token";
	return NULL;
}

const char *
sb_check_name(struct sb_input *in, size_t i, const char *v)
{
	char *out = keep(in, i, 4 * SB_NAME_MAX + 1);

	return out == NULL ? "Input is too long" : sb_valid_name(v, out);
}

const char *
sb_check_phone(struct sb_input *in, size_t i, const char *v)
{
	(void)in;
	(void)i;
	return sb_valid_phone(v);
}

const char *
sb_check_document_type(struct sb_input *in, size_t i, const char *v)
{
	(void)in;
	(void)i;
	return sb_valid_document_type(v);
}

const char *
sb_check_document_number(struct sb_input *in, size_t i, const char *v)
{
	const char *type = sb_input_get(in, "document_type");

	(void)i;
	return type == NULL ? NULL : sb_valid_document_number(type, v,
	    strcmp(in->cfg->document_checks, "strict") == 0);
}

/*
 * document_data is base64 of a JPEG, PNG, WebP or PDF file (decoded at most
 * 5 MiB), or, as the seed allows, plain text of at most 5 MiB; the note
 * says which.  The length is checked before anything is decoded, and only
 * the first bytes are decoded here, to tell the format.
 */
const char *
sb_check_document_data(struct sb_input *in, size_t i, const char *v)
{
	static const char too_large[] = "Document must be at most 5 MiB";
	uint8_t		  head[SB_SNIFF_LEN + 3];
	size_t		  len = strlen(v);
	ssize_t		  decoded;

	if (len == 0) {
		in->type = "string_too_short";
		return "String should have at least 1 character";
	}
	if (len > sb_base64_encoded_max(SB_DOCUMENT_MAX))
		return too_large;
	if ((decoded = sb_base64_decoded_len(v, len)) >= 0) {
		if ((size_t)decoded > SB_DOCUMENT_MAX)
			return too_large;
		if (sb_document_sniff(head, sb_base64_decode(v,
		    len < 16 ? len : 16, head)) == NULL)
			return "Document must be a JPEG, PNG, WebP or PDF file "
			    "(or plain text)";
		in->note[i] = "base64";
		return NULL;
	}
	if (len > SB_DOCUMENT_MAX)
		return too_large;
	if (!sb_text_clean(v, 1))
		return "Text documents must not contain control characters";
	in->note[i] = "text";
	return NULL;
}

const char *
sb_check_reason(struct sb_input *in, size_t i, const char *v)
{
	(void)in;
	(void)i;
	return sb_reason_find(v) != NULL ? NULL : "Unknown reason code (GET "
	    "/kyc/reject-reasons lists them)";
}

const char *
sb_check_reject_kind(struct sb_input *in, size_t i, const char *v)
{
	(void)in;
	(void)i;
	return strcmp(v, SB_KIND_RETRY) == 0 || strcmp(v, SB_KIND_FINAL) == 0 ?
	    NULL : "Input should be 'RETRY' or 'FINAL'";
}

const char *
sb_check_review_notes(struct sb_input *in, size_t i, const char *v)
{
	(void)in;
	(void)i;
	return sb_valid_review_notes(v);
}

/* "name=0" or "name=1": a purpose of base/purpose.h, and its purpose. */
static const char *
consent_purpose(const char *v, const struct sb_purpose **p)
{
	char	name[SB_PURPOSE_NAME_MAX + 1];
	size_t	len = strcspn(v, "=");

	if (len > SB_PURPOSE_NAME_MAX)
		return "Unknown purpose (GET /privacy/notice lists them)";
	memcpy(name, v, len);
	name[len] = '\0';
	if ((*p = sb_purpose_find(name)) == NULL)
		return "Unknown purpose (GET /privacy/notice lists them)";
	return NULL;
}

const char *
sb_check_consent_at_register(struct sb_input *in, size_t i, const char *v)
{
	const struct sb_purpose	*p;
	const char		*msg = consent_purpose(v, &p);

	(void)in;
	(void)i;
	if (msg == NULL && p->required && strchr(v, '=')[1] == '0')
		msg = "The kyc purpose cannot be refused: the law requires the "
		    "bank to verify a customer's identity";
	return msg;
}

const char *
sb_check_consent(struct sb_input *in, size_t i, const char *v)
{
	const struct sb_purpose	*p;
	const char		*msg = consent_purpose(v, &p);

	(void)in;
	(void)i;
	if (msg == NULL && p->required && strchr(v, '=')[1] == '0')
		msg = "The kyc purpose cannot be withdrawn while you are a "
		    "customer: the law requires the bank to keep these records";
	return msg;
}

const char *
sb_check_email_fixed(struct sb_input *in, size_t i, const char *v)
{
	(void)in;
	(void)i;
	(void)v;
	return "The email cannot be changed here: it is how the bank knows "
	    "you. Contact the bank to change it";
}
