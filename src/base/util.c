/*
 * util.c -- small helpers: strings, files, clocks and ISO 8601 times.
 */
#include "config.h"
#include "base/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/model.h"

char *
sb_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *
sb_strdup(const char *s)
{
	return sb_strndup(s, strlen(s));
}

char *
sb_read_file(const char *path, size_t max, size_t *lenp)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		errno = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		goto fail;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
		goto fail;
	while (len < (size_t)st.st_size &&
	    (n = read(fd, buf + len, (size_t)st.st_size - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	close(fd);
	*lenp = len;
	return buf;
fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
}

int64_t
sb_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
sb_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
sb_iso8601(int64_t ms, char *out)
{
	struct tm	tm;
	time_t		secs = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	int		frac = (int)(ms - (int64_t)secs * 1000);
	char		buf[64];

	gmtime_r(&secs, &tm);
	/* Years past 9999 cannot be written in this form; clamp them. */
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    tm.tm_year + 1900 > 9999 ? 9999 : tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
	memcpy(out, buf, SB_ISO8601_LEN - 1);
	out[SB_ISO8601_LEN - 1] = '\0';
}

/* n digits at *p into *out; advances p. */
static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t	era;
	int	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
sb_parse_iso8601(const char *s, int64_t *ms)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char	*p = s;
	int		 y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, off = 0;

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d))
		return SB_ERR;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 &&
	    !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
		return SB_ERR;
	if (*p == '\0')
		goto done;
	if ((*p != 'T' && *p != 't') || (p++, digits(&p, 2, &h)) ||
	    *p++ != ':' || digits(&p, 2, &mi) || *p++ != ':' ||
	    digits(&p, 2, &sec))
		return SB_ERR;
	if (h > 23 || mi > 59 || sec > 59)
		return SB_ERR;
	if (*p == '.') {
		int n = 0, scale = 100;

		for (p++; isdigit((unsigned char)*p); p++, n++) {
			if (n >= 9)
				return SB_ERR;
			frac += (*p - '0') * scale;
			scale /= 10;
		}
		if (n == 0)
			return SB_ERR;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om;

		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
		    oh > 23 || om > 59)
			return SB_ERR;
		off = sign * (oh * 60 + om);
	} else {
		return SB_ERR;
	}
	if (*p != '\0')
		return SB_ERR;
done:
	*ms = ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    (int64_t)off * 60) * 1000) + frac;
	return SB_OK;
}

void
sb_mask_tail(char *s, size_t keep)
{
	size_t	chars = 0, hide, out = 0;
	int	hiding = 0;

	for (size_t i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	hide = chars > keep ? chars - keep : 0;
	/* A hidden character, its lead byte and continuation bytes, becomes
	 * one '*'; what is kept moves down over the bytes saved. */
	for (size_t i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			hiding = hide > 0;
			if (hiding) {
				hide--;
				s[out++] = '*';
				continue;
			}
		}
		if (!hiding)
			s[out++] = s[i];
	}
	s[out] = '\0';
}

int
sb_errf(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_verrf(err, errsz, fmt, ap);
	va_end(ap);
	return SB_ERR;
}

int
sb_verrf(char *err, size_t errsz, const char *fmt, va_list ap)
{
	vsnprintf(err, errsz, fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized): the caller's va_start */
	return SB_ERR;
}

void
sb_name_key(const char *name, char *out, size_t cap)
{
	size_t	n = 0;
	int	space = 0;

	if (cap == 0)
		return;
	for (const char *p = name; *p != '\0'; p++) {
		char c = *p;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = n > 0;
			continue;
		}
		if (n + (space ? 2 : 1) >= cap)
			break;
		if (space)
			out[n++] = ' ';
		space = 0;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		out[n++] = c;
	}
	out[n] = '\0';
}

int
sb_durations_parse(const char *list, int64_t *out, size_t max, char *err,
    size_t errsz)
{
	const char	*p = list;
	char		*end;
	size_t		 n = 0;
	long		 v;
	int64_t		 unit;

	if (*p == '\0')
		return sb_errf(err, errsz, "an empty list");
	for (;;) {
		if (!isdigit((unsigned char)*p))
			return sb_errf(err, errsz, "\"%s\" is not a duration "
			    "such as 30s, 5m, 2h or 1d", p);
		errno = 0;
		v = strtol(p, &end, 10);
		switch (*end) {
		case 's': unit = 1000; break;
		case 'm': unit = 60 * 1000; break;
		case 'h': unit = 3600 * 1000; break;
		case 'd': unit = 86400 * 1000; break;
		default:
			return sb_errf(err, errsz, "\"%s\" is not a duration "
			    "such as 30s, 5m, 2h or 1d", p);
		}
		if (errno != 0 || v < 1 || v * (unit / 1000) > 7 * 86400)
			return sb_errf(err, errsz, "durations are 1s to 7d");
		if (n == max)
			return sb_errf(err, errsz, "at most %zu durations", max);
		out[n++] = v * unit;
		p = end + 1;
		if (*p == '\0')
			return (int)n;
		if (*p++ != ',')
			return sb_errf(err, errsz, "durations are separated by "
			    "commas");
	}
}
