/*
 * fuzz_config.c -- the KEY=VALUE configuration reader and its validation.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"

#include <stdio.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEYS	"fuzz_config.keys"
#define AUDIT	"fuzz_config.audit.pem"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *f;

	(void)argc;
	(void)argv;
	umask(077);
	if ((f = fopen(KEYS, "w")) != NULL) {
		fputs("index AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
		    "k1 ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\n", f);
		fclose(f);
	}
	if ((f = fopen(AUDIT, "w")) != NULL) {
		fputs("-----BEGIN PRIVATE KEY-----\n"
		    "MC4CAQAwBQYDK2VwBCIEILde7CRJ98q58irFi/iO6fNJTyUsouLGQiOnNJV"
		    "ameY3\n-----END PRIVATE KEY-----\n", f);
		fclose(f);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sb_config	 cfg;
	char			*text = malloc(size + 1), err[512];

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	sb_config_defaults(&cfg);
	/* A good key file, so that validation goes on past it. */
	if (sb_config_parse_text(&cfg, "SMARTBANK_KEY_FILE=" KEYS "\n"
	    "SMARTBANK_AUDIT_KEY_FILE=" AUDIT "\n", "fuzz", err,
	    sizeof(err)) == 0 &&
	    sb_config_parse_text(&cfg, text, "fuzz", err, sizeof(err)) == 0)
		(void)sb_config_validate(&cfg, err, sizeof(err));
	sb_config_free(&cfg);
	free(text);
	return 0;
}
