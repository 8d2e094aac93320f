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

#endif
