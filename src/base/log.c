/*
 * log.c -- key=value log lines on standard error.
 */
#include "config.h"
#include "base/log.h"


#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <mongoc/mongoc.h>

#include "base/model.h"
#include "base/util.h"

static enum sb_log_level threshold = SB_LOG_INFO;
static const char *const names[] = { "debug", "info", "warn", "error" };

void
sb_log_set_level(const char *name)
{
	for (size_t i = 0; i < SB_NELEM(names); i++)
		if (strcmp(names[i], name) == 0)
			threshold = (enum sb_log_level)i;
}

int
sb_log_enabled(enum sb_log_level lvl)
{
	return lvl >= threshold;
}

const char *
sb_log_quote(const char *v, char *buf, unsigned bufsz)
{
	unsigned o = 0;

	if (bufsz < 3) {
		if (bufsz > 0)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	for (; *v != '\0' && o + 3 < bufsz; v++) {
		unsigned char c = (unsigned char)*v;

		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			buf[o++] = '?';
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

void
sb_log(enum sb_log_level lvl, const char *msg, const char *fmt, ...)
{
	char	line[2048], ts[SB_ISO8601_LEN];
	int	n;
	va_list	ap;

	if (!sb_log_enabled(lvl))
		return;
	sb_iso8601(sb_now_ms(), ts);
	n = snprintf(line, sizeof(line), "ts=%s level=%s pid=%ld msg=%s",
	    ts, names[lvl], (long)getpid(), msg);
	if (n < 0)
		return;
	if (fmt != NULL && *fmt != '\0' && (size_t)n < sizeof(line) - 2) {
		line[n++] = ' ';
		va_start(ap, fmt);
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized): va_start is above */
		va_end(ap);
	}
	n = (int)strnlen(line, sizeof(line) - 2);
	line[n++] = '\n';
	/* One write per line so that lines from many workers never interleave. */
	(void)!write(STDERR_FILENO, line, (size_t)n);
}

static void
mongoc_to_sb(mongoc_log_level_t level, const char *domain,
    const char *message, void *arg)
{
	char q[512];

	(void)arg;
	/* FerretDB does not implement endSessions; the warning is harmless. */
	if (strstr(message, "endSessions") != NULL)
		return;
	if (level > MONGOC_LOG_LEVEL_WARNING)
		return;
	sb_log(level <= MONGOC_LOG_LEVEL_CRITICAL ? SB_LOG_ERROR : SB_LOG_WARN,
	    "mongoc", "domain=%s detail=%s", domain,
	    sb_log_quote(message, q, sizeof(q)));
}

void
sb_log_hook_mongoc(void)
{
	mongoc_log_set_handler(mongoc_to_sb, NULL);
}
