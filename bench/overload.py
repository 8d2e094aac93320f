"""overload.py -- GET /users/me at 64, 512, 2 000 and 5 000 connections
(BENCH_CONNECTIONS_LIST) against the stack as the run command starts it
(default worker count, nginx as configured): goodput, answers by status,
socket errors, p50/p99 of all answers, the latency of the 503s that nginx
sheds, from a probe beside the load, and the cores that wrk, nginx's
workers, smartbankd's workers and FerretDB used during the level.
BENCH_SITE=production puts nginx/smartbank-production.conf in front
instead, over TLS, with the main and events contexts its header asks for.
BENCH_THINK_MS makes every level but the first a crowd: each connection
waits that long (plus up to a fifth) before each request instead of
sending the next at once; the first level stays closed-loop, the capacity
the others are compared with.  It prints; it never judges (RESULTS.md and
smartbankd(8), OVERLOAD)."""

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import bench  # noqa: E402
import requests  # noqa: E402
from stack import ProductionNginx, Stack, children  # noqa: E402

LEVELS = [int(n) for n in os.environ.get("BENCH_CONNECTIONS_LIST", "64,512,2000,5000").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
SITE = os.environ.get("BENCH_SITE", "local")
THINK_MS = int(os.environ.get("BENCH_THINK_MS", "0"))


def wrk(url, tokens, connections, think_ms=0):
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{SECONDS}s", "--latency",
           "--timeout", "10s", "-s", os.path.join(HERE, "overload.lua"), url]
    env = dict(os.environ, TOKENS=tokens, THREADS="2", BENCH_DIR=HERE, THINK_MS=str(think_ms))
    out = subprocess.run(cmd, capture_output=True, text=True, env=env).stdout
    statuses = {int(k): int(v) for k, v in re.findall(r"status (\d+) (\d+)", out)}
    errors = re.search(r"socket errors: connect (\d+) read (\d+) write (\d+) timeout (\d+)", out)

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    return statuses, [int(x) for x in errors.groups()], pct(50), pct(99)


def cpu_s(pids):
    """CPU seconds the processes have used (those that exist)."""
    total = 0
    for pid in pids:
        try:
            total += bench.cpu_ticks([pid])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / bench.TICK


def nginx_workers(pidfile):
    with open(pidfile) as f:
        return children(int(f.read()))


def probe_503s(url, token, verify, stop, out):
    """Requests beside the load, each on a connection of its own as a new
    client's (a kept one would stay among those a per-address limit lets
    in): how long a shed request waits for its 503."""
    s = requests.Session()
    while not stop.is_set():
        t = time.monotonic()
        try:
            r = s.get(url, headers={"Authorization": "Bearer " + token,
                                    "Connection": "close"}, timeout=10, verify=verify)
            if r.status_code == 503:
                out.append((time.monotonic() - t) * 1000)
        except requests.RequestException:
            pass
        time.sleep(0.02)


def main():
    # wrk and nginx need a descriptor per connection: as many as allowed.
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    work = tempfile.mkdtemp(prefix="smartbank-bench-overload-")
    # The worker count the run command gets by default: four per core.
    workers = max(2, min(32, 4 * os.cpu_count()))
    s = Stack(os.path.join(work, "s"), SMARTBANK_LOG_LEVEL="warn",
              SMARTBANK_WORKERS=str(workers))
    site = None
    try:
        url, verify = s.url, True
        nginx_pid = os.path.join(s.nginx.prefix, "nginx.pid")
        if SITE == "production":
            site = ProductionNginx(os.path.join(work, "s"), s.sbd.upstream, names=("localhost",))
            site.start()
            # The certificate made for the run names localhost.
            url, verify = f"https://localhost:{site.https_port}", site.certificate
            nginx_pid = os.path.join(site.prefix, "nginx.pid")
        users = bench.insert_customers(s.db, 3000, prefix="ov")
        tokens = bench.write_tokens(os.path.join(work, "t.tok"),
                                    s.sbd.env["SMARTBANK_JWT_SECRET"], users)
        with open(tokens) as f:
            one = f.readline().strip()
        print(f"GET /users/me, {len(s.sbd.worker_pids())} workers, wrk -t2 for {SECONDS} s each, "
              f"{url.split(':')[0]} to the {SITE} nginx configuration"
              + (f", a think time of {THINK_MS} ms after the first level" if THINK_MS else ""))
        print(f"{'conns':>6} {'goodput/s':>10} {'2xx':>8} {'non-2xx by status':>24} "
              f"{'sock err c/r/w/t':>18} {'p50 ms':>8} {'p99 ms':>8} {'503 p50/p99 ms':>15} "
              f"{'cores: wrk/nginx/workers/db':>28}")
        for n in LEVELS:
            stop, lat = threading.Event(), []
            probe = threading.Thread(target=probe_503s, args=(url + "/users/me", one, verify, stop, lat))
            probe.start()
            groups = [nginx_workers(nginx_pid), s.sbd.worker_pids(), [s.ferret.proc.pid]]
            before = [cpu_s(g) for g in groups]
            load0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            statuses, errors, p50, p99 = wrk(url + "/users/me", tokens, n,
                                             THINK_MS if n != LEVELS[0] else 0)
            load1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = [(load1.ru_utime + load1.ru_stime - load0.ru_utime - load0.ru_stime)]
            used += [cpu_s(g) - b for g, b in zip(groups, before)]
            cores = "/".join(f"{u / SECONDS:.2f}" for u in used)
            stop.set()
            probe.join()
            ok = sum(v for k, v in statuses.items() if 200 <= k < 300)
            other = ", ".join(f"{k}:{v}" for k, v in sorted(statuses.items()) if k >= 300) or "-"
            shed = (f"{statistics.median(lat):.0f}/{sorted(lat)[int(len(lat) * 0.99)]:.0f}"
                    if lat else "-")
            print(f"{n:>6} {ok / SECONDS:>10.0f} {ok:>8} {other:>24} "
                  f"{'/'.join(map(str, errors)):>18} {p50:>8.1f} {p99:>8.1f} {shed:>15} {cores:>28}")
            time.sleep(2)
    finally:
        if site is not None:
            site.stop()
        s.close()


if __name__ == "__main__":
    main()
