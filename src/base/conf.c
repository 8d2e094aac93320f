/*
 * conf.c -- the configuration keys, their defaults and ranges, and the
 * KEY=VALUE reader.
 *
 * Loading is three layers of raw text (defaults, file, environment) followed
 * by one validation pass that converts every key, so that an error always
 * names the key whatever layer it came from.
 */
#include "config.h"
#include "base/conf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mongoc/mongoc.h>
#include <openssl/crypto.h>

#include "base/addr.h"
#include "base/hs256.h"
#include "base/keyring.h"
#include "base/note.h"
#include "base/model.h"
#include "base/util.h"

#define K(field) offsetof(struct sb_config, field)

const struct sb_config_key sb_config_keys[] = {
	{ .name = "SMARTBANK_JWT_SECRET",
	  .type = SB_CK_SECRET,
	  .offset = K(jwt_secret) },
	{ .name = "SMARTBANK_KEY_FILE",
	  .type = SB_CK_KEYFILE,
	  .offset = K(key_file) },
	/* Before the key file: the signer signs as the origin. */
	{ .name = "SMARTBANK_AUDIT_ORIGIN",
	  .def = "smartbank.local/audit",
	  .type = SB_CK_STR,
	  .min = 1, .max = 128,
	  .offset = K(audit_origin) },
	{ .name = "SMARTBANK_AUDIT_KEY_FILE",
	  .type = SB_CK_SIGNKEY,
	  .offset = K(audit_key_file) },
	{ .name = "SMARTBANK_JWT_ISSUER",
	  .def = "smartbank",
	  .type = SB_CK_STR,
	  .min = 1, .max = 200,
	  .offset = K(jwt_issuer) },
	{ .name = "SMARTBANK_ACCESS_TOKEN_EXPIRE_MINUTES",
	  .def = "30",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 1440,
	  .offset = K(token_ttl_min) },
	{ .name = "SMARTBANK_MONGODB_URI",
	  .def = "mongodb://127.0.0.1:27017",
	  .type = SB_CK_URI,
	  .offset = K(mongodb_uri) },
	{ .name = "SMARTBANK_DATABASE",
	  .def = "smartbank",
	  .type = SB_CK_STR,
	  .min = 1, .max = 63,
	  .offset = K(database) },
	{ .name = "SMARTBANK_DB_TIMEOUT_MS",
	  .def = "1500",
	  .type = SB_CK_LONG,
	  .min = 100, .max = 60000,
	  .offset = K(db_timeout_ms) },
	/* A command slower than this is logged (store/db_watch.h); 0: none. */
	{ .name = "SMARTBANK_DB_SLOW_MS",
	  .def = "500",
	  .type = SB_CK_LONG,
	  .min = 0, .max = 60000,
	  .offset = K(db_slow_ms) },
	{ .name = "SMARTBANK_DB_POOL_MAX",
	  .def = "4",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 100,
	  .offset = K(db_pool_max) },
	{ .name = "SMARTBANK_LISTEN",
	  .def = "",
	  .type = SB_CK_STR,
	  .min = 0, .max = 255,
	  .offset = K(listen) },
	{ .name = "SMARTBANK_SOCKET_MODE",
	  .def = "0660",
	  .type = SB_CK_OCTAL,
	  .min = 0, .max = 0777,
	  .offset = K(socket_mode) },
	/* 0: four per core (see sb_master_workers()). */
	{ .name = "SMARTBANK_WORKERS",
	  .def = "0",
	  .type = SB_CK_LONG,
	  .min = 0, .max = 256,
	  .offset = K(workers) },
	{ .name = "SMARTBANK_BACKLOG",
	  .def = "1024",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 65535,
	  .offset = K(backlog) },
	{ .name = "SMARTBANK_SHUTDOWN_TIMEOUT",
	  .def = "10",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 300,
	  .offset = K(shutdown_timeout_s) },
	{ .name = "SMARTBANK_MAX_BODY_BYTES",
	  .def = "8388608",
	  .type = SB_CK_LONG,
	  .min = 1024, .max = 67108864,
	  .offset = K(max_body_bytes) },
	/* Below 10 a hash is too cheap to guess against (issue 25). */
	{ .name = "SMARTBANK_BCRYPT_COST",
	  .def = "12",
	  .type = SB_CK_LONG,
	  .min = 10, .max = 31,
	  .offset = K(bcrypt_cost) },
	/* How long a claimed case is the auditor's (ops/claim.h). */
	{ .name = "SMARTBANK_CLAIM_LEASE_SECONDS",
	  .def = "900",
	  .type = SB_CK_LONG,
	  .min = 60, .max = 86400,
	  .offset = K(claim_lease_s) },
	/* How long a rotated webhook secret still signs (ops/webhook.h). */
	{ .name = "SMARTBANK_WEBHOOK_SECRET_GRACE_HOURS",
	  .def = "24",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 720,
	  .offset = K(webhook_grace_h) },
	/* When a failed webhook delivery is tried again (ops/delivery.h). */
	{ .name = "SMARTBANK_WEBHOOK_RETRY_SCHEDULE",
	  .def = "5s,5m,30m,2h,5h,10h",
	  .type = SB_CK_DURATIONS,
	  .offset = K(webhook_retries) },
	/* How long one webhook delivery may take, connecting included. */
	{ .name = "SMARTBANK_WEBHOOK_TIMEOUT_MS",
	  .def = "10000",
	  .type = SB_CK_LONG,
	  .min = 100, .max = 60000,
	  .offset = K(webhook_timeout_ms) },
	/* 0, or a cost below the floor for a test suite, said at start. */
	{ .name = "SMARTBANK_BCRYPT_TEST_COST",
	  .def = "0",
	  .type = SB_CK_LONG,
	  .min = 0, .max = 9,
	  .offset = K(bcrypt_test_cost) },
	{ .name = "SMARTBANK_PASSWORD_MIN_LENGTH",
	  .def = "8",
	  .type = SB_CK_LONG,
	  .min = 8, .max = 72,
	  .offset = K(password_min) },
	/* Logins (ops/login.h): one account from one address... */
	{ .name = "SMARTBANK_LOGIN_MAX_FAILURES",
	  .def = "5",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 1000,
	  .offset = K(login_max_failures) },
	/* ...one account from clients it does not know... */
	{ .name = "SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT",
	  .def = "20",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 100000,
	  .offset = K(login_max_per_account) },
	/* ...one device the account knows... */
	{ .name = "SMARTBANK_LOGIN_MAX_FAILURES_PER_DEVICE",
	  .def = "10",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 1000,
	  .offset = K(login_max_per_device) },
	{ .name = "SMARTBANK_LOGIN_WINDOW_SECONDS",
	  .def = "900",
	  .type = SB_CK_LONG,
	  .min = 10, .max = 86400,
	  .offset = K(login_window_s) },
	{ .name = "SMARTBANK_LOGIN_DEVICE_DAYS",
	  .def = "90",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 400,
	  .offset = K(login_device_days) },
	/* ...and every account from one address, sized for shared addresses. */
	{ .name = "SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR",
	  .def = "200",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 1000000,
	  .offset = K(login_max_per_addr) },
	{ .name = "SMARTBANK_REGISTER_MAX_PER_ADDR",
	  .def = "100",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 1000000,
	  .offset = K(register_max_per_addr) },
	{ .name = "SMARTBANK_ADDR_WINDOW_SECONDS",
	  .def = "3600",
	  .type = SB_CK_LONG,
	  .min = 60, .max = 86400,
	  .offset = K(addr_window_s) },
	{ .name = "SMARTBANK_LOGIN_TRUSTED_ADDRS",
	  .def = "",
	  .type = SB_CK_ADDRS,
	  .offset = K(login_trusted) },
	{ .name = "SMARTBANK_KYC_MAX_PER_DAY",
	  .def = "5",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 1000,
	  .offset = K(kyc_max_per_day) },
	{ .name = "SMARTBANK_KYC_MAX_STORED_BYTES",
	  .def = "26214400",
	  .type = SB_CK_LONG,
	  .min = 5242880, .max = 1099511627776,
	  .offset = K(kyc_max_stored) },
	{ .name = "SMARTBANK_UPLOAD_GRACE_SECONDS",
	  .def = "600",
	  .type = SB_CK_LONG,
	  .min = 1, .max = 86400,
	  .offset = K(upload_grace_s) },
	{ .name = "SMARTBANK_DOCUMENT_CHECKS",
	  .def = "format",
	  .type = SB_CK_ENUM,
	  .choices = "format strict",
	  .offset = K(document_checks) },
	/* 0: kept (no purge by this rule). */
	{ .name = "SMARTBANK_RETENTION_REJECTED_DAYS",
	  .def = "0",
	  .type = SB_CK_LONG,
	  .min = 0, .max = 36500,
	  .offset = K(retention_rejected_days) },
	{ .name = "SMARTBANK_RETENTION_CLOSED_DAYS",
	  .def = "1825",
	  .type = SB_CK_LONG,
	  .min = 0, .max = 36500,
	  .offset = K(retention_closed_days) },
	{ .name = "SMARTBANK_QUEUE_MASK_NUMBERS",
	  .def = "off",
	  .type = SB_CK_ENUM,
	  .choices = "off on",
	  .offset = K(queue_mask_numbers) },
	/* on: an approval needs two auditors (ops/decision.h). */
	{ .name = "SMARTBANK_FOUR_EYES",
	  .def = "off",
	  .type = SB_CK_ENUM,
	  .choices = "off on",
	  .offset = K(four_eyes) },
	/* on: a rejection without a reason code is a 422. */
	{ .name = "SMARTBANK_REQUIRE_REASONS",
	  .def = "off",
	  .type = SB_CK_ENUM,
	  .choices = "off on",
	  .offset = K(require_reasons) },
	{ .name = "SMARTBANK_LOG_LEVEL",
	  .def = "info",
	  .type = SB_CK_ENUM,
	  .choices = "debug info warn error",
	  .offset = K(log_level) },
};
const size_t sb_config_nkeys = SB_NELEM(sb_config_keys);

