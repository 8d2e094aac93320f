"""The auditor journey of the seed: the review queue, one document, the
decision, the audit trail; and the admin command that makes auditors."""

import threading

import pytest
from bson import ObjectId

from api import (AUDITOR_PASSWORD, admin, auditor, bearer, customer, document, login,
                 unique_email)


def submit(stack, kind="aadhar"):
    u, auth = customer(stack)
    r = stack.post("/kyc/upload", headers=auth, json=document(kind))
    assert r.status_code == 200
    return u, auth, r.json()["kyc_id"]


def test_seed_auditor_flow(stack):
    a, aauth = auditor(stack)
    c1, auth1, k1 = submit(stack)
    c2, auth2, k2 = submit(stack, "pan")

    # The queue, oldest first, with the customers' names and emails.
    queue = stack.get("/kyc/pending?limit=200", headers=aauth)
    assert queue.status_code == 200
    assert queue.headers["Cache-Control"] == "no-store"
    items = {i["kyc_id"]: i for i in queue.json()}
    assert list(items[k1]) == ["kyc_id", "user_id", "user_name", "user_email", "document_type",
                               "document_number", "submitted_at", "duplicate_count",
                               # beyond the seed's fields, after them (issue 26)
                               "attempt", "age_seconds", "claimed_by", "claimed_until",
                               "approvals", "first_approval"]
    assert items[k1]["attempt"] == 1 and items[k1]["claimed_by"] is None
    assert items[k1]["user_id"] == c1["id"] and items[k1]["user_email"] == c1["email"]
    assert items[k1]["user_name"] == "John Doe" and items[k2]["document_type"] == "pan"
    order = [i["kyc_id"] for i in queue.json()]
    assert order.index(k1) < order.index(k2)

    # One document, whole; the read is audited.
    d = stack.get(f"/kyc/{k1}", headers=aauth)
    assert d.status_code == 200
    body = d.json()
    assert list(body) == ["kyc_id", "user_id", "document_type", "document_number",
                          "document_data", "status", "submitted_at",
                          "document_encoding", "media_type", "document_pages", "user_name",
                          "user_email", "duplicates", "duplicate_count",
                          "earlier_submissions", "rejection",
                          "approvals", "first_approval", "claimed_by", "claimed_until"]
    assert body["document_encoding"] == "base64" and body["media_type"] == "application/pdf"
    assert body["document_pages"] == 1
    assert body["user_name"] == "John Doe" and body["user_email"] == c1["email"]
    assert body["document_data"] == document()["document_data"] and body["status"] == "SUBMITTED"
    viewed = stack.db["user_log"].find_one({"action": "KYC_VIEWED", "details.kyc_id": k1})
    assert viewed["actor_id"] == ObjectId(a["id"]) and viewed["user_id"] == ObjectId(c1["id"])

    r = stack.put(f"/kyc/{k1}/approve", headers=aauth)
    assert r.status_code == 200 and r.json() == {"message": "KYC approved successfully"}
    r = stack.put(f"/kyc/{k2}/reject", headers=aauth, json={"review_notes": "The scan is blurry."})
    assert r.status_code == 200 and r.json() == {"message": "KYC rejected successfully"}

    # The customers see the outcome.
    assert stack.get("/users/me/kyc-status", headers=auth1).json() == {"kyc_status": "APPROVED"}
    assert stack.get("/users/me", headers=auth2).json()["kyc_status"] == "REJECTED"
    # The reviewed record carries the review.
    d2 = stack.get(f"/kyc/{k2}", headers=aauth).json()
    assert d2["status"] == "REJECTED" and d2["reviewed_by"] == a["id"]
    assert d2["review_notes"] == "The scan is blurry." and d2["reviewed_at"].endswith("Z")
    d1 = stack.get(f"/kyc/{k1}", headers=aauth).json()
    assert d1["status"] == "APPROVED" and d1["review_notes"] is None

    # Neither is in the queue any more; the rejected customer resubmits
    # and is back in it with a new document, the old one kept.
    pending = [i["kyc_id"] for i in stack.get("/kyc/pending?limit=200", headers=aauth).json()]
    assert k1 not in pending and k2 not in pending
    r = stack.post("/kyc/upload", headers=auth2, json=document("passport"))
    assert r.status_code == 200
    k3 = r.json()["kyc_id"]
    pending = [i["kyc_id"] for i in stack.get("/kyc/pending?limit=200", headers=aauth).json()]
    assert k3 in pending
    assert stack.db["kyc_doc"].count_documents({"user_id": ObjectId(c2["id"])}) == 2
    # The approved customer cannot upload again.
    assert stack.post("/kyc/upload", headers=auth1, json=document()).status_code == 409

    log = stack.db["user_log"]
    approved = log.find_one({"action": "KYC_APPROVED", "details.kyc_id": k1})
    assert approved["actor_id"] == ObjectId(a["id"]) and approved["actor_role"] == "auditor"
    assert approved["user_id"] == ObjectId(c1["id"]) and approved["ip_address"] == "127.0.0.1"
    rejected = log.find_one({"action": "KYC_REJECTED", "details.kyc_id": k2})
    assert rejected["details"]["review_notes"] == "The scan is blurry."
    created = log.find_one({"action": "AUDITOR_CREATED", "user_id": ObjectId(a["id"])})
    assert created["actor_role"] == "admin" and created["details"]["email"] == a["email"]


