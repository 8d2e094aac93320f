"""memory.py -- worker memory: RSS after 10 000 and after 100 000 requests,
and how much one 5 MiB upload raises a worker's peak RSS (VmHWM)."""

import base64
import json

import requests

import scans  # tests/e2e, on the path of the bench that imports this


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def rss_after(wrk, url, env, pids_of, targets=(10000, 100000)):
    """Serve requests in slices until each target is reached; the RSS of
    every worker at each target (KiB)."""
    served, out = 0, []
    for target in targets:
        while served < target:
            r = wrk(url, "tokens.lua", env, duration=3)
            served += r["requests"]
        out.append((served, [status_kib(p, "VmRSS") for p in pids_of()]))
    return out


def upload_peak(url, token, pids, size=5 * 1024 * 1024):
    """Peak RSS (VmHWM) of each worker before and after one upload of size
    bytes (decoded).  The increase of the worker that served it."""
    before = {p: status_kib(p, "VmHWM") for p in pids}
    body = json.dumps({"document_type": "passport", "document_number": "A1234567",
                       "document_data": base64.b64encode(scans.pdf(size=size)).decode()})
    r = requests.post(url + "/kyc/upload", data=body, timeout=120,
                      headers={"Authorization": "Bearer " + token,
                               "Content-Type": "application/json"})
    assert r.status_code == 200, r.text[:300]
    after = {p: status_kib(p, "VmHWM") for p in pids}
    return max(after[p] - before[p] for p in pids), len(body)


def report(rss, peak_kib, body_len, size=5 * 1024 * 1024):
    print("\nworker memory")
    for served, kib in rss:
        print(f"worker RSS after {served} requests: " +
              ", ".join(f"{k / 1024:.1f} MiB" for k in kib))
    (n0, a), (n1, b) = rss[0], rss[-1]
    growth = max(y - x for x, y in zip(a, b))
    print(f"largest growth between {n0} and {n1} requests: {growth / 1024:.2f} MiB")
    print(f"one {size // (1024 * 1024)} MiB upload ({body_len / 1048576:.1f} MiB of JSON) raised "
          f"the worker's peak RSS by {peak_kib / 1024:.1f} MiB = {peak_kib * 1024 / size:.1f}x its size")
