/*
 * master.c -- spawn, reap and replace workers and the deliverer (one more
 * child, server/deliver.h); relay signals.
 *
 * Signals are blocked and taken synchronously with sigtimedwait(), so the
 * loop below is the only place where state changes.
 */
#include "config.h"
#include "base/conf.h"
#include "server/master.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "server/deliver.h"
#include "server/worker.h"

struct slot {
	pid_t	 pid;		/* 0: empty */
	int64_t	 started_us;
	int64_t	 respawn_at_us;	/* when an empty slot may be filled */
	int	 retiring;	/* told to stop by a SIGHUP rotation */
	int	 deliverer;	/* the deliverer's slot, not a worker's */
};

static sigset_t	 master_mask, saved_mask;

static pid_t
spawn(const struct sb_config *cfg, int listen_fd, struct slot *s)
{
	pid_t pid = fork();

	if (pid == -1) {
		sb_log(SB_LOG_ERROR, "fork_failed", "errno=%d", errno);
		s->respawn_at_us = sb_mono_us() + 1000000;
		return -1;
	}
	if (pid == 0) {
		/* Named at once, so that ps (and the tests) tell it apart. */
		if (s->deliverer)
			(void)prctl(PR_SET_NAME, SB_DELIVER_NAME, 0, 0, 0);
		/*
		 * The stop signals stay blocked until the worker has its
		 * handlers (their default would kill it, and a rotation may
		 * come that soon); it takes a pending one when it first waits.
		 */
		sigset_t early = saved_mask;

		sigaddset(&early, SIGTERM);
		sigaddset(&early, SIGINT);
		sigaddset(&early, SIGUSR1);
		sigaddset(&early, SIGHUP);
		sigprocmask(SIG_SETMASK, &early, NULL);
		/* exit, not _exit: LeakSanitizer checks the child at exit. */
		if (s->deliverer) {
			close(listen_fd);
			exit(sb_deliver_run(cfg));
		}
		exit(sb_worker_run(cfg, listen_fd));
	}
	s->pid = pid;
	s->started_us = sb_mono_us();
	s->retiring = 0;
	sb_log(SB_LOG_INFO, s->deliverer ? "deliverer_started" :
	    "worker_started", "%s=%ld", s->deliverer ? "deliverer" : "worker",
	    (long)pid);
	return pid;
}

static struct slot *
find(struct slot *slots, long n, pid_t pid)
{
	for (long i = 0; i < n; i++)
		if (slots[i].pid == pid)
			return &slots[i];
	return NULL;
}

/* Reap every exited child; returns how many live workers remain. */
static long
reap(struct slot *slots, long n, int stopping)
{
	pid_t	pid;
	int	status;
	long	alive = 0;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct slot	*s = find(slots, n, pid);
		int64_t		 now = sb_mono_us();

		if (s == NULL)
			continue;
		if (WIFSIGNALED(status))
			sb_log(stopping || s->retiring ? SB_LOG_INFO :
			    SB_LOG_ERROR, s->deliverer ? "deliverer_exited" :
			    "worker_exited", "%s=%ld signal=%d", s->deliverer ?
			    "deliverer" : "worker", (long)pid,
			    WTERMSIG(status));
		else
			sb_log(stopping || s->retiring ? SB_LOG_INFO :
			    SB_LOG_WARN, s->deliverer ? "deliverer_exited" :
			    "worker_exited", "%s=%ld status=%d", s->deliverer ?
			    "deliverer" : "worker", (long)pid,
			    WEXITSTATUS(status));
		/*
		 * A worker that dies right after start is probably failing at
		 * start-up: replace it one second after its start, not in a
		 * tight loop.
		 */
		s->respawn_at_us = now - s->started_us < 1000000 ?
		    s->started_us + 1000000 : now;
		s->pid = 0;
	}
	for (long i = 0; i < n; i++)
		alive += slots[i].pid != 0;
	return alive;
}

static void
signal_all(struct slot *slots, long n, int sig)
{
	for (long i = 0; i < n; i++)
		if (slots[i].pid != 0)
			kill(slots[i].pid, sig);
}

/*
 * SIGHUP: every worker finishes the request in hand and exits, and the loop
 * starts its successor.  The master keeps the listening socket open the
 * whole time, so connections that arrive meanwhile wait in its backlog
 * instead of being refused.
 */
static void
rotate(struct slot *slots, long n)
{
	for (long i = 0; i < n; i++)
		if (slots[i].pid != 0 && !slots[i].retiring) {
			slots[i].retiring = 1;
			kill(slots[i].pid, SIGTERM);
		}
	sb_log(SB_LOG_INFO, "workers_rotating", "count=%ld", n);
}

static void
stop_all(const struct sb_config *cfg, struct slot *slots, long n)
{
	int64_t		deadline = sb_mono_us() +
	    (int64_t)cfg->shutdown_timeout_s * 1000000;
	struct timespec	tick = { 0, 100 * 1000 * 1000 };
	siginfo_t	info;

	signal_all(slots, n, SIGTERM);
	while (reap(slots, n, 1) > 0) {
		if (sb_mono_us() >= deadline) {
			sb_log(SB_LOG_WARN, "shutdown_timeout",
			    "detail=\"killing workers still busy\"");
			signal_all(slots, n, SIGKILL);
			deadline = INT64_MAX;
		}
		(void)sigtimedwait(&master_mask, &info, &tick);
	}
}

#define WORKERS_PER_CORE	4
#define WORKERS_MIN		2
#define WORKERS_MAX		32

long
sb_master_workers(const struct sb_config *cfg)
{
	long cores, n;

	if (cfg->workers > 0)
		return cfg->workers;
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	n = (cores > 0 ? cores : 1) * WORKERS_PER_CORE;
	return n < WORKERS_MIN ? WORKERS_MIN : n > WORKERS_MAX ? WORKERS_MAX : n;
}

int
sb_master_run(const struct sb_config *cfg, int listen_fd)
{
	struct slot	*slots;
	long		 workers = sb_master_workers(cfg), n = workers + 1;
	struct timespec	 tick = { 0, 200 * 1000 * 1000 };
	siginfo_t	 info;

	if ((slots = calloc((size_t)n, sizeof(*slots))) == NULL)
		return 1;
	slots[workers].deliverer = 1;
	sigemptyset(&master_mask);
	sigaddset(&master_mask, SIGCHLD);
	sigaddset(&master_mask, SIGTERM);
	sigaddset(&master_mask, SIGINT);
	sigaddset(&master_mask, SIGHUP);
	sigaddset(&master_mask, SIGQUIT);
	sigprocmask(SIG_BLOCK, &master_mask, &saved_mask);
	signal(SIGPIPE, SIG_IGN);

	sb_log(SB_LOG_INFO, "master_started", "workers=%ld listen=%s", workers,
	    cfg->listen);
	for (;;) {
		int64_t now = sb_mono_us();
		int sig;

		for (long i = 0; i < n; i++)
			if (slots[i].pid == 0 && now >= slots[i].respawn_at_us)
				spawn(cfg, listen_fd, &slots[i]);

		sig = sigtimedwait(&master_mask, &info, &tick);
		if (sig == SIGTERM || sig == SIGINT || sig == SIGQUIT)
			break;
		if (sig == SIGHUP)
			rotate(slots, n);
		reap(slots, n, 0);
	}
	sb_log(SB_LOG_INFO, "master_stopping", NULL);
	stop_all(cfg, slots, n);
	free(slots);
	sb_log(SB_LOG_INFO, "master_stopped", NULL);
	return 0;
}
