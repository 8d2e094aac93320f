"""Mixed load for the soak and fault tests: 64 connections of customers and
auditors doing what they do (registrations, logins, reads, uploads,
resubmissions, queue reads, views, decisions), recording every answer so
that a test can check afterwards what the database and the audit log hold.

Each request opens its own connection (Connection: close), so a result is
never an artefact of a stale keep-alive connection: every failure recorded
here is an answer (or no answer) from the service."""

import base64
import http.client
import json
import random
import threading
import time
import uuid
from collections import Counter

import scans
from api import PASSWORD, document

CUSTOMERS = 56
AUDITORS = 8
KINDS = ("aadhar", "driving_license", "pan", "passport", "voter_id")
# Sizes whose answers stay within one FastCGI buffer, as the PNGs this load
# sent before (see the session note of 2026-12-02 on larger answers under
# reloads).
PDFS = [scans.pdf(size=n) for n in (1024, 2048, 4096)]


class Result:
    __slots__ = ("kind", "method", "path", "status", "body", "t0", "t1", "error", "ok")

    def __init__(self, kind, method, path, t0):
        self.kind, self.method, self.path, self.t0 = kind, method, path, t0
        self.status, self.body, self.t1, self.error, self.ok = None, None, None, None, None

    def __repr__(self):
        took = (self.t1 - self.t0) if self.t1 else float("nan")
        return (f"<{self.kind} {self.method} {self.path} -> {self.status} in {took:.3f}s "
                f"{self.error or ''}{str(self.body)[:200]}>")