#undef K

_Static_assert(SB_NELEM(sb_config_keys) <= SB_CONFIG_MAXKEYS, "cfg->raw[] in struct sb_config is too small");

/* Keys of earlier versions whose meaning is gone: say what replaced them. */
static const struct {
	const char	*name, *why;
} retired_keys[] = {
	{ "SMARTBANK_LOGIN_ACCOUNT_SLOWDOWN", "replaced by "
	  "SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT (a lock for unknown "
	  "devices and addresses, not a delay for everyone)" },
	{ "SMARTBANK_LOGIN_MAX_DELAY_SECONDS", "no longer used (see "
	  "SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT)" },
};

static const char *
retired(const char *name, size_t len)
{
	for (size_t i = 0; i < SB_NELEM(retired_keys); i++)
		if (strlen(retired_keys[i].name) == len &&
		    memcmp(retired_keys[i].name, name, len) == 0)
			return retired_keys[i].why;
	return NULL;
}

static ssize_t
key_index(const char *name, size_t len)
{
	for (size_t i = 0; i < sb_config_nkeys; i++)
		if (strlen(sb_config_keys[i].name) == len &&
		    memcmp(sb_config_keys[i].name, name, len) == 0)
			return (ssize_t)i;
	return -1;
}

static int
set_raw(struct sb_config *cfg, size_t i, const char *v, size_t len)
{
	char *copy = sb_strndup(v, len);

	if (copy == NULL)
		return SB_ERR;
	if (cfg->raw[i] != NULL && sb_config_keys[i].type == SB_CK_SECRET)
		OPENSSL_cleanse(cfg->raw[i], strlen(cfg->raw[i]));
	free(cfg->raw[i]);
	cfg->raw[i] = copy;
	return SB_OK;
}

