"""pages.py -- the cost of one page of /kyc/pending and of
/audit/logs?user_id= with 1 000 and with 100 000 documents present, and of
the triage's filtered pages and searches (issue 26).

A loader inserts the documents straight into the database in batches (the
routes are measured, not the setup).  The page asked for is the same in
both runs: the first 50 of the queue (and 50 from its middle), the first
50 passports (every fourth document), the first 50 submitted after the
500th, the first 50 that nobody holds, the first 50 duplicates, the newest 50 entries of one user
who has 200; and the 50 submissions of one customer found by their email,
by a prefix of their name and by their document number.  Only the number
of other documents around them grows: each number is two customers' (a
duplicate on every case, as many at 100 000 as at 1 000), the searched
customer's is their 50."""

import datetime
import statistics
import time

import requests
from bson import ObjectId

import api  # tests/e2e, which bench.py and documents.py put on the path
import sealed  # tests/e2e

BATCH = 1000
PAGE = 50


def _ts(i):
    base = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    return base + datetime.timedelta(seconds=i)


TYPES = ("pan", "passport", "aadhar", "voter_id")
TARGET_DOCS = 50       # the searched customer's submissions: the first 50


def load_queue(db, start, stop, users, index):
    """kyc_doc in status SUBMITTED, numbers start..stop-1, oldest first;
    index(number) is a number's blind index."""
    for lo in range(start, stop, BATCH):
        docs = []
        for i in range(lo, min(stop, lo + BATCH)):
            uid, kid = users[i % len(users)], ObjectId()
            who = 0 if i < TARGET_DOCS else i % len(users) + 1
            # Numbers in pairs: a page reads two KYCs per number for its
            # duplicate counts at every size.  (i % 10000 made every number
            # ten customers' at 100 000 and nobody's else at 1 000: ten
            # times the duplicates to read per page, which measured the
            # duplicates, not the queue's length.)
            number = "ABCPT0000Z" if who == 0 else f"ABCPE{i // 2:06d}F"
            name = "Target Person" if who == 0 else f"Bench User {who}"
            # The current layout: metadata only, the customer's name and
            # email copied in (the bytes would be in kyc_document), the
            # place in the queue (store/kyc_doc.h), the keys searches read.
            docs.append({"_id": kid, "user_id": uid, "document_type": TYPES[i % 4],
                         "queue_key": api.queue_key(_ts(i), kid),
                         "user_name": name, "user_name_key": name.lower(),
                         "user_email": f"bench{who}@example.com",
                         "number_index": index(number), "duplicate": who != 0,
                         "document_number": number, "document_encoding": "base64",
                         "media_type": "application/pdf", "document_size": 3,
                         "document_sha256": "0" * 64, "status": "SUBMITTED",
                         "submitted_at": _ts(i), "submission_key": f"{uid}:{i}",
                         "attempt": i, "reviewed_by": None, "review_notes": None,
                         "reviewed_at": None, "submitted_from": "127.0.0.1"})
        db["kyc_doc"].insert_many(docs, ordered=False)


def load_logs(db, start, stop, users, target, target_entries=200):
    """user_log entries; the first target_entries belong to target."""
    for lo in range(start, stop, BATCH):
        docs = []
        for i in range(lo, min(stop, lo + BATCH)):
            uid = target if i < target_entries else users[i % len(users)]
            docs.append({"_id": ObjectId(), "user_id": uid, "actor_id": uid,
                         "action": "LOGIN_SUCCEEDED", "actor_role": "customer",
                         "timestamp": _ts(i), "ip_address": "127.0.0.1",
                         "details": {"email": "bench@example.com"}})
        db["user_log"].insert_many(docs, ordered=False)


