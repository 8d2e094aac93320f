/*
 * worker.h -- one worker process: its database pool and its request loop.
 */
#ifndef SB_WORKER_H
#define SB_WORKER_H

#include <stdint.h>

#include <mongoc/mongoc.h>

#include "db.h"

struct sb_config;
struct sb_req;

struct sb_worker {
	const struct sb_config	*cfg;
	struct sb_db		 db;
	int			 listen_fd;
	int			 indexes_ready;
	int64_t			 next_index_try_us;
	int			 db_state;	/* 1 up, 0 down, -1 not known yet */
	int			 sweep_due;	/* finish interrupted changes */
	int64_t			 next_probe_us;	/* while down: when to look again */
	unsigned long		 served;
};

/* Serve requests on listen_fd until SIGTERM; returns the exit status. */
int	sb_worker_run(const struct sb_config *, int listen_fd);

/*
 * Before a handler runs: make sure the indexes exist (retried while the
 * database is away).  0, or the status already answered (503).
 */
int	sb_worker_prepare_db(struct sb_worker *, struct sb_req *);

/*
 * Whether to use the database for this request.  Once a request failed for
 * want of the database, the next one probes it; while probes fail, only a
 * probe every SB_PROBE_INTERVAL_MS looks, and the other requests are answered
 * 503 at once instead of each waiting out the driver's timeouts (behind
 * them, a queue of requests would miss the two-second promise).
 * 1 up, 0 down (e set).
 */
#define SB_PROBE_INTERVAL_MS	250
int	sb_worker_db_usable(struct sb_worker *, bson_error_t *);

/*
 * Record whether the database answered; logs outages once, not per retry.
 * Coming up (at start or after an outage) makes a follow-up sweep due:
 * changes interrupted meanwhile are finished (followup.h).
 */
void	sb_worker_db_state(struct sb_worker *, int up, const bson_error_t *);

#endif
