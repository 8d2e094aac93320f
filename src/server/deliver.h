/*
 * deliver.h -- the deliverer: the one child of the master that sends
 * events to webhook endpoints (ops/delivery.h), apart from the workers so
 * that no request ever waits for a receiver.  The master restarts it like
 * a worker; what it owes is in the database, so a kill loses nothing.
 */
#ifndef SB_DELIVER_H
#define SB_DELIVER_H

struct sb_config;

/* The process name the deliverer takes (ps, /proc/PID/comm). */
#define SB_DELIVER_NAME	"sb-deliver"

/* Run until SIGTERM or SIGINT; the exit status. */
int	sb_deliver_run(const struct sb_config *);

#endif
