"""documents.py -- identity documents at scale, and the local database's
_id lookups with and without our FerretDB patch.  It prints; it never
judges (see RESULTS.md).

  - 300 uploads of 3 MiB scans, one after another, each by a new customer:
    the mean time of the last 20 against the first 20;
  - the first queue page (50) with 3 submissions and with 300; and, so that
    the queue's length is apart from the page's size, the page of 50 with
    50 submissions and with 300, and a page of 3 with 3 and with 300;
  - a decision with 20 submissions stored and with 300;
  - GET /kyc/{id} and GET /kyc/{id}/document of a 5 MiB scan: time, worker
    CPU and the rise of the serving worker's peak RSS;
  - GET /users/me with 30 000 users on FerretDB with the patch and without.
"""

import base64
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import api  # noqa: E402
import bench  # noqa: E402
import memory  # noqa: E402
import pages  # noqa: E402
import scans  # noqa: E402
from stack import Stack  # noqa: E402

UPLOADS = int(os.environ.get("BENCH_UPLOADS", "300"))
SCAN = 3 * 1024 * 1024
USERS_ME = int(os.environ.get("BENCH_USERS_ME", "30000"))


def timed(fn):
    t = time.perf_counter()
    r = fn()
    return time.perf_counter() - t, r


def queue_page(s, token, limit=50):
    """Median seconds of the first queue page, over 20."""
    return statistics.median(timed(lambda: s.get("/kyc/pending", params={"limit": limit},
                                                 headers=api.bearer(token)))[0]
                             for _ in range(20))


def decisions(s, auditor_token, kyc_ids):
    """Mean seconds per decision (a rejection) of these submissions."""
    times = []
    for kid in kyc_ids:
        dt, r = timed(lambda: s.put(f"/kyc/{kid}/reject", headers=api.bearer(auditor_token),
                                    json={"review_notes": "bench"}))
        assert r.status_code == 200, r.text[:200]
        times.append(dt)
    return statistics.mean(times)


def uploads(s, auditor_token):
    print(f"\n{UPLOADS} uploads of {SCAN // 1048576} MiB scans, one after another")
    times, queue3, queue50, kyc_ids, early = [], None, None, [], None
    for i in range(UPLOADS):
        _, auth = api.customer(s)
        scan = scans.pdf(size=SCAN)
        # Each customer's own passport number, as in a real queue (a number
        # shared by all would make every upload count, and every queue page
        # list, all the others: duplicates, not documents, would be measured).
        body = dict(api.document("passport"), document_number=f"A{1000000 + i:07d}",
                    document_data=base64.b64encode(scan).decode())
        dt, r = timed(lambda: s.post("/kyc/upload", headers=auth, json=body, timeout=60))
        assert r.status_code == 200, r.text[:200]
        times.append(dt)
        kyc_ids.append(r.json()["kyc_id"])
        if i == 19:
            early = decisions(s, auditor_token, kyc_ids[:10])
        if i == 2:
            queue3 = queue_page(s, auditor_token)
        if i == 49:
            queue50 = queue_page(s, auditor_token)
    first, last = statistics.mean(times[:20]), statistics.mean(times[-20:])
    print(f"upload: first 20 {first * 1000:.0f} ms, last 20 {last * 1000:.0f} ms, "
          f"ratio {last / first:.2f}x")
    queue300 = queue_page(s, auditor_token)
    print(f"queue page of 50: with 3 submissions {queue3 * 1000:.1f} ms, with {UPLOADS} "
          f"{queue300 * 1000:.1f} ms, ratio {queue300 / queue3:.2f}x")
    if queue50 is not None:
        print(f"  the same 50 items: with 50 submissions {queue50 * 1000:.1f} ms, with "
              f"{UPLOADS} {queue300 * 1000:.1f} ms, ratio {queue300 / queue50:.2f}x")
    small = queue_page(s, auditor_token, limit=3)
    print(f"  a page of 3: with 3 submissions {queue3 * 1000:.1f} ms, with {UPLOADS} "
          f"{small * 1000:.1f} ms, ratio {small / queue3:.2f}x")
    late = decisions(s, auditor_token, kyc_ids[20:30])
    print(f"decision: 10 with 20 submissions {early * 1000:.1f} ms, 10 with {UPLOADS} "
          f"{late * 1000:.1f} ms, ratio {late / early:.2f}x")


