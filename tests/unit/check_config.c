/*
 * check_config.c -- the KEY=VALUE reader and the validation of every key.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_main.h"
#include "base/conf.h"

/* A good key file, made by the fixture in the working directory. */
#define KEYS_PATH "check_config.keys"
#define AUDIT_PATH "check_config.audit.pem"
#define KEY "SMARTBANK_JWT_SECRET=k3y-0123456789-abcdefghijklmnopqrstuv\n" \
	"SMARTBANK_KEY_FILE=" KEYS_PATH "\n" \
	"SMARTBANK_AUDIT_KEY_FILE=" AUDIT_PATH "\n"

static void
make_keys(void)
{
	FILE *f;

	unlink(KEYS_PATH);
	umask(077);
	f = fopen(KEYS_PATH, "w");
	ck_assert_ptr_nonnull(f);
	fputs("index MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"
	    "k1 ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=\n", f);
	fclose(f);
	/* A test key: openssl genpkey -algorithm ed25519 */
	unlink(AUDIT_PATH);
	f = fopen(AUDIT_PATH, "w");
	ck_assert_ptr_nonnull(f);
	fputs("-----BEGIN PRIVATE KEY-----\n"
	    "MC4CAQAwBQYDK2VwBCIEILde7CRJ98q58irFi/iO6fNJTyUsouLGQiOnNJVameY3\n"
	    "-----END PRIVATE KEY-----\n", f);
	fclose(f);
}

static void
remove_keys(void)
{
	unlink(KEYS_PATH);
	unlink(AUDIT_PATH);
}

static void
clear_env(void)
{
	for (size_t i = 0; i < sb_config_nkeys; i++)
		unsetenv(sb_config_keys[i].name);
}

/* Parse text as a file over the defaults, then validate. */
static int
load_text(struct sb_config *cfg, const char *text, char *err, size_t errsz)
{
	sb_config_defaults(cfg);
	if (sb_config_parse_text(cfg, text, "test.conf", err, errsz) == -1)
		return -1;
	return sb_config_validate(cfg, err, errsz);
}

