/*
 * util.h -- small helpers with no better home: strings, files, clocks.
 */
#ifndef SB_UTIL_H
#define SB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define SB_ISO8601_LEN 25 /* "2025-10-25T08:00:00.000Z" and NUL */

char	*sb_strdup(const char *);
char	*sb_strndup(const char *, size_t);
/*
 * Whole file as a NUL-terminated string of *len bytes (which may hold NULs
 * of its own); NULL with errno set.
 */
char	*sb_read_file(const char *path, size_t max, size_t *len);
/* Wall clock in milliseconds since the epoch. */
int64_t	 sb_now_ms(void);
/* Monotonic clock in microseconds, for durations. */
int64_t	 sb_mono_us(void);
/* ISO 8601 UTC with milliseconds; out must hold SB_ISO8601_LEN bytes. */
void	 sb_iso8601(int64_t ms, char *out);
/*
 * Parse ISO 8601 ("2025-10-25T08:00:00Z", with optional fraction of up to
 * 9 digits and a Z or +hh:mm offset, or a bare date) into ms.  SB_OK, or
 * SB_ERR.
 */
int	 sb_parse_iso8601(const char *, int64_t *ms);
/*
 * Mask s in place: every character but the last keep becomes '*', one
 * '*' per UTF-8 character, so the string never grows.
 */
void	 sb_mask_tail(char *s, size_t keep);
/*
 * A name as it is searched by (store/kyc_queue.h): ASCII letters in lower
 * case, every run of white space one space, none at either end; other
 * bytes (UTF-8) as they are.  Into out, cut at cap - 1 bytes.
 */
void	 sb_name_key(const char *name, char *out, size_t cap);
/*
 * A list of durations, "5s,5m,30m,2h" (a number and s, m, h or d each,
 * at most max of them, each at most 7 days), into out in ms.  Their
 * number, or SB_ERR (and why in err) for a bad list.
 */
#define SB_DURATIONS_MAX	16
int	 sb_durations_parse(const char *list, int64_t *out, size_t max,
	    char *err, size_t errsz);
/* A message into err (errsz bytes), printf-style; returns SB_ERR. */
int	 sb_errf(char *err, size_t errsz, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The same with a va_list, for functions of their own arguments. */
int	 sb_verrf(char *err, size_t errsz, const char *fmt, va_list ap)
	    __attribute__((format(printf, 3, 0)));

#endif