def test_pages_have_no_duplicates_or_gaps_while_submissions_arrive(stack):
    _, aauth = auditor(stack)
    # Clear the queue of earlier tests' documents so the count is exact.
    for item in stack.get("/kyc/pending?limit=200", headers=aauth).json():
        stack.put(f"/kyc/{item['kyc_id']}/reject", headers=aauth)
    first = [submit(stack)[2] for _ in range(7)]
    seen, after, added = [], None, []
    while True:
        q = "/kyc/pending?limit=3" + (f"&after={after}" if after else "")
        page = stack.get(q, headers=aauth).json()
        if not page:
            break
        assert len(page) <= 3
        seen += [i["kyc_id"] for i in page]
        after = page[-1]["kyc_id"]
        if len(added) < 4:
            added.append(submit(stack)[2])  # arrives while we page
    assert len(seen) == len(set(seen))
    assert seen == first + added
    times = [stack.db["kyc_doc"].find_one({"_id": ObjectId(k)})["submitted_at"] for k in seen]
    assert times == sorted(times)


@pytest.mark.parametrize("query,field", [
    ("limit=0", "limit"), ("limit=201", "limit"), ("limit=abc", "limit"), ("limit=-1", "limit"),
    ("limit=", "limit"), ("limit=5x", "limit"), ("after=xyz", "after"), ("after=" + "g" * 24, "after"),
    ("after=" + "0" * 24, "after"), ("after=%zz", "after"),
])
def test_bad_page_parameters(stack, query, field):
    _, aauth = auditor(stack)
    r = stack.get("/kyc/pending?" + query, headers=aauth)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", field]


def test_limit_bounds_are_served(stack):
    _, aauth = auditor(stack)
    for n in (1, 200):
        r = stack.get(f"/kyc/pending?limit={n}", headers=aauth)
        assert r.status_code == 200 and len(r.json()) <= n


def test_twenty_decisions_at_once(stack):
    import requests
    a, aauth = auditor(stack)
    c, cauth, kyc = submit(stack)
    barrier = threading.Barrier(20)
    results = [None] * 20

    def decide(i):
        barrier.wait()
        verb = "approve" if i % 2 else "reject"
        results[i] = requests.put(f"{stack.url}/kyc/{kyc}/{verb}", headers=aauth, timeout=60)

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in results)
    assert codes == [200] + [409] * 19
    # The losers are told who decided (the same auditor, here).
    assert all(r.json()["detail"] == "KYC already reviewed" and
               r.json()["reviewed_by"] == {"id": a["id"], "email": a["email"]}
               for r in results if r.status_code == 409), [r.text for r in results]
    log = stack.db["user_log"]
    entries = log.count_documents({"action": {"$in": ["KYC_APPROVED", "KYC_REJECTED"]},
                                   "details.kyc_id": kyc})
    assert entries == 1
    doc = stack.db["kyc_doc"].find_one({"_id": ObjectId(kyc)})
    user = stack.db["user"].find_one({"_id": ObjectId(c["id"])})
    assert doc["status"] in ("APPROVED", "REJECTED")
    assert user["kyc_status"] == doc["status"]
    winner = [r for r in results if r.status_code == 200][0]
    assert (doc["status"] == "APPROVED") == winner.url.endswith("/approve")


