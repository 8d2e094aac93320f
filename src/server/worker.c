/*
 * worker.c -- a worker: its database pool (created after fork), the
 * libfcgi request loop, and a graceful stop on SIGTERM.
 */
#include "config.h"
#include "server/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "base/conf.h"
#include "base/json.h"
#include "base/log.h"
#include "base/model.h"
#include "base/util.h"
#include "http/request.h"
#include "ops/checkpoint.h"
#include "ops/retention.h"
#include "ops/sweep.h"
#include "server/dispatch.h"
#include "server/routes.h"
#include "store/db.h"

struct sb_worker {
	const struct sb_config	*cfg;
	struct sb_db		 db;
	int			 listen_fd;
	int64_t			 next_sweep_us;
	int64_t			 next_checkpoint_us;
	unsigned long		 served;
};

static volatile sig_atomic_t stopping;

/*
 * SIGTERM (and SIGINT, SIGUSR1) stop the worker after the request in hand.
 * They stay blocked except while the worker waits in ppoll() for a
 * connection, so a signal never interrupts a request half-way: not libfcgi
 * reading its parameters, not a database call.
 */
static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Install the handlers; block the stop signals, return the waiting mask. */
static void
install_signals(sigset_t *waiting)
{
	struct sigaction	sa;
	sigset_t		stop;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGUSR1);
	sigprocmask(SIG_BLOCK, &stop, waiting);
	sigdelset(waiting, SIGTERM);
	sigdelset(waiting, SIGINT);
	sigdelset(waiting, SIGUSR1);
}

/*
 * A stop signal that is pending but not yet delivered.  ppoll() delivers
 * one only when it has to wait: when a connection is already pending it
 * returns at once and the signal stays blocked, so under steady load a
 * worker would never see it.  Look explicitly, and take it.
 */
static int
stop_pending(void)
{
	static const int	 sigs[] = { SIGTERM, SIGINT, SIGUSR1 };
	sigset_t		 pending, stop;
	int			 any = 0;

	if (sigpending(&pending) == -1)
		return 0;
	sigemptyset(&stop);
	for (size_t i = 0; i < SB_NELEM(sigs); i++)
		if (sigismember(&pending, sigs[i]) == 1) {
			sigaddset(&stop, sigs[i]);
			any = 1;
		}
	/* Consume it, so that it is not delivered later by surprise. */
	return any && sigwaitinfo(&stop, NULL) > 0;
}

/*
 * Wait until a connection is pending or a stop signal came.  The listening
 * socket is non-blocking, so when another worker takes the connection
 * first, FCGX_Accept_r() fails with EAGAIN instead of blocking with the
 * signals masked.  It waits until until_us at the longest.  Returns 1
 * to accept, 0 to look again, -1 to stop.
 */
static int
wait_for_connection(int fd, const sigset_t *waiting, int64_t until_us)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };
	int64_t		left = until_us - sb_mono_us();
	struct timespec	ts = { .tv_sec = left > 0 ? left / 1000000 : 0,
	    .tv_nsec = left > 0 ? left % 1000000 * 1000 : 0 };
	int		ready;

	if (stopping || stop_pending())
		return -1;
	if ((ready = ppoll(&pfd, 1, &ts, waiting)) == -1) {
		if (errno != EINTR) {
			sb_log(SB_LOG_ERROR, "poll_failed", "errno=%d", errno);
			usleep(100000);
		}
		return stopping ? -1 : 0;
	}
	/* 0: the time for the next sweep came first. */
	return stopping ? -1 : ready > 0;
}

/*
 * Finish what requests left half-done (in this or another worker, before
 * a crash or during an outage).  Between requests, so that no client
 * waits for it; at most SWEEP_MAX of each kind at a time.
 */
#define SWEEP_MAX	500
/* And every five minutes: uploads that died are found after their grace. */
#define SWEEP_PERIOD_US	(300 * 1000000LL)

/* The retention rules, applied by the service itself (ops/retention.h). */
static void
retention(struct sb_worker *w, const struct sb_conn *conn)
{
	static const struct sb_actor	 service = { .role = SB_ACTOR_SYSTEM,
	    .address = "local" };
	struct sb_purge_counts		 n;
	bson_error_t			 e;
	char				 q[256];

	if (sb_purge(conn, w->cfg, &service, SWEEP_MAX, &n, &e) == SB_ERR) {
		if (sb_db_error_is_outage(&e))
			sb_db_note(&w->db, 0, &e);
		else
			sb_log(SB_LOG_ERROR, "purge_failed", "detail=%s",
			    sb_log_quote(e.message, q, sizeof(q)));
		return;
	}
	if (n.rejected + n.closed + n.finished + n.erased > 0)
		sb_log(SB_LOG_INFO, "purge_finished", "rejected=%lld "
		    "closed=%lld finished=%lld erased=%lld",
		    (long long)n.rejected, (long long)n.closed,
		    (long long)n.finished, (long long)n.erased);
	if (n.rejected == SWEEP_MAX || n.closed == SWEEP_MAX || n.erased > 0)
		w->db.sweep_due = 1;
}

