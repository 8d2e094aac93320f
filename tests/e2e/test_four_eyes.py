"""Four eyes, when the bank turns it on (SMARTBANK_FOUR_EYES=on, issue 26):
an approval by one auditor is the first of two and leaves the KYC
SUBMITTED; a second, different auditor completes it; the first can never be
the second (Fineract's maker-checker rule).  A rejection needs one auditor.
Off (the default), one approval decides, as the seed says."""

import pytest
from bson import ObjectId

from api import admin, auditor, customer, document

FOUR_EYES = {"SMARTBANK_FOUR_EYES": "on"}


def submitted(s):
    c, auth = customer(s)
    r = s.post("/kyc/upload", headers=auth, json=document("pan"))
    assert r.status_code == 200, r.text
    return c, r.json()["kyc_id"]


def audited(s, action, kid):
    return list(s.db["user_log"].find({"action": action, "details.kyc_id": kid}))


@pytest.mark.parametrize("fresh_stack", [FOUR_EYES], indirect=True)
def test_two_auditors_approve_and_the_first_cannot_be_the_second(fresh_stack):
    s = fresh_stack
    a, aauth = auditor(s, "Maker Auditor")
    b, bauth = auditor(s, "Checker Auditor")
    c, kid = submitted(s)

    r = s.put(f"/kyc/{kid}/approve", headers=aauth, json={"review_notes": "Looks right."})
    assert r.status_code == 200
    assert r.json() == {"message": "First approval recorded: another auditor completes it",
                        "approvals": 1, "approvals_required": 2}
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert kyc["status"] == "SUBMITTED" and str(kyc["first_approval"]["by"]) == a["id"]
    assert s.db["user"].find_one({"_id": ObjectId(c["id"])})["kyc_status"] == "SUBMITTED"
    assert s.db["kyc_decision"].count_documents({}) == 0
    first, = audited(s, "KYC_FIRST_APPROVED", kid)
    assert str(first["actor_id"]) == a["id"] and first["details"]["approvals"] == "1 of 2"
    # Said in the queue, and back in it for anyone else: the claim went.
    item, = s.get("/kyc/pending", headers=bauth).json()
    assert item["approvals"] == {"given": 1, "required": 2}
    assert item["first_approval"]["by"] == {"id": a["id"], "email": a["email"]}
    assert item["claimed_by"] is None

    # The first approver can neither complete it nor be handed it.
    r = s.put(f"/kyc/{kid}/approve", headers=aauth)
    assert r.status_code == 409
    assert r.json() == {"detail": "The second approval must come from another auditor than the first"}
    assert s.post("/kyc/claim-next", headers=aauth).status_code == 404
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["status"] == "SUBMITTED"
    assert audited(s, "KYC_APPROVED", kid) == []

    # A second auditor completes it.
    r = s.post("/kyc/claim-next", headers=bauth)
    assert r.status_code == 200 and r.json()["kyc_id"] == kid
    r = s.put(f"/kyc/{kid}/approve", headers=bauth)
    assert r.status_code == 200 and r.json() == {"message": "KYC approved successfully"}
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert kyc["status"] == "APPROVED" and str(kyc["reviewed_by"]) == b["id"]
    assert s.db["user"].find_one({"_id": ObjectId(c["id"])})["kyc_status"] == "APPROVED"
    done, = audited(s, "KYC_APPROVED", kid)
    assert str(done["actor_id"]) == b["id"] and done["details"]["first_approval_by"] == a["id"]
    r = admin(s, "verify-audit")
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("fresh_stack", [FOUR_EYES], indirect=True)
def test_a_rejection_needs_one_auditor(fresh_stack):
    s = fresh_stack
    a, aauth = auditor(s)
    _, kid = submitted(s)
    assert s.put(f"/kyc/{kid}/approve", headers=aauth).status_code == 200
    # Even after a first approval, one rejection decides.
    r = s.put(f"/kyc/{kid}/reject", headers=aauth, json={"reasons": ["expired"]})
    assert r.status_code == 200
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["status"] == "REJECTED"
    _, kid2 = submitted(s)
    assert s.put(f"/kyc/{kid2}/reject", headers=aauth).status_code == 200


def test_off_one_approval_decides(stack):
    s = stack
    _, aauth = auditor(s)
    _, kid = submitted(s)
    item = next(i for i in s.get("/kyc/pending?limit=200", headers=aauth).json()
                if i["kyc_id"] == kid)
    assert item["approvals"] == {"given": 0, "required": 1} and item["first_approval"] is None
    r = s.put(f"/kyc/{kid}/approve", headers=aauth)
    assert r.status_code == 200 and r.json() == {"message": "KYC approved successfully"}
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["status"] == "APPROVED"
    assert s.db["kyc_approval"].count_documents({"_id": ObjectId(kid)}) == 0
