/*
 * conf.h -- smartbank configuration: KEY=VALUE file, environment on top.
 *
 * Every key is declared once in the table in conf.c with its type,
 * default and range; sb_config_load() validates all of them and names the
 * offending key in its error message.
 */
#ifndef SB_CONF_H
#define SB_CONF_H

#include <stddef.h>

struct sb_hs256;
struct sb_keyring;
struct sb_signer;

#define SB_CONFIG_MAXKEYS 48
#define SB_JWT_SECRET_MIN 32 /* bytes; HS256 wants a key as long as its hash */

struct sb_config {
	char	*jwt_secret;		/* SMARTBANK_JWT_SECRET (required) */
	struct sb_hs256 *jwt_mac;	/* keyed by jwt_secret; owned */
	struct sb_hs256 *device_mac;	/* keyed from jwt_secret (base/device.h) */
	char	*key_file;		/* SMARTBANK_KEY_FILE (required) */
	struct sb_keyring *keys;	/* read from key_file; owned */
	char	*audit_origin;		/* SMARTBANK_AUDIT_ORIGIN */
	char	*audit_key_file;	/* SMARTBANK_AUDIT_KEY_FILE (required) */
	struct sb_signer *audit_signer;	/* read from audit_key_file; owned */
	char	*jwt_issuer;		/* SMARTBANK_JWT_ISSUER */
	long	 token_ttl_min;		/* SMARTBANK_ACCESS_TOKEN_EXPIRE_MINUTES */
	char	*mongodb_uri;		/* SMARTBANK_MONGODB_URI */
	char	*database;		/* SMARTBANK_DATABASE */
	long	 db_timeout_ms;		/* SMARTBANK_DB_TIMEOUT_MS */
	long	 db_wait_ms;		/* a reply's wait, if not that (0):
					   smartbank-admin's long commands */
	long	 db_pool_max;		/* SMARTBANK_DB_POOL_MAX */
	long	 db_slow_ms;		/* SMARTBANK_DB_SLOW_MS */
	char	*listen;		/* SMARTBANK_LISTEN ("" = socket on fd 0) */
	long	 socket_mode;		/* SMARTBANK_SOCKET_MODE (octal) */
	long	 workers;		/* SMARTBANK_WORKERS */
	long	 backlog;		/* SMARTBANK_BACKLOG */
	long	 shutdown_timeout_s;	/* SMARTBANK_SHUTDOWN_TIMEOUT */
	long	 max_body_bytes;	/* SMARTBANK_MAX_BODY_BYTES */
	long	 bcrypt_cost;		/* SMARTBANK_BCRYPT_COST, or: */
	long	 bcrypt_test_cost;	/* SMARTBANK_BCRYPT_TEST_COST */
	long	 claim_lease_s;		/* SMARTBANK_CLAIM_LEASE_SECONDS */
	long	 webhook_grace_h;	/* SMARTBANK_WEBHOOK_SECRET_GRACE_HOURS */
	char	*webhook_retries;	/* SMARTBANK_WEBHOOK_RETRY_SCHEDULE */
	long	 webhook_timeout_ms;	/* SMARTBANK_WEBHOOK_TIMEOUT_MS */
	long	 password_min;		/* SMARTBANK_PASSWORD_MIN_LENGTH */
	long	 login_max_failures;	/* SMARTBANK_LOGIN_MAX_FAILURES */
	long	 login_max_per_account;	/* SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT */
	long	 login_max_per_device;	/* SMARTBANK_LOGIN_MAX_FAILURES_PER_DEVICE */
	long	 login_window_s;	/* SMARTBANK_LOGIN_WINDOW_SECONDS */
	long	 login_device_days;	/* SMARTBANK_LOGIN_DEVICE_DAYS */
	long	 login_max_per_addr;	/* SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR */
	long	 register_max_per_addr;	/* SMARTBANK_REGISTER_MAX_PER_ADDR */
	long	 addr_window_s;		/* SMARTBANK_ADDR_WINDOW_SECONDS */
	char	*login_trusted;		/* SMARTBANK_LOGIN_TRUSTED_ADDRS */
	long	 kyc_max_per_day;	/* SMARTBANK_KYC_MAX_PER_DAY */
	long	 kyc_max_stored;	/* SMARTBANK_KYC_MAX_STORED_BYTES */
	long	 upload_grace_s;	/* SMARTBANK_UPLOAD_GRACE_SECONDS */
	char	*document_checks;	/* SMARTBANK_DOCUMENT_CHECKS */
	char	*queue_mask_numbers;	/* SMARTBANK_QUEUE_MASK_NUMBERS */
	char	*require_reasons;	/* SMARTBANK_REQUIRE_REASONS */
	char	*four_eyes;		/* SMARTBANK_FOUR_EYES */
	long	 retention_rejected_days; /* SMARTBANK_RETENTION_REJECTED_DAYS */
	long	 retention_closed_days;	/* SMARTBANK_RETENTION_CLOSED_DAYS */
	char	*log_level;		/* SMARTBANK_LOG_LEVEL */

	/* Raw text of every key, by table index; owns the strings above. */
	char	*raw[SB_CONFIG_MAXKEYS];
};

/* One entry of the key table, exported for the documentation test. */
struct sb_config_key {
	const char	*name;
	const char	*def;		/* default as text; NULL = required */
	enum { SB_CK_STR, SB_CK_LONG, SB_CK_OCTAL, SB_CK_SECRET,
	       SB_CK_URI, SB_CK_ENUM, SB_CK_ADDRS, SB_CK_KEYFILE,
	       SB_CK_SIGNKEY, SB_CK_DURATIONS } type;
	long		 min, max;	/* numbers: inclusive range */
	const char	*choices;	/* SB_CK_ENUM: space-separated */
	size_t		 offset;	/* into struct sb_config */
};

extern const struct sb_config_key sb_config_keys[];
extern const size_t sb_config_nkeys;

/*
 * Load defaults, then FILE (NULL or "" for none), then the environment;
 * validate.
 * Returns SB_OK, or SB_ERR with a one-line message naming the key in err.
 */
int	sb_config_load(struct sb_config *, const char *file,
	    char *err, size_t errsz);
/* Parse one KEY=VALUE text (a whole file's contents) on top of cfg. */
int	sb_config_parse_text(struct sb_config *, const char *text,
	    const char *origin, char *err, size_t errsz);
int	sb_config_validate(struct sb_config *, char *err, size_t errsz);
/* Reset to defaults; cfg must be uninitialised or freed. */
void	sb_config_defaults(struct sb_config *);
void	sb_config_free(struct sb_config *);

#endif
