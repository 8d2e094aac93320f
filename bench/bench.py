"""bench.py -- load smartbank with wrk from this machine and print figures:
throughput and latency (p50/p99) per route beside a bare FastCGI route,
worker and database CPU per request, the login rate against the bcrypt
bound, and worker memory.  It prints; it never judges (see RESULTS.md)."""

import base64
import ctypes
import datetime
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import memory  # noqa: E402
import pages  # noqa: E402
import requests  # noqa: E402
import scans  # noqa: E402
from bson import ObjectId  # noqa: E402
from stack import Nginx, Stack, children, free_port, wait_port  # noqa: E402

DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
USERS = int(os.environ.get("BENCH_USERS", "3000"))
# Override for a quick trial; the figures of record use the defaults.
PAGE_DOCS = tuple(int(n) for n in os.environ.get("BENCH_PAGE_DOCS", "1000,100000").split(","))
RSS_REQUESTS = tuple(int(n) for n in os.environ.get("BENCH_RSS_REQUESTS", "10000,100000").split(","))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = 2
TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def wait_idle(pids, limit=60.0):
    """Wait until the workers stop using CPU: requests that outlived wrk's
    run must not be charged to the next route."""
    deadline = time.monotonic() + limit
    last = cpu_ticks(pids)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_ticks(pids)
        if now == last:
            return
        last = now


def wrk(url, script=None, env=None, duration=DURATION, connections=CONNECTIONS):
    cmd = ["wrk", "-t", str(THREADS), "-c", str(connections), "-d", f"{duration}s",
           "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", os.path.join(HERE, script)]
    e = dict(os.environ, THREADS=str(THREADS), **(env or {}))
    out = subprocess.run(cmd + [url], capture_output=True, text=True, env=e).stdout
    reqs = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    return {"requests": reqs, "rps": rps, "p50": pct(50), "p99": pct(99),
            "errors": int(non2xx.group(1)) if non2xx else 0}


def bcrypt_seconds(cost, runs=3):
    """The time of one bcrypt hash at cost, by the libcrypt the service uses."""
    lib = ctypes.CDLL("libcrypt.so.1")
    lib.crypt.restype = ctypes.c_char_p
    lib.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    setting = b"$2b$%02d$" % cost + b"abcdefghijklmnopqrstuu"
    t0 = time.perf_counter()
    for _ in range(runs):
        assert lib.crypt(b"securepass123", setting).startswith(b"$2b$")
    return (time.perf_counter() - t0) / runs


def insert_auditor(db, email):
    """An auditor straight into the database; the bench signs its tokens."""
    auditor = {"_id": ObjectId(), "email": email, "password_hash": "x", "name": "Bench Auditor",
               "phone": "", "role": "auditor", "kyc_status": "PENDING",
               "created_at": datetime.datetime.now(datetime.timezone.utc), "disabled": False}
    db["user"].insert_one(auditor)
    return auditor


def insert_customers(db, n, prefix="bench", batch=2000):
    """n customers straight into the database (the benchmarks measure the
    routes, not the setup); their documents, in order."""
    now = datetime.datetime.now(datetime.timezone.utc)
    users = [{"_id": ObjectId(), "email": f"{prefix}{i}@example.com", "password_hash": "x",
              "name": "Bench User", "phone": "+919876543210", "role": "customer",
              "kyc_status": "PENDING", "created_at": now, "disabled": False}
             for i in range(n)]
    for lo in range(0, n, batch):
        db["user"].insert_many(users[lo:lo + batch], ordered=False)
    return users


def write_tokens(path, secret, users):
    """A file of bearer tokens, one per user, for tokens.lua."""
    with open(path, "w") as f:
        for u in users:
            f.write(forge(secret, str(u["_id"]), u["email"], "customer") + "\n")
    return path


