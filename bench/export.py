"""export.py -- what a customer's export costs (issue: customers' data
rights).  It prints; it never judges (see RESULTS.md).

  - GET /users/me/export of a customer with 1 submission and of one with
    BENCH_EXPORT_SUBMISSIONS (50), each rejected in turn so that the next
    may be made (every one with its audit entries): the serving worker's
    peak RSS (VmHWM) and its rise over the idle worker, from freshly
    started workers, and the time and size of the export.  Target: the
    peak with 50 within 1.5x of the peak with 1 (the document is written
    a piece at a time).
"""

import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))
sys.path.insert(0, HERE)

import api  # noqa: E402
import stack as stackmod  # noqa: E402
from documents import fresh_workers  # noqa: E402
from memory import status_kib  # noqa: E402

SUBMISSIONS = int(os.environ.get("BENCH_EXPORT_SUBMISSIONS", "50"))


def customer_with(s, n, staff):
    """A customer with n submissions, all but the last rejected (RETRY)."""
    _, auth = api.customer(s)
    for i in range(n):
        r = s.post("/kyc/upload", headers=auth, json=api.document("pan"))
        assert r.status_code == 200, r.text
        if i < n - 1:
            kid = r.json()["kyc_id"]
            r = s.put(f"/kyc/{kid}/reject", headers=staff,
                      json={"reasons": ["unreadable"], "review_notes": f"attempt {i}"})
            assert r.status_code == 200, r.text
    return auth


def export(s, auth, label):
    pids = fresh_workers(s)
    idle = max(status_kib(p, "VmHWM") for p in pids)
    t = time.perf_counter()
    r = s.get("/users/me/export", headers=auth, timeout=120)
    dt = time.perf_counter() - t
    assert r.status_code == 200, r.text
    body = r.json()
    peak = max(status_kib(p, "VmHWM") for p in pids)
    print(f"{label}: {len(body['submissions'])} submissions, {len(body['audit_trail'])} audit "
          f"entries, {len(r.content) / 1024:.0f} KiB in {dt * 1000:.0f} ms; worker peak RSS "
          f"{peak / 1024:.1f} MiB (rise over idle {(peak - idle) / 1024:.2f} MiB)")
    return peak


def main():
    work = tempfile.mkdtemp(prefix="smartbank-bench-export.")
    s = stackmod.Stack(os.path.join(work, "export"), SMARTBANK_LOG_LEVEL="warn",
                       SMARTBANK_WORKERS="1", SMARTBANK_KYC_MAX_PER_DAY="1000",
                       SMARTBANK_KYC_MAX_STORED_BYTES="1000000000")
    try:
        _, staff = api.auditor(s)
        one = customer_with(s, 1, staff)
        many = customer_with(s, SUBMISSIONS, staff)
        print("GET /users/me/export (each from a freshly started worker)")
        small = export(s, one, "1 submission")
        large = export(s, many, f"{SUBMISSIONS} submissions")
        print(f"peak RSS ratio {SUBMISSIONS} : 1 = {large / small:.2f}x")
    finally:
        s.close()


if __name__ == "__main__":
    main()