/*
 * The connection for background work: the sb_db's client that waits long
 * for a reply (store/db.h), so that a slow scan of the local database is
 * not taken for an outage.  0, or -1 (logged).
 */
static int
background(struct sb_worker *w, struct sb_conn *conn)
{
	bson_error_t	e;
	char		q[256];

	*conn = (struct sb_conn){ .client = sb_db_background(&w->db, &e),
	    .db = w->db.name, .keys = w->db.keys, .signer = w->db.signer };
	if (conn->client == NULL) {
		sb_log(SB_LOG_ERROR, "background_client_failed", "detail=%s",
		    sb_log_quote(e.message, q, sizeof(q)));
		return SB_ERR;
	}
	return SB_OK;
}

static void
sweep(struct sb_worker *w)
{
	struct sb_sweep_counts	 n;
	struct sb_conn		 conn;
	bson_error_t		 e;
	char			 q[256];

	w->db.sweep_due = 0;
	w->next_sweep_us = sb_mono_us() + SWEEP_PERIOD_US;
	if (background(w, &conn) == -1)
		return;
	if (sb_sweep(&conn, SWEEP_MAX, w->cfg->upload_grace_s, &n, &e) ==
	    SB_ERR) {
		if (sb_db_error_is_outage(&e))
			sb_db_note(&w->db, 0, &e);
		else
			sb_log(SB_LOG_ERROR, "sweep_failed", "detail=%s",
			    sb_log_quote(e.message, q, sizeof(q)));
	} else {
		if (n.registrations + n.submissions + n.decisions +
		    n.uploads + n.leaves > 0)
			sb_log(SB_LOG_INFO, "sweep_finished", "registrations="
			    "%lld submissions=%lld decisions=%lld uploads=%lld "
			    "leaves=%lld", (long long)n.registrations,
			    (long long)n.submissions, (long long)n.decisions,
			    (long long)n.uploads, (long long)n.leaves);
		/* A full batch: there may be more. */
		if (n.registrations == SWEEP_MAX ||
		    n.submissions == SWEEP_MAX || n.uploads == SWEEP_MAX ||
		    n.leaves == SWEEP_MAX)
			w->db.sweep_due = 1;
		retention(w, &conn);
	}
}

/* Every minute: a signed checkpoint, if the audit tree grew. */
#define CHECKPOINT_PERIOD_US	(SB_CHECKPOINT_PERIOD_S * 1000000LL)

/* size > 0: the checkpoint of that size is due; 0: the tree as it is. */
static void
checkpoint(struct sb_worker *w, uint64_t size)
{
	struct sb_conn	conn;
	bson_error_t	e;
	uint64_t	made = size;
	char		q[256];
	int		rc;

	if (size == 0)
		w->next_checkpoint_us = sb_mono_us() + CHECKPOINT_PERIOD_US;
	if (background(w, &conn) == -1)
		return;
	if (size == 0)
		rc = sb_checkpoint_now(&conn, &made, &e);
	else
		rc = sb_checkpoint_at(&conn, size, &e);
	if (rc == SB_ERR) {
		if (sb_db_error_is_outage(&e))
			sb_db_note(&w->db, 0, &e);
		else
			sb_log(SB_LOG_ERROR, "checkpoint_failed", "detail=%s",
			    sb_log_quote(e.message, q, sizeof(q)));
	} else if (made > 0) {
		sb_log(SB_LOG_INFO, "checkpoint_signed", "size=%llu",
		    (unsigned long long)made);
	}
}

static void
log_request(const struct sb_req *req)
{
	char	qp[64], qr[128];
	long	us = (long)(sb_mono_us() - req->start_us);

	sb_log(SB_LOG_INFO, "request",
	    "req_id=%s method=%s route=%s status=%d dur_ms=%ld.%03ld user=%s",
	    sb_log_quote(req->request_id != NULL ? req->request_id : "-",
	    qr, sizeof(qr)),
	    req->match.route != NULL ? req->match.route->method : "-",
	    sb_log_quote(req->match.route != NULL ?
	    req->match.route->pattern : "-", qp, sizeof(qp)),
	    req->status, us / 1000, us % 1000,
	    req->user_id[0] != '\0' ? req->user_id : "-");
}