def forge(secret, user_id, email, role):
    def b64(d):
        return base64.urlsafe_b64encode(d).rstrip(b"=").decode()
    now = int(time.time())
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": user_id, "role": role, "email": email, "iat": now,
                           "exp": now + 1800, "iss": "smartbank", "jti": os.urandom(8).hex()}).encode())
    sig = b64(hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{sig}"


def main():
    work = tempfile.mkdtemp(prefix="smartbank-bench-")
    s = Stack(work, SMARTBANK_BCRYPT_COST="12", SMARTBANK_BCRYPT_TEST_COST="0", SMARTBANK_WORKERS="2",
              SMARTBANK_LOG_LEVEL="warn", SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR="100000")
    secret = s.sbd.env["SMARTBANK_JWT_SECRET"]
    master = s.sbd.proc.pid
    ferret = s.ferret.proc.pid
    results = []
    try:
        # The bare floor: same nginx configuration, its own upstream.
        bare_bin = os.path.join(work, "bare")
        subprocess.run(["cc", "-O2", "-o", bare_bin, os.path.join(HERE, "bare.c"), "-lfcgi"], check=True)
        bport = free_port()
        spawn = subprocess.Popen(["spawn-fcgi", "-n", "-a", "127.0.0.1", "-p", str(bport), "--", bare_bin])
        wait_port(bport)
        bare_nginx = Nginx(os.path.join(work, "bare-nginx"), f"127.0.0.1:{bport}")
        bare_nginx.start()

        # Data: customers with tokens (inserted directly: the benchmark
        # measures the routes, not the setup), a queue to page through.
        users = insert_customers(s.db, USERS)
        auditor = insert_auditor(s.db, "bench-auditor@example.com")
        tokens = write_tokens(os.path.join(work, "customers.tok"), secret, users)
        one = os.path.join(work, "one.tok")
        with open(one, "w") as f:
            f.write(forge(secret, str(users[0]["_id"]), users[0]["email"], "customer") + "\n")
        aud = os.path.join(work, "auditor.tok")
        with open(aud, "w") as f:
            f.write(forge(secret, str(auditor["_id"]), auditor["email"], "auditor") + "\n")
        doc = json.dumps({"document_type": "aadhar", "document_number": "1234-5678-9012",
                          "document_data": base64.b64encode(scans.pdf(size=3000)).decode()})
        login_email = "bench-login@example.com"
        r = s.post("/auth/register", json={"email": login_email, "password": "securepass123",
                                           "name": "Login", "phone": "+919876543210"})
        assert r.status_code == 201, r.text
        login_body = json.dumps({"email": login_email, "password": "securepass123"})

        # Login at the default bcrypt cost, against its bound.
        t0 = time.perf_counter()
        for _ in range(3):
            requests.post(s.url + "/auth/login", data=login_body,
                          headers={"Content-Type": "application/json"}, timeout=30)
        one_login = (time.perf_counter() - t0) / 3
        c0 = cpu_ticks(children(master))
        res = wrk(s.url + "/auth/login", "tokens.lua",
                  {"TOKENS": one, "BODY": login_body}, connections=4)
        res["worker_us"] = (cpu_ticks(children(master)) - c0) / TICK / max(res["requests"], 1) * 1e6
        res["db_us"] = float("nan")
        login_result = ("POST /auth/login (cost 12)", res)
        wait_idle(children(master))
        runs = [
            # Not "/": nginx answers that itself (a redirect to the console).
            ("bare FastCGI route", bare_nginx.url + "/healthz", None, {}, "bare"),
            ("GET /healthz", s.url + "/healthz", None, {}, "sb"),
            ("GET /users/me", s.url + "/users/me", "tokens.lua", {"TOKENS": one}, "sb"),
            ("POST /kyc/upload (3 KiB)", s.url + "/kyc/upload", "tokens.lua",
             {"TOKENS": tokens, "BODY": doc}, "sb"),
            ("GET /kyc/pending", s.url + "/kyc/pending?limit=50", "tokens.lua", {"TOKENS": aud}, "sb"),
        ]
        for name, url, script, env, target in runs:
            pids = [spawn.pid] if target == "bare" else children(master)
            c0, f0 = cpu_ticks(pids), cpu_ticks([ferret])
            res = wrk(url, script, env)
            c1, f1 = cpu_ticks(pids), cpu_ticks([ferret])
            res["worker_us"] = (c1 - c0) / TICK / max(res["requests"], 1) * 1e6
            res["db_us"] = (f1 - f0) / TICK / max(res["requests"], 1) * 1e6
            results.append((name, res))
            wait_idle(pids + [ferret])

        results.append(login_result)
        workers = len(children(master))
        one_hash = bcrypt_seconds(12)
        bound = min(workers, os.cpu_count()) / one_hash

        print(f"smartbank benchmark: {DURATION} s per route, {CONNECTIONS} connections, "
              f"{workers} workers, {os.cpu_count()} cores")
        print(f"{'route':28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} "
              f"{'worker us/req':>14} {'db us/req':>10} {'vs bare':>8}")
        bare = results[0][1]
        for name, r in results:
            print(f"{name:28} {r['rps']:9.1f} {r['p50']:8.2f} {r['p99']:8.2f} {r['errors']:8d} "
                  f"{r['worker_us']:14.1f} {r['db_us']:10.1f} {r['worker_us'] / bare['worker_us']:7.1f}x")
        login = results[-1][1]
        print(f"login: {login['rps']:.2f}/s; one bcrypt hash at cost 12 takes {one_hash * 1000:.0f} ms, "
              f"so the bound is {bound:.2f}/s and login reaches {100 * login['rps'] / bound:.0f}% of it; "
              f"one login alone takes {one_login * 1000:.0f} ms (hash + database)")
        print(f"({USERS} customers in the database)")

        # Memory: a long run of /users/me, then one 5 MiB upload.
        wait_idle(children(master) + [ferret])
        rss = memory.rss_after(lambda *a, **k: wrk(*a, **k), s.url + "/users/me",
                               {"TOKENS": one}, lambda: children(master), RSS_REQUESTS)
        big = dict(users[0], _id=ObjectId(), email="bench-big@example.com")
        s.db["user"].insert_one(big)
        peak, body_len = memory.upload_peak(
            s.url, forge(secret, str(big["_id"]), big["email"], "customer"), children(master))
        memory.report(rss, peak, body_len)
    finally:
        try:
            bare_nginx.stop()
            spawn.terminate()
        except NameError:
            pass
        s.close()
    page_costs(work)


def page_costs(work):
    """A stack of its own, with a database timeout long enough to measure
    a slow page rather than answer 503."""
    s = Stack(os.path.join(work, "pages"), SMARTBANK_LOG_LEVEL="warn",
              SMARTBANK_DB_TIMEOUT_MS="60000")
    try:
        auditor = insert_auditor(s.db, "pages-auditor@example.com")
        token = forge(s.sbd.env["SMARTBANK_JWT_SECRET"], str(auditor["_id"]), auditor["email"],
                      "auditor")
        pages.run(s, token, children(s.sbd.proc.pid), s.ferret.proc.pid, cpu_ticks, TICK,
                  PAGE_DOCS)
    finally:
        s.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["pages"]:
        page_costs(tempfile.mkdtemp(prefix="smartbank-bench-"))
    else:
        main()
