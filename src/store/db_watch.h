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

#include <stdint.h>

#include <mongoc/mongoc.h>

/* What a slow command is logged with; one a worker (store/db.h). */
struct sb_db_watch {
	int64_t		 slow_us;	/* 0: nothing is logged */
	const char	*method;	/* the request's route, or NULL */
	const char	*route;
};

/*
 * Watch the commands of pool into w (which must outlive it) at slow_ms
 * (0: not at all); before the pool's first client is popped.
 */
void	sb_db_watch(mongoc_client_pool_t *, struct sb_db_watch *w,
	    long slow_ms);

#endif