class Load:
    """Run customers and auditors against base_url until stop() or duration."""

    def __init__(self, host, port, auditors, seed=1, customers=CUSTOMERS):
        self.host, self.port = host, port
        self.auditor_tokens = auditors          # one login token per auditor thread
        self.rng_seed = seed
        self.customers = customers
        self.results = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = []
        # What the service acknowledged, for the checks afterwards.
        self.registered = {}                     # user id -> email
        self.logins = Counter()                  # user id -> 200 logins
        self.uploads = {}                        # kyc id -> user id
        self.decisions = {}                      # kyc id -> APPROVED / REJECTED
        self.views = Counter()                   # kyc id -> 200 views
        # Users with a write that failed: it may or may not have taken
        # effect, so what they see next may differ from a clean run.
        self.uncertain = set()

    # -- one request ---------------------------------------------------------
    def call(self, kind, method, path, body=None, token=None, expect=(200,)):
        res = Result(kind, method, path, time.monotonic())
        headers = {"Connection": "close"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            raw = r.read()
            res.status = r.status
            try:
                res.body = json.loads(raw) if raw else None
            except ValueError:
                res.error = f"not JSON: {raw[:100]!r}"
        except (OSError, http.client.HTTPException) as exc:
            res.error = f"{type(exc).__name__}: {exc}"
        finally:
            conn.close()
        res.t1 = time.monotonic()
        # Every answer is JSON, a truncated one (a worker killed while
        # writing) is not: it counts as a failure, whatever its status.
        res.ok = res.status in expect and res.error is None and isinstance(res.body, (dict, list))
        with self.lock:
            self.results.append(res)
        return res

    # -- customers -----------------------------------------------------------
    def document(self, rng):
        """One of each kind of document: a real PDF of a few sizes (the
        service decodes each upload whole)."""
        doc = document(rng.choice(KINDS))
        doc["document_data"] = base64.b64encode(PDFS[rng.choice((0, 1, 2))]).decode()
        return doc

    def customer(self, idx):
        rng = random.Random(self.rng_seed * 1000 + idx)
        mine = []                                # (user id, token) of this thread
        while not self.stopping.is_set():
            email = f"soak-{uuid.uuid4().hex[:16]}@example.com"
            r = self.call("register", "POST", "/auth/register", {
                "email": email, "password": PASSWORD, "name": f"Soak Customer {idx}",
                "phone": "+919876543210"}, expect=(201,))
            if not r.ok:
                continue
            uid = r.body["id"]
            with self.lock:
                self.registered[uid] = email
            if rng.random() < 0.1:
                self.call("login_bad", "POST", "/auth/login",
                          {"email": email, "password": "wrong-password"}, expect=(401,))
            r = self.call("login", "POST", "/auth/login", {"email": email, "password": PASSWORD})
            if not r.ok:
                continue
            with self.lock:
                self.logins[uid] += 1
            token = r.body["access_token"]
            r = self.call("me", "GET", "/users/me", token=token)
            if r.ok and (r.body.get("id") != uid or r.body.get("email") != email):
                r.ok = False                     # someone else's data: a defect
            self.upload(token, uid, rng, first=True)
            self.call("status", "GET", "/users/me/kyc-status", token=token)
            mine.append((uid, token))
            if len(mine) > 1:
                self.revisit(*rng.choice(mine[:-1]), rng)

    def upload(self, token, uid, rng, first=False):
        # A first upload must be taken; a later one is taken or refused (409)
        # depending on what the auditors did meanwhile.
        expect = (200,) if first and uid not in self.uncertain else (200, 409)
        r = self.call("upload", "POST", "/kyc/upload", self.document(rng), token=token,
                      expect=expect)
        with self.lock:
            if r.ok and r.status == 200:
                self.uploads[r.body["kyc_id"]] = uid
            elif not (r.ok and r.status == 409):
                self.uncertain.add(uid)
        return r

    def revisit(self, uid, token, rng):
        """An earlier customer of this thread comes back: reads the status and
        resubmits after a rejection."""
        r = self.call("status", "GET", "/users/me/kyc-status", token=token)
        if not r.ok:
            return
        status = r.body["kyc_status"]
        if status not in ("PENDING", "SUBMITTED", "APPROVED", "REJECTED"):
            r.ok = False
        if status in ("PENDING", "REJECTED"):
            # (PENDING: the first upload failed in an outage.)  Nothing but
            # this customer changes either status, so this upload is taken.
            self.upload(token, uid, rng, first=True)
        elif rng.random() < 0.2:
            # Mostly 409; 200 when an auditor rejected it since the read.
            self.upload(token, uid, rng)

    # -- auditors ------------------------------------------------------------
    def auditor(self, idx):
        """Most auditors work as a team does (issue 26): claim the next case,
        read it, decide it.  Two keep to the seed's flow (list, then decide)
        and meet the others' claims."""
        if idx >= 2:
            return self.claiming_auditor(idx)
        rng = random.Random(self.rng_seed * 1000 + 500 + idx)
        token = self.auditor_tokens[idx]
        while not self.stopping.is_set():
            r = self.call("pending", "GET", "/kyc/pending?limit=10", token=token)
            if not r.ok:
                time.sleep(0.05)
                continue
            items = r.body
            if not items:
                time.sleep(0.05)
                continue
            for item in rng.sample(items, min(3, len(items))):
                # Several auditors race for the same documents: one wins,
                # 409 for the rest (decided, or held by a claiming auditor).
                self.review(item["kyc_id"], token, expect=(200, 409))
                if rng.random() < 0.2:
                    self.call("logs", "GET", f"/audit/logs?user_id={item['user_id']}&limit=20",
                              token=token)

    def review(self, kid, token, expect):
        """Read a case, and decide it (a third of them rejected)."""
        r = self.call("view", "GET", f"/kyc/{kid}", token=token)
        if r.ok:
            with self.lock:
                self.views[kid] += 1
        verdict = "reject" if int(kid, 16) % 3 == 0 else "approve"
        r = self.call("decide", "PUT", f"/kyc/{kid}/{verdict}",
                      {"review_notes": "soak"} if verdict == "reject" else None,
                      token=token, expect=expect)
        if r.ok and r.status == 200:
            with self.lock:
                self.decisions[kid] = "REJECTED" if verdict == "reject" else "APPROVED"

    def claiming_auditor(self, idx):
        rng = random.Random(self.rng_seed * 1000 + 500 + idx)
        # Not the seed-flow auditors' own two: a decision of theirs on a
        # case this one holds would be allowed (it is theirs too).
        others = self.auditor_tokens[2:]
        token = others[(idx - 2) % len(others)]
        while not self.stopping.is_set():
            r = self.call("claim", "POST", "/kyc/claim-next", token=token, expect=(200, 404))
            if not r.ok or r.status == 404:
                time.sleep(0.05)
                continue
            # Held by this auditor: decided, never a 409.
            self.review(r.body["kyc_id"], token, expect=(200,))
            if rng.random() < 0.1:
                self.call("logs", "GET", f"/audit/logs?limit=20", token=token)

    # -- running ---------------------------------------------------------------
    def start(self):
        for i in range(self.customers):
            self.threads.append(threading.Thread(target=self.customer, args=(i,), daemon=True))
        for i in range(AUDITORS):
            self.threads.append(threading.Thread(target=self.auditor, args=(i,), daemon=True))
        for t in self.threads:
            t.start()

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(60)
        assert not any(t.is_alive() for t in self.threads), "load threads did not stop"

    def run(self, seconds):
        self.start()
        time.sleep(seconds)
        self.stop()

    # -- what happened ---------------------------------------------------------
    def unexpected(self, since=None, until=None):
        return [r for r in self.results if not r.ok
                and (since is None or r.t0 >= since) and (until is None or r.t0 < until)]

    def summary(self):
        by = Counter((r.kind, r.status) for r in self.results)
        return ", ".join(f"{k}:{s}={n}" for (k, s), n in sorted(by.items(), key=str))

    def latencies(self):
        """Median and 99th percentile per kind of request, in ms."""
        kinds = {}
        for r in self.results:
            if r.t1 is not None:
                kinds.setdefault(r.kind, []).append((r.t1 - r.t0) * 1000)
        out = []
        for kind, ts in sorted(kinds.items()):
            ts.sort()
            out.append(f"{kind} p50 {ts[len(ts) // 2]:.0f} p99 {ts[int(len(ts) * 0.99)]:.0f}")
        return "; ".join(out)
