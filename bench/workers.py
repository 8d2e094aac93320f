"""workers.py -- GET /users/me against the number of workers: 1, 2, 4, 8,
16 and 32 (BENCH_WORKERS), each on a stack of its own with 3 000 customers,
wrk with 32 connections (no more than nginx lets at one worker, so that
nothing is shed and the figures are the workers') for BENCH_SECONDS
(default 8): 2xx a second, p50 and p99, and the workers' RSS together.  It prints; it never judges
(see RESULTS.md and the WORKERS section of smartbankd(8))."""

import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import bench  # noqa: E402
import memory  # noqa: E402
from stack import Stack  # noqa: E402

COUNTS = [int(n) for n in os.environ.get("BENCH_WORKERS", "1,2,4,8,16,32").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
USERS = 3000


def main():
    work = tempfile.mkdtemp(prefix="smartbank-bench-workers-")
    print(f"GET /users/me, {USERS} customers, wrk -c 32 for {SECONDS} s, {os.cpu_count()} cores")
    print(f"{'workers':>8} {'2xx/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'RSS MiB':>8}")
    for n in COUNTS:
        s = Stack(os.path.join(work, f"w{n}"), SMARTBANK_WORKERS=str(n),
                  SMARTBANK_LOG_LEVEL="warn")
        try:
            users = bench.insert_customers(s.db, USERS, prefix=f"w{n}-")
            tokens = bench.write_tokens(os.path.join(work, f"w{n}.tok"),
                                        s.sbd.env["SMARTBANK_JWT_SECRET"], users)
            bench.wrk(s.url + "/users/me", "tokens.lua", {"TOKENS": tokens}, duration=2)
            r = bench.wrk(s.url + "/users/me", "tokens.lua", {"TOKENS": tokens},
                          duration=SECONDS, connections=32)
            rss = sum(memory.status_kib(p, "VmRSS") for p in s.sbd.worker_pids()) / 1024
            good = (r["requests"] - r["errors"]) / SECONDS
            print(f"{n:>8} {good:>9.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} "
                  f"{r['errors']:>8} {rss:>8.1f}")
        finally:
            s.close()


if __name__ == "__main__":
    main()