void
sb_config_defaults(struct sb_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < sb_config_nkeys; i++) {
		if (sb_config_keys[i].def != NULL)
			cfg->raw[i] = sb_strdup(sb_config_keys[i].def);
	}
}

/*
 * One line of a .env-style file: optional "export ", KEY=VALUE, the value
 * optionally in single or double quotes; an unquoted value ends at " #".
 */
int
sb_config_parse_text(struct sb_config *cfg, const char *text,
    const char *origin, char *err, size_t errsz)
{
	const char	*p = text;
	unsigned	 lineno = 0;

	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		const char *end = eol != NULL ? eol : p + strlen(p);
		const char *k, *ke, *v, *ve, *eq;
		ssize_t idx;

		lineno++;
		while (p < end && isspace((unsigned char)*p))
			p++;
		ve = end;
		while (ve > p && isspace((unsigned char)ve[-1]))
			ve--;
		if (p == ve || *p == '#')
			goto next;
		if ((size_t)(ve - p) > 7 && strncmp(p, "export", 6) == 0 &&
		    (p[6] == ' ' || p[6] == '\t')) {
			p += 7;
			while (p < ve && isspace((unsigned char)*p))
				p++;
		}
		eq = memchr(p, '=', (size_t)(ve - p));
		if (eq == NULL)
			return sb_errf(err, errsz, "%s:%u: expected KEY=VALUE",
			    origin, lineno);
		k = p;
		ke = eq;
		while (ke > k && isspace((unsigned char)ke[-1]))
			ke--;
		v = eq + 1;
		while (v < ve && isspace((unsigned char)*v))
			v++;
		if (ve - v >= 2 && (*v == '"' || *v == '\'') && ve[-1] == *v) {
			v++;
			ve--;
		} else if (v < ve && (*v == '"' || *v == '\'')) {
			return sb_errf(err, errsz, "%s:%u: %.*s: unterminated quote",
			    origin, lineno, (int)(ke - k), k);
		} else {
			const char *hash;

			for (hash = v; hash < ve; hash++)
				if (*hash == '#' && hash > v &&
				    isspace((unsigned char)hash[-1]))
					break;
			ve = hash;
			while (ve > v && isspace((unsigned char)ve[-1]))
				ve--;
		}
		if ((idx = key_index(k, (size_t)(ke - k))) < 0) {
			const char *why = retired(k, (size_t)(ke - k));

			if (why != NULL)
				return sb_errf(err, errsz, "%s:%u: %.*s is %s",
				    origin, lineno, (int)(ke - k), k, why);
			return sb_errf(err, errsz, "%s:%u: unknown key %.*s",
			    origin, lineno, (int)(ke - k), k);
		}
		if (set_raw(cfg, (size_t)idx, v, (size_t)(ve - v)) == -1)
			return sb_errf(err, errsz, "out of memory");
next:
		p = eol != NULL ? eol + 1 : end;
	}
	return 0;
}

