"""profile.py -- where a worker's time goes on GET /users/me: perf record
(software cpu-clock sampling, which works where hardware counters are not
exposed) on the workers while wrk loads the route, then the share of each
library (DSO) and the top symbols.  BENCH_CALLGRAPH=1 records call graphs
too (DWARF unwinding) and prints the inclusive share of each function
instead: what a request's parts cost with all they call.  For issue work
on the read path; it prints, it never judges."""

import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import bench  # noqa: E402
from stack import Stack  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CALLGRAPH = os.environ.get("BENCH_CALLGRAPH") == "1"


def inclusive(data):
    """Each function's share with its callees, summed over the call chains
    perf could unwind (a chain cut short is counted where it ends)."""
    out = subprocess.run(["perf", "report", "-q", "-i", data, "--stdio", "--children",
                          "--sort", "sym", "-g", "none", "--percent-limit", "0.5"],
                         capture_output=True, text=True).stdout
    share = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 4 and f[0].endswith("%") and not f[-1].startswith("0x"):
            share[f[-1]] = share.get(f[-1], 0.0) + float(f[0][:-1])
    print("\n-- inclusive, by function (>= 2 %)")
    for name, pct in sorted(share.items(), key=lambda kv: -kv[1]):
        if pct >= 2:
            print(f"    {min(pct, 100):6.2f}%  {name}")


def main():
    work = tempfile.mkdtemp(prefix="smartbank-bench-profile-")
    s = Stack(os.path.join(work, "s"), SMARTBANK_LOG_LEVEL="warn")
    try:
        users = bench.insert_customers(s.db, 3000, prefix="pf")
        tokens = bench.write_tokens(os.path.join(work, "t.tok"),
                                    s.sbd.env["SMARTBANK_JWT_SECRET"], users)
        env = dict(os.environ, TOKENS=tokens, THREADS="2")
        load = subprocess.Popen(["wrk", "-t2", "-c16", f"-d{SECONDS + 4}s", "-s",
                                 os.path.join(HERE, "tokens.lua"), s.url + "/users/me"],
                                env=env, stdout=subprocess.DEVNULL)
        time.sleep(2)
        data = os.path.join(work, "perf.data")
        pids = ",".join(map(str, s.sbd.worker_pids()))
        graph = ["--call-graph", "dwarf,16384", "-F", "499"] if CALLGRAPH else ["-F", "999"]
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", *graph, "-o", data,
                        "-p", pids, "--", "sleep", str(SECONDS)], check=True)
        load.wait()
        if CALLGRAPH:
            inclusive(data)
            return
        for sort in ("dso", "sym"):
            out = subprocess.run(["perf", "report", "-q", "-i", data, "--stdio", "--sort", sort,
                                  "--percent-limit", "1"], capture_output=True, text=True).stdout
            print(f"\n-- by {sort} (>= 1 %)")
            print("\n".join(line for line in out.splitlines()[:40] if line.strip()))
    finally:
        s.close()


if __name__ == "__main__":
    main()
