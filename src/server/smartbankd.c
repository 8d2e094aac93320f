/*
 * smartbankd.c -- the smartbank FastCGI program: options, configuration,
 * and the choice between prefork master and spawn-fcgi worker.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/prctl.h>

#include <sysexits.h>

#include <mongoc/mongoc.h>

#include "base/conf.h"
#include "base/log.h"
#include "base/password.h"
#include "server/deliver.h"
#include "server/listen.h"
#include "server/master.h"
#include "server/routes.h"
#include "server/worker.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: smartbankd [-DrtV] [-c file] [-l address] "
	    "[-w workers]\n");
}

/* -r: the route table, "METHOD PATTERN ROLE" a line (what the docs check). */
static int
print_routes(void)
{
	for (size_t i = 0; i < sb_nroutes; i++)
		printf("%s %s %s\n", sb_routes[i].method, sb_routes[i].pattern,
		    sb_role_name(sb_routes[i].role));
	return fflush(stdout) == 0 ? 0 : EX_IOERR;
}

int
main(int argc, char *argv[])
{
	struct sb_config	 cfg;
	const char		*file = getenv("SMARTBANK_CONFIG");
	char			 err[512];
	int			 ch, test_only = 0, deliver_only = 0, fd, rc;

	while ((ch = getopt(argc, argv, "c:Dhl:rtVw:")) != -1) {
		switch (ch) {
		case 'D':
			deliver_only = 1;
			break;
		case 'c':
			file = optarg;
			break;
		case 'l':
			setenv("SMARTBANK_LISTEN", optarg, 1);
			break;
		case 'r':
			return print_routes();
		case 't':
			test_only = 1;
			break;
		case 'V':
			printf("smartbankd %s\n", PACKAGE_VERSION);
			return 0;
		case 'w':
			setenv("SMARTBANK_WORKERS", optarg, 1);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EX_USAGE;
	}

	/*
	 * No core file and no ptrace by other processes of the same user:
	 * the keys and the JWT secret would be in it.  Kept across fork, so
	 * the workers are covered too.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1) {
		fprintf(stderr, "smartbankd: prctl: %s\n", strerror(errno));
		return EX_OSERR;
	}
	mongoc_init();
	if (sb_config_load(&cfg, file, err, sizeof(err)) == -1) {
		fprintf(stderr, "smartbankd: configuration: %s\n", err);
		sb_config_free(&cfg);
		mongoc_cleanup();
		return EX_CONFIG;
	}
	sb_log_set_level(cfg.log_level);
	/* Refuse to start rather than refuse every password later. */
	if (sb_password_policy_ready(err, sizeof(err)) == -1) {
		fprintf(stderr, "smartbankd: %s\n", err);
		sb_config_free(&cfg);
		mongoc_cleanup();
		return EX_CONFIG;
	}
	if (cfg.bcrypt_test_cost > 0)
		sb_log(SB_LOG_WARN, "insecure_test_setting", "key="
		    "SMARTBANK_BCRYPT_TEST_COST cost=%ld detail=\"password "
		    "hashes below the floor of 10: for test suites only\"",
		    cfg.bcrypt_test_cost);
	/* The hash unknown emails are checked against, made before fork. */
	if (sb_password_burn_prepare((int)cfg.bcrypt_cost) == -1) {
		fprintf(stderr, "smartbankd: cannot make a bcrypt hash\n");
		sb_config_free(&cfg);
		mongoc_cleanup();
		return EX_SOFTWARE;
	}
	if (test_only) {
		printf("smartbankd: configuration ok\n");
		sb_config_free(&cfg);
		mongoc_cleanup();
		return 0;
	}

	if (deliver_only) {
		/* The deliverer alone, beside workers spawn-fcgi runs. */
		rc = sb_deliver_run(&cfg);
	} else if (cfg.listen[0] == '\0') {
		/* spawn-fcgi mode: the socket is on standard input. */
		if (!sb_listen_is_socket(STDIN_FILENO)) {
			fprintf(stderr, "smartbankd: no socket: set "
			    "SMARTBANK_LISTEN (or -l) or start under "
			    "spawn-fcgi\n");
			sb_config_free(&cfg);
			mongoc_cleanup();
			return EX_USAGE;
		}
		rc = sb_worker_run(&cfg, STDIN_FILENO);
	} else {
		fd = sb_listen_open(cfg.listen, (int)cfg.backlog,
		    (int)cfg.socket_mode, err, sizeof(err));
		if (fd == -1) {
			fprintf(stderr, "smartbankd: %s\n", err);
			sb_config_free(&cfg);
			mongoc_cleanup();
			return 1;
		}
		rc = sb_master_run(&cfg, fd);
		close(fd);
		sb_listen_unlink(cfg.listen);
	}
	sb_config_free(&cfg);
	mongoc_cleanup();
	return rc;
}