static int
load_file(struct sb_config *cfg, const char *path, char *err, size_t errsz)
{
	char	*text;
	size_t	 len;
	int	 rc;

	if ((text = sb_read_file(path, 1 << 20, &len)) == NULL)
		return sb_errf(err, errsz, "%s: %s", path, strerror(errno));
	/* A NUL would cut the text short without a word: refuse it. */
	if (strlen(text) != len) {
		OPENSSL_cleanse(text, len);
		free(text);
		return sb_errf(err, errsz, "%s: contains a NUL byte", path);
	}
	rc = sb_config_parse_text(cfg, text, path, err, errsz);
	/* It may hold the JWT secret and the database's password. */
	OPENSSL_cleanse(text, len);
	free(text);
	return rc;
}

static int
load_env(struct sb_config *cfg, char *err, size_t errsz)
{
	for (size_t i = 0; i < sb_config_nkeys; i++) {
		const char *v = getenv(sb_config_keys[i].name);

		if (v != NULL && set_raw(cfg, i, v, strlen(v)) == -1)
			return sb_errf(err, errsz, "out of memory");
	}
	return 0;
}

static int
parse_long(const char *s, int base, long *out)
{
	char *end;

	if (*s == '\0' || isspace((unsigned char)*s) || *s == '+')
		return SB_ERR;
	errno = 0;
	*out = strtol(s, &end, base);
	return errno != 0 || *end != '\0' ? SB_ERR : SB_OK;
}

/* A signing key that is long but trivially guessable is still refused. */
/*
 * A MAC keyed by HMAC(secret, label): one secret, a key per purpose, so
 * that a device credential can never pass for a token or the reverse.
 */
static struct sb_hs256 *
derived_mac(struct sb_hs256 *secret, const char *label)
{
	uint8_t			 key[SB_HS256_LEN];
	struct sb_hs256		*mac = NULL;

	if (sb_hs256(secret, label, strlen(label), key) == 0)
		mac = sb_hs256_new(key, sizeof(key));
	OPENSSL_cleanse(key, sizeof(key));
	return mac;
}