/*
 * Everything the worker needs before its first request: a non-blocking
 * listening socket, the database pool (and its indexes if the database is
 * there; else on a later request), libfcgi.  0, or -1 logged; what was
 * opened is closed by the caller either way.
 */
static int
worker_open(struct sb_worker *w, FCGX_Request *fr)
{
	char		 err[256];
	bson_error_t	 e;
	mongoc_client_t	*c;
	int		 fl;

	if ((fl = fcntl(w->listen_fd, F_GETFL)) == -1 ||
	    fcntl(w->listen_fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		sb_log(SB_LOG_ERROR, "worker_failed", "detail=\"listen socket: "
		    "%s\"", strerror(errno));
		return SB_ERR;
	}
	if (sb_db_open(&w->db, w->cfg, err, sizeof(err)) == SB_ERR) {
		sb_log(SB_LOG_ERROR, "worker_failed", "detail=\"%s\"", err);
		return SB_ERR;
	}
	c = sb_db_pop(&w->db);
	if (sb_db_ensure_indexes(&w->db, c, &e) == SB_OK) {
		w->db.indexes_ready = 1;
		sb_db_note(&w->db, 1, NULL);
	} else {
		sb_db_note(&w->db, 0, &e);
	}
	sb_db_push(&w->db, c);
	if (FCGX_Init() != 0 || FCGX_InitRequest(fr, w->listen_fd, 0) != 0) {
		sb_log(SB_LOG_ERROR, "worker_failed", "detail=\"FCGX_Init\"");
		return SB_ERR;
	}
	sb_log(SB_LOG_INFO, "worker_ready", "indexes=%s",
	    w->db.indexes_ready ? "ok" : "pending");
	return SB_OK;
}

/*
 * Serve requests until told to stop, with the sweep and the checkpoints
 * between them.
 */
static void
worker_serve(struct sb_worker *w, FCGX_Request *fr, const sigset_t *waiting)
{
	uint64_t	due;
	int		ready, accepted;

	for (;;) {
		struct sb_req req;

		if (w->db.sweep_due || (w->db.state == 1 &&
		    sb_mono_us() >= w->next_sweep_us))
			sweep(w);
		if (w->db.state == 1 && sb_mono_us() >= w->next_checkpoint_us)
			checkpoint(w, 0);
		if ((ready = wait_for_connection(w->listen_fd, waiting,
		    w->next_sweep_us < w->next_checkpoint_us ?
		    w->next_sweep_us : w->next_checkpoint_us)) < 0)
			return;
		if (ready == 0)
			continue;
		if ((accepted = FCGX_Accept_r(fr)) < 0) {
			/* Another worker was first: wait again. */
			if (accepted == -EAGAIN || accepted == -EWOULDBLOCK)
				continue;
			sb_log(SB_LOG_ERROR, "accept_failed", "errno=%d",
			    -accepted);
			usleep(100000);
			continue;
		}
		sb_req_init(&req, fr, w->cfg, &w->db);
		sb_dispatch(&req, sb_routes, sb_nroutes);
		w->db.watch.method = w->db.watch.route = NULL;
		sb_req_finish(&req);
		log_request(&req);	/* before the params are freed */
		FCGX_Finish_r(fr);
		w->served++;
		/* Answered: a checkpoint due now costs the client nothing. */
		if ((due = sb_checkpoint_due()) > 0)
			checkpoint(w, due);
	}
}

int
sb_worker_run(const struct sb_config *cfg, int listen_fd)
{
	struct sb_worker	w;
	FCGX_Request		fr;
	sigset_t		waiting;
	int			rc;

	memset(&w, 0, sizeof(w));
	memset(&fr, 0, sizeof(fr));
	w.cfg = cfg;
	w.next_sweep_us = sb_mono_us() + SWEEP_PERIOD_US;
	w.next_checkpoint_us = sb_mono_us() + CHECKPOINT_PERIOD_US;
	w.listen_fd = listen_fd;
	install_signals(&waiting);
	mongoc_init();
	sb_log_hook_mongoc();
	sb_json_init();
	if ((rc = worker_open(&w, &fr)) == 0) {
		worker_serve(&w, &fr, &waiting);
		FCGX_Free(&fr, 0);
		sb_log(SB_LOG_INFO, "worker_stopped", "served=%lu", w.served);
	}
	sb_db_close(&w.db);
	mongoc_cleanup();
	return rc == 0 ? 0 : 1;
}
