"""readpath.py -- the authenticated read path against its floors (issue:
the authenticated read path close to its floor).  Worker CPU per request
of four FastCGI programs behind the same nginx, loaded by wrk (16
connections, BENCH_SECONDS each): the bare libfcgi route (bare.c), the
same plus one read of a user by _id with libmongoc (bare_read.c), GET
/healthz (one database round trip) and GET /users/me; their ratios; then
/users/me at 64 connections, and the CPU of one token verification in
process (bench/token_verify.c).  It prints; it never judges (see
RESULTS.md)."""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import bench  # noqa: E402
from stack import Nginx, Stack, children, free_port, wait_port  # noqa: E402


def floor(work, name, source, libs, env):
    """A bare program under spawn-fcgi behind its own nginx: (pid, nginx)."""
    exe = os.path.join(work, name)
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", *libs], check=True,
                           capture_output=True, text=True).stdout.split() if libs else []
    subprocess.run(["cc", "-O2", "-o", exe, os.path.join(HERE, source), *flags, "-lfcgi"],
                   check=True)
    port = free_port()
    proc = subprocess.Popen(["spawn-fcgi", "-n", "-a", "127.0.0.1", "-p", str(port), "--", exe],
                            env=dict(os.environ, **env))
    wait_port(port)
    nginx = Nginx(os.path.join(work, name + "-nginx"), f"127.0.0.1:{port}")
    nginx.start()
    return proc, nginx


def token_us(work):
    """CPU of one token verification, in process (bench/token_verify.c)."""
    root = os.path.join(HERE, "..")
    exe = os.path.join(work, "token_verify")
    libs = subprocess.run(["pkg-config", "--cflags", "--libs", "libmongoc-1.0", "libcjson",
                           "libjwt", "libcrypto"], check=True, capture_output=True,
                          text=True).stdout.split()
    subprocess.run(["cc", "-O2", "-std=c11", "-D_GNU_SOURCE", "-I", os.path.join(root, "src"),
                    "-I", os.path.join(root, "build"), "-o", exe,
                    os.path.join(HERE, "token_verify.c"),
                    os.path.join(root, "build", "src", "libsmartbank.a"), *libs, "-lcrypt",
                    "-lcrack"], check=True)
    runs = sorted(float(subprocess.run([exe], check=True, capture_output=True,
                                       text=True).stdout) for _ in range(5))
    return runs[2]


def measure(url, pids, script=None, env=None, connections=bench.CONNECTIONS):
    c0 = bench.cpu_ticks(pids)
    r = bench.wrk(url, script, env or {}, connections=connections)
    r["worker_us"] = (bench.cpu_ticks(pids) - c0) / bench.TICK / max(r["requests"], 1) * 1e6
    bench.wait_idle(pids)
    return r


def main():
    work = tempfile.mkdtemp(prefix="smartbank-bench-readpath-")
    s = Stack(os.path.join(work, "s"), SMARTBANK_LOG_LEVEL="warn")
    procs, nginxes = [], []
    try:
        users = bench.insert_customers(s.db, 3000, prefix="rp")
        one = os.path.join(work, "one.tok")
        with open(one, "w") as f:
            f.write(bench.forge(s.sbd.env["SMARTBANK_JWT_SECRET"], str(users[0]["_id"]),
                                users[0]["email"], "customer") + "\n")
        bare, bn = floor(work, "bare", "bare.c", [], {})
        read, rn = floor(work, "bare_read", "bare_read.c", ["libmongoc-1.0"],
                         {"BARE_URI": s.ferret.uri, "BARE_DB": s.database,
                          "BARE_ID": str(users[0]["_id"])})
        procs += [bare, read]
        nginxes += [bn, rn]
        workers = children(s.sbd.proc.pid)
        rows = [
            ("bare FastCGI route", measure(bn.url + "/healthz", [bare.pid])),
            ("bare + one read by _id", measure(rn.url + "/healthz", [read.pid])),
            ("GET /healthz", measure(s.url + "/healthz", workers)),
            ("GET /users/me", measure(s.url + "/users/me", workers, "tokens.lua",
                                      {"TOKENS": one})),
        ]
        print(f"read path: {bench.DURATION} s per route, {bench.CONNECTIONS} connections, "
              f"{len(workers)} workers, {os.cpu_count()} cores")
        print(f"{'route':26} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} "
              f"{'worker us/req':>14}")
        for name, r in rows:
            print(f"{name:26} {r['rps']:9.1f} {r['p50']:8.2f} {r['p99']:8.2f} {r['errors']:8d} "
                  f"{r['worker_us']:14.1f}")
        us = {name: r["worker_us"] for name, r in rows}
        me = us["GET /users/me"]
        print(f"/users/me / /healthz: {me / us['GET /healthz']:.2f}x; "
              f"/users/me / (bare + one read): {me / us['bare + one read by _id']:.2f}x; "
              f"/healthz / bare: {us['GET /healthz'] / us['bare FastCGI route']:.2f}x")
        print(f"one token verification (in process, median of 5): {token_us(work):.2f} us")
        r = measure(s.url + "/users/me", workers, "tokens.lua", {"TOKENS": one}, connections=64)
        print(f"/users/me at 64 connections: {r['rps']:.1f} req/s, p50 {r['p50']:.2f} ms, "
              f"p99 {r['p99']:.2f} ms, non-2xx {r['errors']}, worker {r['worker_us']:.1f} us/req")
    finally:
        for n in nginxes:
            n.stop()
        for p in procs:
            p.terminate()
        s.close()


if __name__ == "__main__":
    main()