static int
secret_is_weak(const char *s)
{
	unsigned char	seen[256] = { 0 };
	size_t		distinct = 0, len = strlen(s);

	if (len < SB_JWT_SECRET_MIN)
		return 1;
	for (size_t i = 0; i < len; i++)
		if (!seen[(unsigned char)s[i]]++)
			distinct++;
	return distinct < 8;
}

/* One of the enum key k's choices, space-separated: 1 or 0. */
static int
is_choice(const struct sb_config_key *k, const char *v)
{
	const char	*c = k->choices;
	size_t		 len = strlen(v);

	/* strstr() finds "" everywhere: an empty value is no choice. */
	while (len > 0 && (c = strstr(c, v)) != NULL) {
		if ((c == k->choices || c[-1] == ' ') &&
		    (c[len] == ' ' || c[len] == '\0'))
			return 1;
		c++;
	}
	return 0;
}

/*
 * Check the text v of key k against its type and range; a number into
 * *n.  0, or -1 with err naming the key.
 */
static int
check_text(const struct sb_config_key *k, const char *v, long *n, char *err,
    size_t errsz)
{
	char	why[128];

	if (v == NULL || (*v == '\0' &&
	    (k->type == SB_CK_SECRET || k->type == SB_CK_KEYFILE ||
	    k->type == SB_CK_SIGNKEY)))
		return sb_errf(err, errsz, "%s is required but not set", k->name);
	switch (k->type) {
	case SB_CK_SECRET:
		if (secret_is_weak(v))
			return sb_errf(err, errsz, "%s is too weak: it needs at "
			    "least %d bytes and 8 distinct characters "
			    "(try: openssl rand -base64 48)", k->name,
			    SB_JWT_SECRET_MIN);
		return 0;
	case SB_CK_KEYFILE:
	case SB_CK_SIGNKEY:
		return 0;	/* their files are read by load_key() */
	case SB_CK_URI: {
		bson_error_t	 e;
		mongoc_uri_t	*uri = mongoc_uri_new_with_error(v, &e);

		if (uri == NULL)
			return sb_errf(err, errsz, "%s is not a valid MongoDB "
			    "URI: %s", k->name, e.message);
		mongoc_uri_destroy(uri);
		return 0;
	}
	case SB_CK_ENUM:
		if (!is_choice(k, v))
			return sb_errf(err, errsz, "%s must be one of: %s "
			    "(got \"%s\")", k->name, k->choices, v);
		return 0;
	case SB_CK_ADDRS:
		if (sb_addr_list_check(v, why, sizeof(why)) != NULL)
			return sb_errf(err, errsz, "%s: %s", k->name, why);
		return 0;
	case SB_CK_DURATIONS: {
		int64_t ms[SB_DURATIONS_MAX];

		if (sb_durations_parse(v, ms, SB_NELEM(ms), why,
		    sizeof(why)) == SB_ERR)
			return sb_errf(err, errsz, "%s: %s", k->name, why);
		return 0;
	}
	case SB_CK_STR:
		if (strlen(v) < (size_t)k->min || strlen(v) > (size_t)k->max)
			return sb_errf(err, errsz, "%s must be %ld to %ld "
			    "characters long", k->name, k->min, k->max);
		return 0;
	case SB_CK_LONG:
	case SB_CK_OCTAL:
		if (parse_long(v, k->type == SB_CK_OCTAL ? 8 : 10, n) == -1)
			return sb_errf(err, errsz, "%s is not a%s number: \"%s\"",
			    k->name, k->type == SB_CK_OCTAL ? "n octal" : "",
			    v);
		if (*n < k->min || *n > k->max)
			return sb_errf(err, errsz, k->type == SB_CK_OCTAL ?
			    "%s must be between %lo and %lo (got %s)" :
			    "%s must be between %ld and %ld (got %s)",
			    k->name, k->min, k->max, v);
		return 0;
	}
	abort();
}

/*
 * What a checked secret or key file makes: the token and device MACs, the
 * keyring, the audit signer, each replacing the one before.  0, or -1
 * with err naming the key.
 */
