"""audit.py -- what the verifiable audit trail costs (issue: a verifiable
audit trail).  It prints; it never judges (see RESULTS.md).

  - each audited state change (a registration, an upload, a decision) with
    the tree (this build) against the same change before it (the commit
    before the tree, a4c0e4e, built here from git): alone (one at a time:
    latency, worker and database CPU per change) and under 64 connections
    (changes per second, p50/p99);
  - proof generation at 1 000 and 100 000 entries (inclusion and
    consistency: wall time and worker CPU per proof);
  - verification: smartbank-admin verify-audit and smartbank-auditcheck
    over 100 000 entries (entries and proofs per second).
BENCH_AUDIT_ALONE (200), BENCH_AUDIT_LOADED (500) and BENCH_AUDIT_ENTRIES
(100000) shrink it for a quick trial.
"""

import concurrent.futures
import datetime
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

import api  # noqa: E402
import stack as stackmod  # noqa: E402
from bench import cpu_ticks  # noqa: E402
from bson import ObjectId  # noqa: E402
from pages import worker_ns  # noqa: E402

BEFORE = "a4c0e4e"      # the last commit before the audit tree
ALONE = int(os.environ.get("BENCH_AUDIT_ALONE", "200"))
LOADED = int(os.environ.get("BENCH_AUDIT_LOADED", "500"))
ENTRIES = int(os.environ.get("BENCH_AUDIT_ENTRIES", "100000"))
TICK = os.sysconf("SC_CLK_TCK")