def fresh_workers(s):
    """New worker processes (SIGHUP), so that a peak RSS (VmHWM) rise is
    this request's alone, not below an earlier request's peak."""
    old = set(s.sbd.worker_pids())
    s.sbd.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 20
    while True:
        pids = s.sbd.worker_pids()
        if len(pids) == int(s.sbd.env["SMARTBANK_WORKERS"]) and not old & set(pids):
            return pids
        assert time.monotonic() < deadline, "workers were not replaced"
        time.sleep(0.1)


def five_mib_reads(s, auditor_token):
    print("\na 5 MiB scan (each figure from freshly started workers)")
    size = 5 * 1024 * 1024
    pids = fresh_workers(s)
    token = api.login(s, api.customer(s)[0]["email"])
    peak, body_len = memory.upload_peak(s.url, token, pids, size)
    print(f"POST /kyc/upload ({body_len / 1048576:.1f} MiB of JSON): peak RSS rise "
          f"{peak / 1024:.1f} MiB = {peak * 1024 / size:.2f}x its size")
    _, auth = api.customer(s)
    scan = scans.pdf(size=size)
    body = dict(api.document("pan"), document_data=base64.b64encode(scan).decode())
    kid = s.post("/kyc/upload", headers=auth, json=body, timeout=60).json()["kyc_id"]
    for path in (f"/kyc/{kid}", f"/kyc/{kid}/document"):
        pids = fresh_workers(s)
        hwm = {p: memory.status_kib(p, "VmHWM") for p in pids}
        cpu = pages.worker_ns(pids)
        dt, r = timed(lambda: s.get(path, headers=api.bearer(auditor_token), timeout=60))
        assert r.status_code == 200
        cpu = pages.worker_ns(pids) - cpu
        rise = max(memory.status_kib(p, "VmHWM") - hwm[p] for p in pids)
        print(f"GET {path.replace(kid, '{id}')}: {dt * 1000:.0f} ms, worker CPU "
              f"{cpu / 1e6:.0f} ms, {len(r.content) / 1048576:.1f} MiB answered, "
              f"peak RSS rise {rise / 1024:.1f} MiB = {rise * 1024 / len(scan):.1f}x the scan")


def users_me(binary, label, work):
    os.environ["SMARTBANK_FERRETDB"] = binary
    s = Stack(os.path.join(work, label), SMARTBANK_LOG_LEVEL="warn", SMARTBANK_WORKERS="2")
    try:
        users = bench.insert_customers(s.db, USERS_ME, prefix="me")
        tokens = bench.write_tokens(os.path.join(work, f"{label}.tok"),
                                    s.sbd.env["SMARTBANK_JWT_SECRET"],
                                    users[:: max(1, len(users) // 2000)])
        r = bench.wrk(s.url + "/users/me", "tokens.lua", {"TOKENS": tokens}, duration=5)
        print(f"/users/me with {USERS_ME} users, FerretDB {label}: {r['rps']:.0f} req/s, "
              f"p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, non-2xx {r['errors']}")
    finally:
        s.close()


def main():
    work = tempfile.mkdtemp(prefix="smartbank-bench-docs-")
    s = Stack(os.path.join(work, "docs"), SMARTBANK_LOG_LEVEL="warn",
              SMARTBANK_KYC_MAX_STORED_BYTES=str(1 << 40))
    try:
        _, aauth = api.auditor(s)
        token = aauth["Authorization"][7:]
        if os.environ.get("BENCH_ONLY") != "memory":
            uploads(s, token)
        five_mib_reads(s, token)
    finally:
        s.close()
    if os.environ.get("BENCH_ONLY") == "memory":
        return
    patched = subprocess.run([os.path.join(HERE, "..", "scripts", "ferretdb"), "build"],
                             check=True, capture_output=True, text=True).stdout.strip()
    unpatched = subprocess.run([os.path.join(HERE, "..", "scripts", "ferretdb"), "build-unpatched"],
                               check=True, capture_output=True, text=True).stdout.strip()
    print()
    users_me(unpatched, "unpatched", work)
    users_me(patched, "patched", work)


if __name__ == "__main__":
    main()
