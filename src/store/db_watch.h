/*
 * db_watch.h -- database commands that took long, logged.
 *
 * Each request's commands are timed by the driver (its command monitoring);
 * one slower than SMARTBANK_DB_SLOW_MS is logged as a warning with the
 * command's name, how long it took, whether it failed, and the route of the
 * request that sent it:
 *
 *   level=warn msg=db_slow command=insert ms=1620 outcome=ok
 *       route="POST /kyc/upload"
 *
 * so that an operator sees which calls make requests slow before they make
 * them fail (SMARTBANK_DB_TIMEOUT_MS).  The background client of sweeps and
 * checkpoints is not watched: its scans are slow by nature.
 */
#ifndef SB_DB_WATCH_H
#define SB_DB_WATCH_H

struct sb_db;

/* Watch the commands of db's pool; before the first client is popped. */
void	sb_db_watch(struct sb_db *, long slow_ms);

#endif
