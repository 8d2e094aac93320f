/*
 * log.h -- one line per event on standard error, in key=value form that
 * journald and log shippers read: "ts=... level=info pid=12 msg=... k=v".
 */
#ifndef SB_LOG_H
#define SB_LOG_H

enum sb_log_level { SB_LOG_DEBUG, SB_LOG_INFO, SB_LOG_WARN, SB_LOG_ERROR };

void	sb_log_set_level(const char *name);
int	sb_log_enabled(enum sb_log_level);
/*
 * fmt carries the "key=value" pairs after msg; values that may hold spaces
 * or quotes must go through %s with sb_log_quote() first.
 */
void	sb_log(enum sb_log_level, const char *msg, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Quote v for a key=value line into buf (always terminated); returns buf. */
const char *sb_log_quote(const char *v, char *buf, unsigned bufsz);
/* Route libmongoc's own messages through sb_log, dropping known noise. */
void	sb_log_hook_mongoc(void);

#endif