def interrupted_decision(stack, reviewer, kyc, user_id, status="APPROVED", notes=None):
    """What a worker leaves when it dies right after recording a decision."""
    import datetime
    stack.db["kyc_decision"].insert_one({
        "_id": ObjectId(kyc), "status": status, "user_id": ObjectId(user_id),
        "reviewed_by": ObjectId(reviewer), "reviewer_role": "auditor", "review_notes": notes,
        "reviewed_at": datetime.datetime.now(datetime.timezone.utc), "ip_address": "127.0.0.1",
        "audit_id": ObjectId(), "applied": False})


def test_interrupted_decision_is_finished_by_the_next_request(stack):
    a, aauth = auditor(stack)
    c, cauth, kyc = submit(stack)
    interrupted_decision(stack, a["id"], kyc, c["id"], "REJECTED", "Expired document")
    # The crash left the document SUBMITTED and the user not updated.
    assert stack.db["kyc_doc"].find_one({"_id": ObjectId(kyc)})["status"] == "SUBMITTED"
    # A second decision is refused, and the recorded one is carried out.
    r = stack.put(f"/kyc/{kyc}/approve", headers=aauth)
    assert r.status_code == 409
    assert stack.db["kyc_doc"].find_one({"_id": ObjectId(kyc)})["status"] == "REJECTED"
    assert stack.get("/users/me/kyc-status", headers=cauth).json() == {"kyc_status": "REJECTED"}
    assert stack.db["kyc_decision"].find_one({"_id": ObjectId(kyc)})["applied"] is True
    e = list(stack.db["user_log"].find({"action": "KYC_REJECTED", "details.kyc_id": kyc}))
    assert len(e) == 1 and e[0]["details"]["review_notes"] == "Expired document"


def test_interrupted_decision_is_finished_by_admin_repair(stack):
    a, aauth = auditor(stack)
    c, cauth, kyc = submit(stack)
    interrupted_decision(stack, a["id"], kyc, c["id"], "APPROVED")
    # Half applied: the document was updated, the user and the audit not.
    stack.db["kyc_doc"].update_one({"_id": ObjectId(kyc)}, {"$set": {"status": "APPROVED"}})
    r = admin(stack, "repair")
    assert r.returncode == 0, r.stderr
    assert "1 decision(s), 0 registration(s), 0 submission(s) repaired" in r.stdout
    assert stack.get("/users/me/kyc-status", headers=cauth).json() == {"kyc_status": "APPROVED"}
    r = admin(stack, "repair")
    assert r.returncode == 0 and "0 decision(s), 0 registration(s), 0 submission(s)" in r.stdout
    assert stack.db["user_log"].count_documents({"action": "KYC_APPROVED", "details.kyc_id": kyc}) == 1


@pytest.mark.parametrize("body,field", [
    ({"review_notes": "n" * 1001}, "review_notes"),
    ({"review_notes": 5}, "review_notes"),
    ({"review_notes": "bell\u0007"}, "review_notes"),
])
def test_bad_review_notes(stack, body, field):
    _, aauth = auditor(stack)
    _, _, kyc = submit(stack)
    r = stack.put(f"/kyc/{kyc}/reject", headers=aauth, json=body)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", field]
    assert stack.db["kyc_doc"].find_one({"_id": ObjectId(kyc)})["status"] == "SUBMITTED"
    assert stack.db["kyc_decision"].count_documents({"_id": ObjectId(kyc)}) == 0


def test_review_edge_cases(stack):
    _, aauth = auditor(stack)
    _, _, kyc = submit(stack)
    assert stack.put(f"/kyc/{'0' * 24}/approve", headers=aauth).json() == {"detail": "KYC not found"}
    assert stack.get(f"/kyc/{'0' * 24}", headers=aauth).status_code == 404
    assert stack.put("/kyc/not-an-id/approve", headers=aauth).status_code == 422
    assert stack.get("/kyc/not-an-id", headers=aauth).status_code == 422
    r = stack.put(f"/kyc/{kyc}/approve", headers=dict(aauth, **{"Content-Type": "text/plain"}), data="x")
    assert r.status_code == 415
    r = stack.put(f"/kyc/{kyc}/approve", headers=dict(aauth, **{"Content-Type": "application/json"}),
                  data="{bad")
    assert r.status_code == 400
    assert stack.db["kyc_doc"].find_one({"_id": ObjectId(kyc)})["status"] == "SUBMITTED"
    r = stack.put(f"/kyc/{kyc}/approve", headers=aauth, json={"review_notes": "Fine."})
    assert r.status_code == 200
    assert stack.put(f"/kyc/{kyc}/reject", headers=aauth).status_code == 409


