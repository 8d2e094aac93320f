/*
 * fuzz_config.c -- the KEY=VALUE configuration reader and its validation.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	if (sb_config_parse_text(&cfg, text, "fuzz", err, sizeof(err)) == 0)
		(void)sb_config_validate(&cfg, err, sizeof(err));
	sb_config_free(&cfg);
	free(text);
	return 0;
}