static int
load_key(struct sb_config *cfg, const struct sb_config_key *k, const char *v,
    char *err, size_t errsz)
{
	char	why[384];

	switch (k->type) {
	case SB_CK_SECRET:
		sb_hs256_free(cfg->jwt_mac);
		sb_hs256_free(cfg->device_mac);
		cfg->device_mac = NULL;
		if ((cfg->jwt_mac = sb_hs256_new(v, strlen(v))) == NULL ||
		    (cfg->device_mac = derived_mac(cfg->jwt_mac,
		    "smartbank/device-credential/v1")) == NULL)
			return sb_errf(err, errsz, "%s: HMAC-SHA256 is not "
			    "available", k->name);
		return 0;
	case SB_CK_KEYFILE:
		sb_keyring_free(cfg->keys);
		if ((cfg->keys = sb_keyring_load(v, why, sizeof(why))) == NULL)
			return sb_errf(err, errsz, "%s: %s", k->name, why);
		return 0;
	case SB_CK_SIGNKEY:
		sb_signer_free(cfg->audit_signer);
		cfg->audit_signer = sb_signer_load(v, cfg->audit_origin, why,
		    sizeof(why));
		if (cfg->audit_signer == NULL)
			return sb_errf(err, errsz, "%s: %s", k->name, why);
		return 0;
	default:
		return 0;
	}
}

/* Key i of the table: checked, loaded, and its value into cfg. */
static int
check_one(struct sb_config *cfg, size_t i, char *err, size_t errsz)
{
	const struct sb_config_key	*k = &sb_config_keys[i];
	/* The slot of this key in cfg, typed by the table (offsetof). */
	void				*field = (char *)cfg + k->offset;
	const char			*v = cfg->raw[i];
	long				 n = 0;

	if (check_text(k, v, &n, err, errsz) == -1 ||
	    load_key(cfg, k, v, err, errsz) == -1)
		return SB_ERR;
	if (k->type == SB_CK_LONG || k->type == SB_CK_OCTAL)
		*(long *)field = n;
	else
		*(char **)field = cfg->raw[i];
	return SB_OK;
}

int
sb_config_validate(struct sb_config *cfg, char *err, size_t errsz)
{
	for (size_t i = 0; i < sb_config_nkeys; i++)
		if (check_one(cfg, i, err, errsz) == -1)
			return SB_ERR;
	if (cfg->bcrypt_test_cost > 0 && cfg->bcrypt_test_cost < 4)
		return sb_errf(err, errsz, "SMARTBANK_BCRYPT_TEST_COST must be "
		    "0 (off) or between 4 and 9 (got %ld)",
		    cfg->bcrypt_test_cost);
	if (cfg->bcrypt_test_cost > 0)
		cfg->bcrypt_cost = cfg->bcrypt_test_cost;
	/* Database names: Latin letters, digits and underscores only. */
	for (const char *p = cfg->database; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return sb_errf(err, errsz, "SMARTBANK_DATABASE may hold "
			    "only letters, digits and underscores");
	return SB_OK;
}

int
sb_config_load(struct sb_config *cfg, const char *file, char *err,
    size_t errsz)
{
	sb_config_defaults(cfg);
	/* SMARTBANK_CONFIG= (empty) means no file, as an absent one does. */
	if (file != NULL && *file != '\0' &&
	    load_file(cfg, file, err, errsz) == -1)
		return SB_ERR;
	if (load_env(cfg, err, errsz) == -1)
		return SB_ERR;
	return sb_config_validate(cfg, err, errsz);
}

void
sb_config_free(struct sb_config *cfg)
{
	for (size_t i = 0; i < sb_config_nkeys; i++) {
		/* A secret's text does not outlive its use in freed memory. */
		if (cfg->raw[i] != NULL &&
		    sb_config_keys[i].type == SB_CK_SECRET)
			OPENSSL_cleanse(cfg->raw[i], strlen(cfg->raw[i]));
		free(cfg->raw[i]);
		cfg->raw[i] = NULL;
	}
	sb_hs256_free(cfg->jwt_mac);
	sb_hs256_free(cfg->device_mac);
	sb_keyring_free(cfg->keys);
	sb_signer_free(cfg->audit_signer);
	memset(cfg, 0, sizeof(*cfg));
}