static const struct {
	const char	*text;
	const char	*error;		/* NULL: accepted; else a substring */
} texts[] = {
	{ KEY, NULL },
	{ "# comment\n\n" KEY "   \n", NULL },
	{ "export " KEY, NULL },
	{ KEY "SMARTBANK_WORKERS = 4\n", NULL },
	{ KEY "SMARTBANK_WORKERS=4 # four\n", NULL },
	{ KEY "SMARTBANK_JWT_ISSUER=\"bank # one\"\n", NULL },
	{ KEY "SMARTBANK_JWT_ISSUER='bank'\n", NULL },
	{ KEY "SMARTBANK_SOCKET_MODE=0600\n", NULL },
	{ KEY "SMARTBANK_MONGODB_URI=mongodb+srv://u:p@cluster0.example.net/?retryWrites=true\n", NULL },
	{ KEY "SMARTBANK_LISTEN=unix:/run/smartbank/smartbankd.sock\n", NULL },
	{ KEY "SMARTBANK_BCRYPT_COST=10\n", NULL },
	{ KEY "SMARTBANK_BCRYPT_TEST_COST=4\n", NULL },
	{ KEY "SMARTBANK_BCRYPT_TEST_COST=0\n", NULL },
	{ KEY "SMARTBANK_BCRYPT_COST=31\n", NULL },
	{ "", "SMARTBANK_JWT_SECRET is required" },
	{ "SMARTBANK_JWT_SECRET=\n", "SMARTBANK_JWT_SECRET is required" },
	{ "SMARTBANK_JWT_SECRET=short\n", "SMARTBANK_JWT_SECRET is too weak" },
	{ "SMARTBANK_JWT_SECRET=0123456789012345678901234567890\n", "too weak" },
	{ "SMARTBANK_JWT_SECRET=abababababababababababababababababab\n", "too weak" },
	{ KEY "SMARTBANK_WORKERS\n", "test.conf:4: expected KEY=VALUE" },
	{ KEY "SMARTBANK_WORKER=2\n", "test.conf:4: unknown key SMARTBANK_WORKER" },
	/* The key file: required, and checked (check_keyring has the rest). */
	{ "SMARTBANK_JWT_SECRET=k3y-0123456789-abcdefghijklmnopqrstuv\n",
	  "SMARTBANK_KEY_FILE is required" },
	{ KEY "SMARTBANK_KEY_FILE=\n", "SMARTBANK_KEY_FILE is required" },
	{ KEY "SMARTBANK_KEY_FILE=/nonexistent/keys\n",
	  "SMARTBANK_KEY_FILE: /nonexistent/keys: No such file" },
	{ KEY "SMARTBANK_AUDIT_KEY_FILE=\n",
	  "SMARTBANK_AUDIT_KEY_FILE is required" },
	{ KEY "SMARTBANK_AUDIT_KEY_FILE=" KEYS_PATH "\n",
	  "not an Ed25519 private key" },
	{ KEY "SMARTBANK_AUDIT_ORIGIN=bank audit\n",
	  "SMARTBANK_AUDIT_KEY_FILE: the origin" },
	{ KEY "smartbank_workers=2\n", "unknown key smartbank_workers" },
	{ KEY "SMARTBANK_JWT_ISSUER=\"open\n", "unterminated quote" },
	{ KEY "SMARTBANK_WORKERS=\n", "SMARTBANK_WORKERS is not a number" },
	{ KEY "SMARTBANK_WORKERS=2x\n", "SMARTBANK_WORKERS is not a number" },
	{ KEY "SMARTBANK_WORKERS=+2\n", "SMARTBANK_WORKERS is not a number" },
	{ KEY "SMARTBANK_WORKERS=0\n", NULL },		/* four per core */
	{ KEY "SMARTBANK_WORKERS=-1\n", "SMARTBANK_WORKERS must be between 0 and 256" },
	{ KEY "SMARTBANK_WORKERS=99999999999999999999\n", "SMARTBANK_WORKERS is not a number" },
	{ KEY "SMARTBANK_BCRYPT_COST=3\n", "SMARTBANK_BCRYPT_COST must be between 10 and 31" },
	{ KEY "SMARTBANK_BCRYPT_COST=9\n", "SMARTBANK_BCRYPT_COST must be between 10 and 31" },
	{ KEY "SMARTBANK_BCRYPT_TEST_COST=2\n", "SMARTBANK_BCRYPT_TEST_COST must be 0 (off) or between 4 and 9" },
	{ KEY "SMARTBANK_BCRYPT_TEST_COST=12\n", "SMARTBANK_BCRYPT_TEST_COST must be between 0 and 9" },
	{ KEY "SMARTBANK_PASSWORD_MIN_LENGTH=7\n", "SMARTBANK_PASSWORD_MIN_LENGTH must be between 8 and 72" },
	{ KEY "SMARTBANK_SOCKET_MODE=0800\n", "SMARTBANK_SOCKET_MODE is not an octal number" },
	{ KEY "SMARTBANK_MONGODB_URI=localhost:27017\n", "SMARTBANK_MONGODB_URI is not a valid MongoDB URI" },
	{ KEY "SMARTBANK_DATABASE=bank-prod\n", "SMARTBANK_DATABASE may hold only" },
	{ KEY "SMARTBANK_DATABASE=\n", "SMARTBANK_DATABASE must be 1 to 63" },
	{ KEY "SMARTBANK_LOG_LEVEL=verbose\n", "SMARTBANK_LOG_LEVEL must be one of" },
	{ KEY "SMARTBANK_LOG_LEVEL=in\n", "SMARTBANK_LOG_LEVEL must be one of" },
	/* Found by fuzz_config: an empty choice read past the choices. */
	{ KEY "SMARTBANK_LOG_LEVEL=\n", "SMARTBANK_LOG_LEVEL must be one of" },
	{ KEY "SMARTBANK_LOG_LEVEL=\"\"\n", "SMARTBANK_LOG_LEVEL must be one of" },
};

START_TEST(test_texts)
{
	struct sb_config	cfg;
	char			err[512] = "";
	int			rc;

	clear_env();
	rc = load_text(&cfg, texts[_i].text, err, sizeof(err));
	if (texts[_i].error == NULL)
		ck_assert_msg(rc == 0, "%s: %s", texts[_i].text, err);
	else
		ck_assert_msg(rc == -1 && strstr(err, texts[_i].error) != NULL,
		    "%s: got \"%s\"", texts[_i].text, err);
	sb_config_free(&cfg);
}
END_TEST

