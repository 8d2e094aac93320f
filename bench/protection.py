"""protection.py -- what encryption at rest costs (issue: identity data
protected at rest).  It prints; it never judges (see RESULTS.md).

  - sealing and opening 5 MiB in one core (bench/seal.c), beside the base64
    decoding and SHA-256 an upload does anyway;
  - worker CPU of GET /kyc/{id}/document and GET /kyc/{id} of a 5 MiB scan
    sealed, against the same bytes stored in the clear (as a version before
    encryption left them: the service reads both);
  - worker CPU of a queue page of 50 with the records in the clear, then the
    same records after smartbank-admin migrate sealed them;
  - the peak RSS rise of a 5 MiB upload (one copy more than before is the
    bound: 2.68x before encryption, bench/RESULTS.md).
"""

import base64
import datetime
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

import api  # noqa: E402
import memory  # noqa: E402
import pages  # noqa: E402
import scans  # noqa: E402
from bson import Binary, ObjectId  # noqa: E402
from documents import fresh_workers  # noqa: E402
from stack import Stack  # noqa: E402

SIZE = 5 * 1024 * 1024
READS = 15


def seal_bench(work):
    build = os.path.join(ROOT, "build")
    exe = os.path.join(work, "seal")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libbson-1.0", "libmongoc-1.0",
                            "libcrypto"], check=True, capture_output=True, text=True).stdout.split()
    subprocess.run(["cc", "-O2", "-std=c11", "-D_GNU_SOURCE", "-I", os.path.join(ROOT, "src"),
                    "-I", build, "-o", exe, os.path.join(HERE, "seal.c"),
                    os.path.join(build, "src", "libsmartbank.a"), *flags], check=True)
    print(subprocess.run([exe], check=True, capture_output=True, text=True).stdout.strip())


def cpu_of(s, pids, path, token, n=READS):
    """Median worker CPU (ms) of one GET path."""
    out = []
    for _ in range(n):
        before = pages.worker_ns(pids)
        r = s.get(path, headers=api.bearer(token), timeout=60)
        assert r.status_code == 200, r.text[:200]
        out.append((pages.worker_ns(pids) - before) / 1e6)
    return statistics.median(out)


def clear_copy(s, kid):
    """A copy of KYC kid as an earlier version stored it: the number and the
    bytes in the clear, no data key."""
    import sealed
    keys = sealed.read_keys(s.sbd.key_file)
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    rec = s.db["kyc_document"].find_one({"_id": ObjectId(kid)})
    data, number = sealed.document(keys, kyc, rec), sealed.number(keys, kyc)
    new = ObjectId()
    kyc.update({"_id": new, "document_number": number, "submission_key": f"clear:{new}"})
    for k in ("dek", "number_index"):
        kyc.pop(k, None)
    rec.update({"_id": new, "data": Binary(data)})
    rec.pop("sealed")
    s.db["kyc_doc"].insert_one(kyc)
    s.db["kyc_document"].insert_one(rec)
    return str(new)


def reads(s, token):
    _, auth = api.customer(s)
    scan = scans.pdf(size=SIZE)
    body = dict(api.document("pan"), document_data=base64.b64encode(scan).decode())
    kid = s.post("/kyc/upload", headers=auth, json=body, timeout=60).json()["kyc_id"]
    clear = clear_copy(s, kid)
    pids = s.sbd.worker_pids()
    for path in ("/kyc/{}/document", "/kyc/{}"):
        sealed_ms = cpu_of(s, pids, path.format(kid), token)
        clear_ms = cpu_of(s, pids, path.format(clear), token)
        print(f"GET {path.format('{id}')} of 5 MiB, worker CPU: sealed {sealed_ms:.1f} ms, "
              f"in the clear {clear_ms:.1f} ms, ratio {sealed_ms / clear_ms:.2f}x")


def queue(s, token):
    uid = ObjectId(api.customer(s)[0]["id"])
    now = datetime.datetime.now(datetime.timezone.utc)
    docs, recs = [], []
    for i in range(50):
        kid, data = ObjectId(), b"%PDF-1.4\n" + os.urandom(100)
        docs.append({"_id": kid, "user_id": uid, "user_name": "Queue", "user_email": "q@example.com",
                     "document_type": "passport", "document_number": f"B{2000000 + i}",
                     "document_encoding": "base64", "media_type": "application/pdf",
                     "document_size": len(data), "document_sha256": hashlib.sha256(data).hexdigest(),
                     "status": "SUBMITTED", "submitted_at": now, "submission_key": f"q:{i}",
                     "attempt": i, "reviewed_by": None, "review_notes": None,
                     "reviewed_at": None, "submitted_from": "192.0.2.1"})
        recs.append({"_id": kid, "user_id": uid, "data": Binary(data), "encoding": "base64",
                     "size": len(data)})
    s.db["kyc_doc"].delete_many({"status": "SUBMITTED"})
    s.db["kyc_doc"].insert_many(docs)
    s.db["kyc_document"].insert_many(recs)
    pids = s.sbd.worker_pids()
    path = "/kyc/pending?limit=50"
    clear_ms = cpu_of(s, pids, path, token, n=51)
    r = api.admin(s, "migrate")
    assert r.returncode == 0 and "50 encrypted" in r.stdout, r.stdout + r.stderr
    sealed_ms = cpu_of(s, pids, path, token, n=51)
    print(f"queue page of 50, worker CPU: in the clear {clear_ms:.2f} ms, sealed (after "
          f"migrate) {sealed_ms:.2f} ms, ratio {sealed_ms / clear_ms:.2f}x")


def upload_rss(s):
    pids = fresh_workers(s)
    token = api.login(s, api.customer(s)[0]["email"])
    peak, body_len = memory.upload_peak(s.url, token, pids, SIZE)
    print(f"POST /kyc/upload ({body_len / 1048576:.1f} MiB of JSON): peak RSS rise "
          f"{peak / 1024:.1f} MiB = {peak * 1024 / SIZE:.2f}x its size")


def main():
    work = tempfile.mkdtemp(prefix="smartbank-bench-protection-")
    seal_bench(work)
    s = Stack(os.path.join(work, "stack"), SMARTBANK_LOG_LEVEL="warn",
              SMARTBANK_KYC_MAX_STORED_BYTES=str(1 << 40))
    try:
        _, aauth = api.auditor(s)
        token = aauth["Authorization"][7:]
        reads(s, token)
        queue(s, token)
        upload_rss(s)
    finally:
        s.close()


if __name__ == "__main__":
    main()
