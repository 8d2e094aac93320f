/*
 * worker.h -- one worker process: its database pool and its request loop.
 */
#ifndef SB_WORKER_H
#define SB_WORKER_H

struct sb_config;

/*
 * Serve requests on listen_fd until SIGTERM; returns the exit status.
 * The worker's database pool and its health (store/db.h) are made here,
 * after fork().
 */
int	sb_worker_run(const struct sb_config *, int listen_fd);

#endif
