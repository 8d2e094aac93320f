"""webhooks.py -- what webhooks deliver and what they cost (issue: signed
webhooks).  It prints; it never judges (see RESULTS.md).

  - delivery: BENCH_WEBHOOK_EVENTS (2000) registrations with one endpoint
    (a local receiver answering 204): events per second delivered while
    they are made, and how long after its request each event arrived
    (p50/p99);
  - cost to requests: GET /users/me (BENCH_WEBHOOK_READS, 3000) and
    approvals (BENCH_WEBHOOK_DECISIONS, 200) with 0 and then 3 endpoints
    taking every event: worker CPU per request and its ratio (target:
    within 1.1x), wall time per request.
"""

import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import api  # noqa: E402
import stack as stackmod  # noqa: E402
from audit import Client, register_body, run_ops  # noqa: E402
from receiver import Receiver  # noqa: E402

EVENTS = int(os.environ.get("BENCH_WEBHOOK_EVENTS", "2000"))
READS = int(os.environ.get("BENCH_WEBHOOK_READS", "3000"))
DECISIONS = int(os.environ.get("BENCH_WEBHOOK_DECISIONS", "200"))
CONC = 16


def add_endpoint(s, url):
    r = api.admin(s, "webhook", "add", url, "--allow-local")
    assert r.returncode == 0, r.stderr


def delivery(work):
    s = stackmod.Stack(os.path.join(work, "delivery"), SMARTBANK_LOG_LEVEL="warn",
                       nginx_auth_rate="100000r/s")
    rcv = Receiver()
    try:
        add_endpoint(s, rcv.url)
        sent = {}

        def reg(b):
            def op(c):
                st, data = c.call("POST", "/auth/register", b)
                sent[json.loads(data)["id"]] = time.time()
                return st
            return op
        t0 = time.time()
        run_ops(s, [reg(register_body()) for _ in range(EVENTS)], CONC)
        made = time.time() - t0
        got = rcv.wait(lambda g: len(g) >= EVENTS, timeout=600)
        last = max(t for _, _, t, _ in got)
        lags = sorted(t - sent[json.loads(b)["data"]["user_id"]] for _, b, t, _ in got)
        print(f"delivery: {EVENTS} events made in {made:.1f} s "
              f"({EVENTS / made:.0f}/s); all delivered {last - t0:.1f} s after the first "
              f"request: {EVENTS / (last - t0):.0f} events/s; arrival after its request "
              f"p50 {statistics.median(lags) * 1000:.0f} ms, "
              f"p99 {lags[int(len(lags) * 0.99) - 1] * 1000:.0f} ms", flush=True)
    finally:
        rcv.close()
        s.close()


def cost(work):
    s = stackmod.Stack(os.path.join(work, "cost"), SMARTBANK_LOG_LEVEL="warn",
                       nginx_auth_rate="100000r/s")
    receivers = []
    try:
        _, aauth = api.auditor(s)
        atoken = aauth["Authorization"][7:]
        u, auth = api.customer(s)
        token = auth["Authorization"][7:]

        def customers_with_kyc(n):
            kids = []
            for _ in range(n):
                _, a = api.customer(s)
                r = s.post("/kyc/upload", headers=a, json=api.document())
                assert r.status_code == 200, r.text
                kids.append(r.json()["kyc_id"])
            return kids

        rows = {}
        for label, endpoints in (("0 endpoints", 0), ("3 endpoints", 3)):
            for _ in range(endpoints):
                rcv = Receiver()
                receivers.append(rcv)
                add_endpoint(s, rcv.url)
            kids = customers_with_kyc(DECISIONS)
            if receivers:   # what was made so far is delivered: measure the steady state
                for rcv in receivers:
                    rcv.wait(lambda g: len(g) > 0, timeout=120)
                time.sleep(3)
            reads = run_ops(s, [lambda c: c.call("GET", "/users/me", None, token)[0]] * READS,
                            CONC)
            decisions = run_ops(s, [(lambda k: lambda c: c.call(
                "PUT", f"/kyc/{k}/approve", {}, atoken)[0])(k) for k in kids], CONC)
            rows[label] = (reads, decisions)
        print("cost to requests (16 connections): worker CPU and wall time per request")
        base = rows["0 endpoints"]
        for label, (reads, decisions) in rows.items():
            r_cpu = reads[2] / READS * 1e6
            d_cpu = decisions[2] / DECISIONS * 1e3
            print(f"  {label}: GET /users/me {r_cpu:.0f} us worker CPU "
                  f"({r_cpu / (base[0][2] / READS * 1e6):.2f}x), "
                  f"{statistics.median(reads[0]) * 1000:.2f} ms; approval "
                  f"{d_cpu:.2f} ms worker CPU ({d_cpu / (base[1][2] / DECISIONS * 1e3):.2f}x), "
                  f"{statistics.median(decisions[0]) * 1000:.1f} ms", flush=True)
        deliverer = s.sbd.deliverer_pid()
        if deliverer:
            ticks = subprocess.run(["ps", "-o", "cputime=", "-p", str(deliverer)],
                                   capture_output=True, text=True).stdout.strip()
            print(f"  the deliverer's own CPU over the run: {ticks}")
    finally:
        for rcv in receivers:
            rcv.close()
        s.close()


def main():
    work = tempfile.mkdtemp(prefix="smartbank-bench-webhooks-")
    delivery(work)
    cost(work)


if __name__ == "__main__":
    main()