def test_audit_log_filters_and_pages(stack):
    a, aauth = auditor(stack)
    c, cauth, kyc = submit(stack)
    stack.get(f"/kyc/{kyc}", headers=aauth)
    stack.put(f"/kyc/{kyc}/approve", headers=aauth)
    stack.post("/auth/login", json={"email": c["email"], "password": "wrongpass123"})

    r = stack.get(f"/audit/logs?user_id={c['id']}&limit=200", headers=aauth)
    assert r.status_code == 200
    entries = r.json()
    assert list(entries[0]) == ["id", "user_id", "actor_id", "action", "actor_role", "timestamp",
                                "ip_address", "details", "seq", "user_email", "actor_email"]
    # seq: the entry's leaf in the audit tree, as stored.
    stored = stack.db["user_log"].find_one({"_id": ObjectId(entries[0]["id"])})
    assert entries[0]["seq"] == stored["seq"] and isinstance(entries[0]["seq"], int)
    actions = [e["action"] for e in entries]
    assert actions == ["LOGIN_FAILED", "KYC_APPROVED", "KYC_VIEWED", "KYC_SUBMITTED",
                       "LOGIN_SUCCEEDED", "USER_REGISTERED"]
    stamps = [e["timestamp"] for e in entries]
    assert stamps == sorted(stamps, reverse=True)

    by_actor = stack.get(f"/audit/logs?actor_id={a['id']}", headers=aauth).json()
    assert {e["action"] for e in by_actor} >= {"KYC_VIEWED", "KYC_APPROVED", "LOGIN_SUCCEEDED"}
    assert all(e["actor_id"] == a["id"] for e in by_actor)

    for action in ("USER_REGISTERED", "LOGIN_SUCCEEDED", "LOGIN_FAILED", "KYC_SUBMITTED",
                   "KYC_VIEWED", "KYC_APPROVED", "AUDITOR_CREATED"):
        got = stack.get(f"/audit/logs?action={action}&limit=5", headers=aauth).json()
        assert got and all(e["action"] == action for e in got), action

    # A time window: from the approval on.
    t = [e for e in entries if e["action"] == "KYC_APPROVED"][0]["timestamp"]
    window = stack.get(f"/audit/logs?user_id={c['id']}&from={t}", headers=aauth).json()
    assert [e["action"] for e in window] == ["LOGIN_FAILED", "KYC_APPROVED"]
    window = stack.get(f"/audit/logs?user_id={c['id']}&to={t}", headers=aauth).json()
    assert [e["action"] for e in window][0] == "KYC_APPROVED"

    # Pages of two walk the same list without duplicates or gaps.
    walked, after = [], None
    while True:
        q = f"/audit/logs?user_id={c['id']}&limit=2" + (f"&after={after}" if after else "")
        page = stack.get(q, headers=aauth).json()
        if not page:
            break
        walked += [e["id"] for e in page]
        after = page[-1]["id"]
    assert walked == [e["id"] for e in entries]


@pytest.mark.parametrize("query,field", [
    ("user_id=abc", "user_id"), ("actor_id=" + "z" * 24, "actor_id"), ("action=LOGIN", "action"),
    ("from=yesterday", "from"), ("to=2025-13-01", "to"), ("from=2025-10-26&to=2025-10-25", "to"),
    ("limit=500", "limit"), ("after=" + "0" * 24, "after"),
])
def test_audit_log_bad_filters(stack, query, field):
    _, aauth = auditor(stack)
    r = stack.get("/audit/logs?" + query, headers=aauth)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", field]