def build_before(work):
    """smartbankd as it was before the tree, built from git in work."""
    src = os.path.join(work, "before")
    os.makedirs(src)
    archive = subprocess.run(["git", "-C", ROOT, "archive", BEFORE], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", src], input=archive, check=True)
    subprocess.run(["autoreconf", "-fi"], cwd=src, check=True, capture_output=True)
    subprocess.run(["./configure", "-q"], cwd=src, check=True, capture_output=True)
    subprocess.run(["make", "-s", "-j2", "src/smartbankd", "src/smartbank-admin"], cwd=src, check=True,
                   capture_output=True)
    return os.path.join(src, "src", "smartbankd")


class Client:
    """One keep-alive connection to nginx."""

    def __init__(self, port):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        self.c.request(method, path, body=json.dumps(body) if body is not None else None,
                       headers=headers)
        r = self.c.getresponse()
        data = r.read()
        return r.status, data


def register_body():
    return {"email": f"b-{uuid.uuid4().hex[:16]}@example.com", "password": api.PASSWORD,
            "name": "Bench Customer", "phone": "+919876543210"}


def run_ops(s, ops, concurrency):
    """Run ops (callables taking a Client, returning a status) with
    concurrency connections; (latencies, seconds, worker s, database s)."""
    pids, ferret = s.sbd.worker_pids(), s.ferret.proc.pid
    port = s.nginx.http_port
    per = [ops[i::concurrency] for i in range(concurrency)]

    def worker(mine):
        c, out = Client(port), []
        for op in mine:
            t0 = time.perf_counter()
            status = op(c)
            out.append(time.perf_counter() - t0)
            assert status in (200, 201), status
        return out

    w0, f0, t0 = worker_ns(pids), cpu_ticks([ferret]), time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as ex:
        lats = [x for part in ex.map(worker, per) for x in part]
    wall = time.perf_counter() - t0
    return lats, wall, (worker_ns(pids) - w0) / 1e9, (cpu_ticks([ferret]) - f0) / TICK


def state_changes(s, n, concurrency):
    """Registrations, uploads and approvals, n of each: figures per kind."""
    _, aauth = api.auditor(s)
    atoken = aauth["Authorization"][7:]
    bodies = [register_body() for _ in range(n)]
    out = {}

    def reg(b):
        return lambda c: c.call("POST", "/auth/register", b)[0]
    out["register"] = run_ops(s, [reg(b) for b in bodies], concurrency)
    # Tokens for the uploads (not measured: a login is audited too).
    tokens = []
    with concurrent.futures.ThreadPoolExecutor(16) as ex:
        def tok(b):
            st, data = Client(s.nginx.http_port).call(
                "POST", "/auth/login", {"email": b["email"], "password": api.PASSWORD})
            assert st == 200
            return json.loads(data)["access_token"]
        tokens = list(ex.map(tok, bodies))
    kids = []

    def upload(t):
        def op(c):
            st, data = c.call("POST", "/kyc/upload", api.document(), t)
            if st in (200, 201):
                kids.append(json.loads(data)["kyc_id"])
            return st
        return op
    out["upload"] = run_ops(s, [upload(t) for t in tokens], concurrency)

    def approve(k):
        return lambda c: c.call("PUT", f"/kyc/{k}/approve", {}, atoken)[0]
    out["decision"] = run_ops(s, [approve(k) for k in list(kids)], concurrency)
    return out


def figures(name, lats, wall, wcpu, dcpu, n):
    lats = sorted(lats)
    return {"ms": statistics.median(lats) * 1000, "p99": lats[int(len(lats) * 0.99) - 1] * 1000,
            "rate": n / wall, "worker": wcpu / n * 1000, "db": dcpu / n * 1000}


def compare(work, before_bin):
    print("state changes, before the tree (a4c0e4e) and with it; per change:")
    results = {}
    for label, binary in (("before", before_bin), ("tree", stackmod.SMARTBANKD)):
        for conc, n in ((1, ALONE), (64, LOADED)):
            saved = stackmod.SMARTBANKD
            stackmod.SMARTBANKD = binary
            s = stackmod.Stack(os.path.join(work, f"{label}-{conc}"), SMARTBANK_LOG_LEVEL="warn",
                               nginx_auth_rate="100000r/s")
            stackmod.SMARTBANKD = saved
            try:
                for kind, r in state_changes(s, n, conc).items():
                    results[(label, conc, kind)] = figures(kind, *r, n)
            finally:
                s.close()
    for conc in (1, 64):
        print(f"\n  {'alone' if conc == 1 else '64 connections'}"
              f" ({ALONE if conc == 1 else LOADED} of each)")
        print(f"    {'':9} {'p50 ms':>15} {'p99 ms':>15} {'changes/s':>17} "
              f"{'worker CPU ms':>17} {'db CPU ms':>15}")
        for kind in ("register", "upload", "decision"):
            b, t = results[("before", conc, kind)], results[("tree", conc, kind)]
            row = f"    {kind:9}"
            for k, fmt in (("ms", ".1f"), ("p99", ".1f"), ("rate", ".0f"), ("worker", ".2f"),
                           ("db", ".2f")):
                row += f" {b[k]:{fmt}}->{t[k]:{fmt}} {t[k] / b[k]:.2f}x".rjust(
                    17 if k in ("rate", "worker") else 15)
            print(row)


def old_entries(db, n):
    """n audit entries as a version before the tree wrote them."""
    now = datetime.datetime.now(datetime.timezone.utc)
    batch = []
    for i in range(n):
        batch.append({"_id": ObjectId(), "user_id": ObjectId(), "actor_id": None,
                      "action": "USER_REGISTERED", "actor_role": "customer",
                      "timestamp": now, "ip_address": "192.0.2.1",
                      "details": {"email": f"old{i}@example.com"}})
        if len(batch) == 1000:
            db["user_log"].insert_many(batch)
            batch = []
    if batch:
        db["user_log"].insert_many(batch)


def timed_admin(s, *args):
    tool = os.environ.get("SMARTBANK_ADMIN") or os.path.join(
        os.path.dirname(stackmod.SMARTBANKD), "smartbank-admin")
    t0 = time.perf_counter()
    r = subprocess.run([tool, *args], env=s.sbd.env, capture_output=True, text=True,
                       timeout=3600)
    assert r.returncode == 0, r.stdout + r.stderr
    return time.perf_counter() - t0, r.stdout


def proof_cost(s, token, path, n=51):
    pids = s.sbd.worker_pids()
    c, walls = Client(s.nginx.http_port), []
    w0 = worker_ns(pids)
    for _ in range(n):
        t0 = time.perf_counter()
        st, _ = c.call("GET", path, token=token)
        walls.append(time.perf_counter() - t0)
        assert st == 200, (path, st)
    return statistics.median(walls) * 1000, (worker_ns(pids) - w0) / n / 1e6


def grow_to(s, size):
    """Old entries up to size, into the tree by migrate, then a checkpoint."""
    old_entries(s.db, size - s.db["user_log"].count_documents({}))
    t, _ = timed_admin(s, "migrate")
    timed_admin(s, "checkpoint")
    return t


def proofs_and_verification(work):
    print("\nproofs and verification (entries added by smartbank-admin migrate)")
    s = stackmod.Stack(os.path.join(work, "proofs"), SMARTBANK_LOG_LEVEL="warn")
    try:
        _, aauth = api.auditor(s)
        token = aauth["Authorization"][7:]
        for size in (1000, ENTRIES):
            grow_to(s, size // 2)
            t = grow_to(s, size)
            print(f"  tree of {size} entries (migrate of the second half: {t:.1f} s)")
            for path in (f"inclusion?seq={size // 2}&size={size}",
                         f"inclusion?seq={size - 1}&size={size}",
                         f"consistency?from={size // 2}&to={size}"):
                ms, cpu = proof_cost(s, token, "/audit/proof/" + path)
                print(f"    {path:34} {ms:.2f} ms, worker CPU {cpu:.2f} ms")
        t, out = timed_admin(s, "verify-audit")
        print(f"  verify-audit of {ENTRIES} entries: {t:.1f} s = {ENTRIES / t:.0f} entries/s")
        print(f"    {out.strip()}")
        cps = os.path.join(work, "checkpoints.log")
        with open(cps, "w") as f:
            f.write(s.get("/audit/checkpoint", headers=aauth).text)
        tokf = os.path.join(work, "token")
        with open(tokf, "w") as f:
            f.write(token)
        key = api.admin(s, "audit-key").stdout.strip()
        tool = os.environ.get("SMARTBANK_AUDITCHECK") or subprocess.run(
            [os.path.join(ROOT, "scripts", "auditcheck"), "build"], check=True,
            capture_output=True, text=True).stdout.strip()
        t0 = time.perf_counter()
        r = subprocess.run([tool, "-url", s.url, "-key", key, "-token-file", tokf, "-inclusion",
                            cps], capture_output=True, text=True)
        t = time.perf_counter() - t0
        assert r.returncode == 0, r.stdout + r.stderr
        print(f"  smartbank-auditcheck -inclusion, a checkpoint of {ENTRIES}: {t * 1000:.0f} ms "
              f"({r.stdout.strip().splitlines()[-1]})")
    finally:
        s.close()


def main():
    work = tempfile.mkdtemp(prefix="smartbank-bench-audit-")
    print(f"building smartbankd at {BEFORE} (before the tree)...", flush=True)
    before = build_before(work)
    compare(work, before)
    proofs_and_verification(work)


if __name__ == "__main__":
    main()