START_TEST(test_defaults_are_the_contract)
{
	struct sb_config	cfg;
	char			err[256];

	clear_env();
	ck_assert_int_eq(load_text(&cfg, KEY, err, sizeof(err)), 0);
	ck_assert_int_eq(cfg.bcrypt_cost, 12);
	ck_assert_int_eq(cfg.token_ttl_min, 30);
	ck_assert_int_eq(cfg.password_min, 8);
	ck_assert_int_eq(cfg.socket_mode, 0660);
	ck_assert_str_eq(cfg.jwt_issuer, "smartbank");
	ck_assert_str_eq(cfg.database, "smartbank");
	ck_assert_str_eq(cfg.listen, "");
	ck_assert_str_eq(cfg.log_level, "info");
	sb_config_free(&cfg);
}
END_TEST

START_TEST(test_values_are_read)
{
	struct sb_config	cfg;
	char			err[256];

	clear_env();
	ck_assert_int_eq(load_text(&cfg, KEY
	    "SMARTBANK_WORKERS=7\nSMARTBANK_JWT_ISSUER=\" my bank \"\n"
	    "SMARTBANK_SOCKET_MODE=600\n", err, sizeof(err)), 0);
	ck_assert_int_eq(cfg.workers, 7);
	ck_assert_str_eq(cfg.jwt_issuer, " my bank ");
	ck_assert_int_eq(cfg.socket_mode, 0600);
	ck_assert_str_eq(cfg.jwt_secret,
	    "k3y-0123456789-abcdefghijklmnopqrstuv");
	sb_config_free(&cfg);
}
END_TEST

START_TEST(test_environment_overrides_file)
{
	struct sb_config	 cfg;
	char			 err[256], path[] = "/tmp/check_config.XXXXXX";
	int			 fd = mkstemp(path);
	FILE			*f = fdopen(fd, "w");

	clear_env();
	fputs(KEY "SMARTBANK_WORKERS=3\nSMARTBANK_DATABASE=fromfile\n", f);
	fclose(f);
	setenv("SMARTBANK_WORKERS", "5", 1);
	ck_assert_int_eq(sb_config_load(&cfg, path, err, sizeof(err)), 0);
	ck_assert_int_eq(cfg.workers, 5);
	ck_assert_str_eq(cfg.database, "fromfile");
	sb_config_free(&cfg);

	/* A bad value from the environment is refused by its name too. */
	setenv("SMARTBANK_WORKERS", "lots", 1);
	ck_assert_int_eq(sb_config_load(&cfg, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "SMARTBANK_WORKERS"));
	sb_config_free(&cfg);

	/* A NUL byte in the file is refused, not a silent end of file. */
	f = fopen(path, "w");
	fwrite(KEY "SMARTBANK_WORKERS=3\n\0SMARTBANK_WORKERS=9\n", 1,
	    sizeof(KEY "SMARTBANK_WORKERS=3\n\0SMARTBANK_WORKERS=9\n") - 1, f);
	fclose(f);
	unsetenv("SMARTBANK_WORKERS");
	ck_assert_int_eq(sb_config_load(&cfg, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "contains a NUL byte"));
	sb_config_free(&cfg);

	unlink(path);
	ck_assert_int_eq(sb_config_load(&cfg, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, path));
	sb_config_free(&cfg);

	/* An empty name is no file at all, as SMARTBANK_CONFIG= means. */
	setenv("SMARTBANK_JWT_SECRET", "k3y-0123456789-abcdefghijklmnopqrstuv", 1);
	setenv("SMARTBANK_KEY_FILE", KEYS_PATH, 1);
	setenv("SMARTBANK_AUDIT_KEY_FILE", AUDIT_PATH, 1);
	ck_assert_int_eq(sb_config_load(&cfg, "", err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(cfg.keys);
	sb_config_free(&cfg);
	unsetenv("SMARTBANK_JWT_SECRET");
	ck_assert_int_eq(sb_config_load(&cfg, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, path));
	sb_config_free(&cfg);
	clear_env();
}
END_TEST

static Suite *
config_suite(void)
{
	Suite	*s = suite_create("config");
	TCase	*tc = tcase_create("config");

	tcase_add_unchecked_fixture(tc, make_keys, remove_keys);

	tcase_add_loop_test(tc, test_texts, 0,
	    SB_NELEM(texts));
	tcase_add_test(tc, test_defaults_are_the_contract);
	tcase_add_test(tc, test_values_are_read);
	tcase_add_test(tc, test_environment_overrides_file);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(config_suite)
