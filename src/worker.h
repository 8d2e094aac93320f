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
	unsigned long		 served;
};

/* Serve requests on listen_fd until SIGTERM; returns the exit status. */
int	sb_worker_run(const struct sb_config *, int listen_fd);

/*
 * Before a handler runs: make sure the indexes exist (retried while the
 * database is away).  0, or the status already answered (503).
 */
int	sb_worker_prepare_db(struct sb_worker *, struct sb_req *);

/* Record whether the database answered; logs outages once, not per retry. */
void	sb_worker_db_state(struct sb_worker *, int up, const bson_error_t *);

#endif
