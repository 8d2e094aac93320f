/*
 * master.h -- the prefork master: spawns, reaps and replaces workers.
 * It never opens a database connection itself.
 */
#ifndef SB_MASTER_H
#define SB_MASTER_H

struct sb_config;

/*
 * Run cfg->workers workers on listen_fd until SIGTERM or SIGINT, then stop
 * them gracefully (SIGKILL after cfg->shutdown_timeout_s).  SIGHUP replaces
 * every worker, one after another, without dropping requests.
 */
int	sb_master_run(const struct sb_config *, int listen_fd);

/*
 * How many workers to run: cfg->workers, or when it is 0, four per core
 * (a worker waits idle on each database round trip), at least 2 and at
 * most 32.
 */
long	sb_master_workers(const struct sb_config *);

#endif