def test_role_boundaries(stack):
    _, cauth = customer(stack)
    _, aauth = auditor(stack)
    _, _, kyc = submit(stack)
    forbidden = [
        ("GET", "/kyc/pending", "Only auditors can view pending KYCs"),
        ("GET", f"/kyc/{kyc}", "Only auditors can view KYC details"),
        ("PUT", f"/kyc/{kyc}/approve", "Only auditors can approve KYC"),
        ("PUT", f"/kyc/{kyc}/reject", "Only auditors can reject KYC"),
        ("GET", "/audit/logs", "Only auditors can view audit logs"),
    ]
    for method, path, detail in forbidden:
        r = stack.request(method, path, headers=cauth)
        assert r.status_code == 403 and r.json() == {"detail": detail}, path
        r = stack.request(method, path)
        assert r.status_code == 401 and r.json() == {"detail": "Not authenticated"}, path
    r = stack.post("/kyc/upload", headers=aauth, json=document())
    assert r.status_code == 403 and r.json() == {"detail": "Only customers can upload KYC"}
    assert stack.db["kyc_doc"].find_one({"_id": ObjectId(kyc)})["status"] == "SUBMITTED"


def test_expired_auditor_token(stack):
    import time
    from api import claims_for, forge
    a, _ = auditor(stack)
    token = forge(stack.sbd.env["SMARTBANK_JWT_SECRET"],
                  claims_for(a, role="auditor", iat=int(time.time()) - 4000, exp=int(time.time()) - 5))
    r = stack.get("/kyc/pending", headers=bearer(token))
    assert r.status_code == 401 and r.json() == {"detail": "Invalid token"}


def test_disabled_auditor(stack):
    a, aauth = auditor(stack)
    assert stack.get("/kyc/pending", headers=aauth).status_code == 200
    r = admin(stack, "disable-user", "--email", a["email"])
    assert r.returncode == 0, r.stderr
    r = stack.get("/kyc/pending", headers=aauth)
    assert r.status_code == 401 and r.json() == {"detail": "Invalid token"}
    r = stack.post("/auth/login", json={"email": a["email"], "password": AUDITOR_PASSWORD})
    assert r.status_code == 401 and r.json() == {"detail": "Invalid credentials"}
    disabled = stack.db["user_log"].find_one({"action": "USER_DISABLED", "user_id": ObjectId(a["id"])})
    assert disabled["actor_role"] == "admin"
    assert admin(stack, "disable-user", "--email", a["email"]).returncode == 0  # idempotent
    listing = admin(stack, "list-auditors").stdout
    assert a["email"] + "\tAnn Auditor\tdisabled" in listing


def test_admin_commands_without_options_refuse_arguments(stack):
    # A mistyped option must not run the command as if it were not there
    # (migrate --dry-run used to migrate).
    before = stack.counts()
    for cmd in ("migrate", "repair", "purge", "list-auditors", "verify-audit", "checkpoint",
                "rotate-keys", "audit-key"):
        r = admin(stack, cmd, "--dry-run")
        assert r.returncode == 64 and "usage:" in r.stderr and r.stdout == "", (cmd, r.stderr)
    assert stack.counts() == before


def test_admin_refuses_bad_auditors(stack):
    email = unique_email("adm")
    before = stack.counts()
    for pw in ("short1A!", "alllowercaseletters", "x" * 73, ""):
        r = admin(stack, "create-auditor", "--email", email, "--name", "Weak", password=pw)
        assert r.returncode == 65, (pw, r.stderr)
    r = admin(stack, "create-auditor", "--email", "not-an-email", "--name", "X", password=AUDITOR_PASSWORD)
    assert r.returncode == 65
    r = admin(stack, "create-auditor", "--email", email, password=AUDITOR_PASSWORD)
    assert r.returncode == 64
    assert stack.counts() == before
    r = admin(stack, "create-auditor", "--email", email, "--name", "Ok", password=AUDITOR_PASSWORD)
    assert r.returncode == 0
    r = admin(stack, "create-auditor", "--email", email.upper(), "--name", "Again", password=AUDITOR_PASSWORD)
    assert r.returncode == 73 and "already exists" in r.stderr
    # The password never appears in the tool's output or the audit trail.
    assert AUDITOR_PASSWORD not in r.stdout + r.stderr
    assert AUDITOR_PASSWORD not in str(list(stack.db["user_log"].find()))