def worker_ns(pids):
    """CPU time of the workers' request threads in ns (/proc/PID/schedstat:
    clock ticks are too coarse for a handful of pages)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/schedstat") as f:
            total += int(f.read().split()[0])
    return total


def page_cost(url, token, pids, ferret, cpu_ticks, tick, n=7, want=PAGE):
    """Median wall time of one page, and worker and database CPU per page."""
    s = requests.Session()
    h = {"Authorization": "Bearer " + token}
    r = s.get(url, headers=h, timeout=300)          # warm
    assert r.status_code == 200, (url, r.status_code, r.text[:200])
    assert len(r.json()) == want, (url, len(r.json()))
    walls = []
    c0, f0 = worker_ns(pids), cpu_ticks([ferret])
    for _ in range(n):
        t0 = time.perf_counter()
        r = s.get(url, headers=h, timeout=300)
        walls.append(time.perf_counter() - t0)
        assert r.status_code == 200
    c1, f1 = worker_ns(pids), cpu_ticks([ferret])
    return {"ms": statistics.median(walls) * 1000,
            "worker_us": (c1 - c0) / n / 1000,
            "db_us": (f1 - f0) / tick / n * 1e6}


def run(stack, token, pids, ferret, cpu_ticks, tick, sizes=(1000, 100000)):
    """Print the table; returns the rows."""
    db = stack.db
    users = [ObjectId() for _ in range(200)]
    target = users[0]
    keys = sealed.read_keys(stack.sbd.key_file)
    rows = []
    have = 0
    for size in sizes:
        t0 = time.perf_counter()
        load_queue(db, have, size, users, lambda n: sealed.blind_index(keys, "pan", n))
        load_logs(db, have, size, users, target)
        loaded = time.perf_counter() - t0
        print(f"loaded {size - have} queue documents and {size - have} audit entries "
              f"in {loaded:.1f} s")
        have = size
        middle = db["kyc_doc"].find_one({"submission_key": f"{users[(size // 2) % 200]}:{size // 2}"})
        urls = [
            ("/kyc/pending first page", f"/kyc/pending?limit={PAGE}"),
            ("/kyc/pending middle page", f"/kyc/pending?limit={PAGE}&after={middle['_id']}"),
            ("/audit/logs?user_id=", f"/audit/logs?user_id={target}&limit={PAGE}"),
            ("pending ?document_type=", f"/kyc/pending?limit={PAGE}&document_type=passport"),
            ("pending ?submitted_from=", f"/kyc/pending?limit={PAGE}&submitted_from="
             f"{_ts(500).strftime('%Y-%m-%dT%H:%M:%SZ')}"),
            ("pending ?holder=none", f"/kyc/pending?limit={PAGE}&holder=none"),
            ("pending ?duplicate=true", f"/kyc/pending?limit={PAGE}&duplicate=true"),
            ("search ?email=", f"/kyc/search?email=bench0@example.com&limit={PAGE}"),
            ("search ?name=", f"/kyc/search?name=target&limit={PAGE}"),
            ("search ?document_number=", f"/kyc/search?document_number=ABCPT0000Z&limit={PAGE}"),
        ]
        for name, path in urls:
            c = page_cost(stack.url + path, token, pids, ferret, cpu_ticks, tick)
            rows.append((name, size, c))
    print(f"\npage cost ({PAGE} items per page; documents loaded in batches of {BATCH})")
    print(f"{'page':28} {'documents':>10} {'ms/page':>9} {'worker us':>10} {'db us':>12}")
    for name, size, c in rows:
        print(f"{name:28} {size:10d} {c['ms']:9.1f} {c['worker_us']:10.0f} {c['db_us']:12.0f}")
    small = {name: c for name, size, c in rows if size == sizes[0]}
    for name, size, c in rows:
        if size == sizes[-1]:
            s = small[name]
            print(f"{name:28} {sizes[-1]} vs {sizes[0]}: wall {c['ms'] / s['ms']:.1f}x, "
                  f"worker CPU {c['worker_us'] / max(s['worker_us'], 1):.1f}x, "
                  f"database CPU {c['db_us'] / max(s['db_us'], 1):.1f}x")
    return rows
