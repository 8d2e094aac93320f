"""Changes interrupted half-way (a worker killed, the database gone) are
finished later: by a worker when it starts or sees the database return,
or by smartbank-admin repair.  The crash is simulated by writing what a
worker leaves behind: the new document, marked followup_pending."""

import datetime
import signal
import time

from bson import ObjectId

from api import admin, customer, document, queue_key, unique_email


def interrupted_registration(stack):
    """A user inserted, its audit entry never written."""
    uid = ObjectId()
    email = unique_email("crashed")
    now = datetime.datetime.now(datetime.timezone.utc)
    stack.db["user"].insert_one({
        "_id": uid, "email": email, "password_hash": "x", "name": "Crashed", "phone": "+15550100",
        "role": "customer", "kyc_status": "PENDING", "disabled": False,
        "created_at": now,
        "registered_from": "192.0.2.7", "followup_pending": True,
        "consents": {"kyc": {"given": True, "at": now, "notice": "2026-12-01"},
                     "marketing": {"given": False, "at": now, "notice": "2026-12-01"},
                     "product_research": {"given": True, "at": now, "notice": "2026-12-01"}}})
    return uid, email


def interrupted_submission(stack, uid):
    """A kyc_doc inserted; the user's kyc_status and the audit entry not."""
    kid, now = ObjectId(), datetime.datetime.now(datetime.timezone.utc)
    stack.db["kyc_doc"].insert_one({
        "_id": kid, "user_id": uid, "document_type": "pan", "document_number": "ABCDE1234F",
        "document_data": "cGFu", "document_encoding": "base64", "status": "SUBMITTED",
        "submitted_at": now, "queue_key": queue_key(now, kid),
        "submission_key": f"{uid}:0", "attempt": 0, "reviewed_by": None, "review_notes": None,
        "reviewed_at": None, "submitted_from": "192.0.2.8", "followup_pending": True})
    return kid


def assert_finished(stack, uid, email, kid):
    db = stack.db
    reg = list(db["user_log"].find({"action": "USER_REGISTERED", "user_id": uid}))
    assert len(reg) == 1
    assert reg[0]["_id"] == uid and reg[0]["ip_address"] == "192.0.2.7"
    # The entry the request would have written: the purposes given, and
    # the notice's version.
    assert reg[0]["details"] == {"consents": "kyc,product_research", "notice": "2026-12-01"}
    sub = list(db["user_log"].find({"action": "KYC_SUBMITTED", "details.kyc_id": str(kid)}))
    assert len(sub) == 1 and sub[0]["ip_address"] == "192.0.2.8" and sub[0]["user_id"] == uid
    assert db["user"].find_one({"_id": uid})["kyc_status"] == "SUBMITTED"
    assert "followup_pending" not in db["user"].find_one({"_id": uid})
    assert "followup_pending" not in db["kyc_doc"].find_one({"_id": kid})


def test_admin_repair_finishes_registration_and_submission(stack):
    uid, email = interrupted_registration(stack)
    kid = interrupted_submission(stack, uid)
    r = admin(stack, "repair")
    assert r.returncode == 0, r.stderr
    assert "1 registration(s), 1 submission(s) repaired" in r.stdout
    assert_finished(stack, uid, email, kid)
    # Idempotent: a second run finds nothing and writes nothing.
    before = stack.count("user_log")
    r = admin(stack, "repair")
    assert "0 decision(s), 0 registration(s), 0 submission(s)" in r.stdout
    assert stack.count("user_log") == before


def test_new_workers_finish_what_a_crash_left(fresh_stack):
    s = fresh_stack
    uid, email = interrupted_registration(s)
    kid = interrupted_submission(s, uid)
    # Workers sweep when they start: rotate them.
    s.sbd.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while "followup_pending" in s.db["kyc_doc"].find_one({"_id": kid}):
        assert time.monotonic() < deadline, "not swept"
        time.sleep(0.1)
    time.sleep(0.5)      # both new workers may sweep; neither may double anything
    assert_finished(s, uid, email, kid)
    assert "msg=sweep_finished" in s.sbd.log()


def test_a_normal_change_leaves_no_mark(stack):
    u, auth = customer(stack)

    r = stack.post("/kyc/upload", headers=auth, json=document("pan"))
    assert r.status_code == 200
    assert "followup_pending" not in stack.db["user"].find_one({"_id": ObjectId(u["id"])})
    assert "followup_pending" not in stack.db["kyc_doc"].find_one({"_id": ObjectId(r.json()["kyc_id"])})
    # The audit entries take the new documents' ids.
    assert stack.db["user_log"].find_one({"_id": ObjectId(u["id"])})["action"] == "USER_REGISTERED"
    assert stack.db["user_log"].find_one({"_id": ObjectId(r.json()["kyc_id"])})["action"] == "KYC_SUBMITTED"
