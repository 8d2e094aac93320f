"""Case context (issue 26): an auditor reviewing a resubmission sees the
customer's earlier submissions -- status, reasons, who decided, when -- and
for a duplicate number who the other customers are."""

from bson import ObjectId

from api import auditor, customer, document


def upload(s, auth, kind="passport", number="K1234567"):
    doc = document(kind)
    doc["document_number"] = number
    r = s.post("/kyc/upload", headers=auth, json=doc)
    assert r.status_code == 200, r.text
    return r.json()["kyc_id"]


def test_a_resubmission_shows_the_earlier_ones_and_their_reasons(stack):
    s = stack
    a, aauth = auditor(s, "First Reviewer")
    c, auth = customer(s)
    first = upload(s, auth)
    r = s.put(f"/kyc/{first}/reject", headers=aauth, json={
        "reasons": ["unreadable"], "review_notes": "Too dark.", "internal_note": "Try daylight."})
    assert r.status_code == 200
    second = upload(s, auth)
    body = s.get(f"/kyc/{second}", headers=aauth).json()
    earlier, = body["earlier_submissions"]
    assert earlier["kyc_id"] == first and earlier["status"] == "REJECTED"
    assert earlier["reviewed_by"] == a["id"] and earlier["reviewed_by_email"] == a["email"]
    assert earlier["review_notes"] == "Too dark."
    assert earlier["rejection"]["reasons"][0]["code"] == "unreadable"
    assert earlier["rejection"]["internal_note"] == "Try daylight."
    stored = s.db["kyc_doc"].find_one({"_id": ObjectId(first)})
    assert earlier["submitted_at"].startswith(stored["submitted_at"].strftime("%Y-%m-%dT%H:%M:%S"))
    # The first has nothing before it.
    assert s.get(f"/kyc/{first}", headers=aauth).json()["earlier_submissions"] == []


def test_a_duplicate_names_the_other_customer(stack):
    s = stack
    _, aauth = auditor(s)
    c1, auth1 = customer(s, name="Asha Rao")
    c2, auth2 = customer(s, name="Vikram Shah")
    k1 = upload(s, auth1, number="Z7654321")
    k2 = upload(s, auth2, number="Z7654321")
    dup, = s.get(f"/kyc/{k2}", headers=aauth).json()["duplicates"]
    assert dup == {"kyc_id": k1, "user_id": c1["id"], "status": "SUBMITTED",
                   "user_name": "Asha Rao", "user_email": c1["email"]}


def test_the_audit_log_names_users_by_email(stack):
    s = stack
    a, aauth = auditor(s)
    c, auth = customer(s)
    kid = upload(s, auth, number="Q1234567")
    assert s.put(f"/kyc/{kid}/approve", headers=aauth).status_code == 200
    entry, = s.get(f"/audit/logs?action=KYC_APPROVED&user_id={c['id']}", headers=aauth).json()
    assert entry["user_email"] == c["email"] and entry["actor_email"] == a["email"]
    registered, = s.get(f"/audit/logs?action=USER_REGISTERED&user_id={c['id']}",
                        headers=aauth).json()
    assert registered["user_email"] == c["email"]
    # An entry without an actor says null.
    assert all("actor_email" in e and "user_email" in e
               for e in s.get("/audit/logs?limit=50", headers=aauth).json())
