"""Decisions with reasons (issue 26): a rejection carries reason codes from
the table in the code, each with the text the customer reads; it is RETRY
(the customer may upload again) or FINAL (an upload is a 409 that says why,
until another auditor reopens it); a comment for the customer and a note
for the team that customers never see.  The seed's reject, without a body
or with review_notes only, is an unspecified RETRY."""

import pytest
from bson import ObjectId

from api import admin, auditor, customer, document

REQUIRED = {"unreadable", "cropped", "expired", "name_mismatch", "number_mismatch",
            "wrong_type", "suspected_forgery", "duplicate"}


def upload(s, auth, kind="pan"):
    return s.post("/kyc/upload", headers=auth, json=document(kind))


def submitted(s):
    c, auth = customer(s)
    r = upload(s, auth)
    assert r.status_code == 200, r.text
    return c, auth, r.json()["kyc_id"]


def history(s, auth):
    return s.get("/users/me/kyc", headers=auth).json()


def audited(s, action, kid):
    return list(s.db["user_log"].find({"action": action, "details.kyc_id": kid}))


def test_the_table_of_reasons(stack):
    s = stack
    _, aauth = auditor(s)
    r = s.get("/kyc/reject-reasons", headers=aauth)
    assert r.status_code == 200
    table = {i["code"]: i for i in r.json()}
    assert REQUIRED <= set(table)
    assert all(set(i) == {"code", "text", "kind"} and i["text"] for i in r.json())
    assert table["suspected_forgery"]["kind"] == "FINAL" and table["duplicate"]["kind"] == "FINAL"
    assert table["expired"]["kind"] == "RETRY"
    _, cauth = customer(s)
    r = s.get("/kyc/reject-reasons", headers=cauth)
    assert r.status_code == 403


def test_a_retry_rejection_tells_the_customer_what_to_fix(stack):
    s = stack
    _, aauth = auditor(s)
    c, auth, kid = submitted(s)
    r = s.put(f"/kyc/{kid}/reject", headers=aauth, json={
        "reasons": ["expired", "cropped"], "review_notes": "Please send the new card.",
        "internal_note": "Looks genuine, just old. Checked with the branch."})
    assert r.status_code == 200 and r.json() == {"message": "KYC rejected successfully"}
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert kyc["reject_reasons"] == ["expired", "cropped"] and kyc["reject_kind"] == "RETRY"
    assert kyc["internal_note"].startswith("Looks genuine")
    entry, = audited(s, "KYC_REJECTED", kid)
    assert entry["details"]["reasons"] == "expired,cropped" and entry["details"]["kind"] == "RETRY"
    assert "internal_note" not in entry["details"]

    # The customer reads the reasons' texts and what to do, never the note.
    item, = history(s, auth)
    assert item["review_notes"] == "Please send the new card."
    rej = item["rejection"]
    assert rej["kind"] == "RETRY" and [x["code"] for x in rej["reasons"]] == ["expired", "cropped"]
    assert rej["reasons"][0]["text"].startswith("The document has expired")
    assert "upload" in rej["next_step"].lower() and "internal_note" not in rej
    for path in ("/users/me/kyc", "/users/me", "/users/me/kyc-status"):
        assert "Looks genuine" not in s.get(path, headers=auth).text
    # The team reads it.
    detail = s.get(f"/kyc/{kid}", headers=aauth).json()
    assert detail["rejection"]["internal_note"].startswith("Looks genuine")
    # And the customer may try again.
    assert upload(s, auth).status_code == 200


def test_a_final_rejection_is_reopened_by_a_second_auditor_only(stack):
    s = stack
    a, aauth = auditor(s, "Maker Auditor")
    b, bauth = auditor(s, "Checker Auditor")
    c, auth, kid = submitted(s)
    # suspected_forgery is FINAL by default.
    r = s.put(f"/kyc/{kid}/reject", headers=aauth, json={"reasons": ["suspected_forgery"]})
    assert r.status_code == 200
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["reject_kind"] == "FINAL"
    rej = history(s, auth)[0]["rejection"]
    assert rej["kind"] == "FINAL" and "branch" in rej["next_step"]
    before = s.db["kyc_doc"].count_documents({"user_id": ObjectId(c["id"])})
    r = upload(s, auth)
    assert r.status_code == 409
    assert r.json()["detail"].startswith("Your KYC was rejected and cannot be submitted again.")
    assert s.db["kyc_doc"].count_documents({"user_id": ObjectId(c["id"])}) == before

    # Not by the auditor who rejected it.
    r = s.post(f"/kyc/{kid}/reopen", headers=aauth)
    assert r.status_code == 409 and "another auditor" in r.json()["detail"]
    assert audited(s, "KYC_REOPENED", kid) == []
    r = s.post(f"/kyc/{kid}/reopen", headers=bauth)
    assert r.status_code == 200
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert kyc["reject_kind"] == "RETRY" and str(kyc["reopened_by"]) == b["id"]
    entry, = audited(s, "KYC_REOPENED", kid)
    assert str(entry["actor_id"]) == b["id"] and entry["details"]["rejected_by"] == a["id"]
    assert str(entry["user_id"]) == c["id"]
    # Once only; then the customer uploads again.
    r = s.post(f"/kyc/{kid}/reopen", headers=bauth)
    assert r.status_code == 409 and r.json() == {"detail": "Only a FINAL rejection can be reopened"}
    assert upload(s, auth).status_code == 200
    assert s.get(f"/kyc/{kid}", headers=bauth).json()["rejection"]["reopened_by"] == b["id"]


def test_an_explicit_kind_wins_over_the_reasons_default(stack):
    s = stack
    _, aauth = auditor(s)
    _, auth, kid = submitted(s)
    r = s.put(f"/kyc/{kid}/reject", headers=aauth, json={"reasons": ["expired"], "kind": "FINAL"})
    assert r.status_code == 200
    assert upload(s, auth).status_code == 409
    _, auth2, kid2 = submitted(s)
    r = s.put(f"/kyc/{kid2}/reject", headers=aauth, json={"reasons": ["duplicate"], "kind": "RETRY"})
    assert r.status_code == 200 and upload(s, auth2).status_code == 200


@pytest.mark.parametrize("body", [None, {}, {"review_notes": "Blurry."}])
def test_the_seeds_reject_is_an_unspecified_retry(stack, body):
    s = stack
    _, aauth = auditor(s)
    _, auth, kid = submitted(s)
    r = s.put(f"/kyc/{kid}/reject", headers=aauth, **({} if body is None else {"json": body}))
    assert r.status_code == 200
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert kyc["reject_kind"] == "RETRY" and kyc["reject_reasons"] == []
    assert audited(s, "KYC_REJECTED", kid)[0]["details"]["reasons"] == "unspecified"
    assert history(s, auth)[0]["rejection"]["reasons"] == []
    assert upload(s, auth).status_code == 200


@pytest.mark.parametrize("body,field,kind", [
    ({"reasons": "expired"}, "reasons", "list_type"),
    ({"reasons": []}, "reasons", "too_short"),
    ({"reasons": ["expired"] * 2}, "reasons", "value_error"),
    ({"reasons": ["shady"]}, "reasons", "enum"),
    ({"reasons": [1]}, "reasons", "string_type"),
    ({"reasons": list(REQUIRED) + ["unreadable"]}, "reasons", "too_long"),
    ({"reasons": ["expired"], "kind": "MAYBE"}, "kind", "enum"),
    ({"internal_note": "x" * 1001}, "internal_note", "value_error"),
])
def test_a_bad_rejection_is_refused_and_changes_nothing(stack, body, field, kind):
    s = stack
    _, aauth = auditor(s)
    _, _, kid = submitted(s)
    before = s.counts()
    r = s.put(f"/kyc/{kid}/reject", headers=aauth, json=body)
    assert r.status_code == 422, r.text
    item, = r.json()["detail"]
    assert item["loc"] == ["body", field] and item["type"] == kind, item
    assert s.counts() == before
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["status"] == "SUBMITTED"


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_REQUIRE_REASONS": "on"}], indirect=True)
def test_reasons_can_be_required(fresh_stack):
    s = fresh_stack
    _, aauth = auditor(s)
    _, _, kid = submitted(s)
    for body in ({}, {"review_notes": "no"}):
        r = s.put(f"/kyc/{kid}/reject", headers=aauth, json=body)
        assert r.status_code == 422
        assert r.json()["detail"][0]["loc"] == ["body", "reasons"]
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["status"] == "SUBMITTED"
    assert s.put(f"/kyc/{kid}/reject", headers=aauth, json={"reasons": ["unreadable"]}).status_code == 200
    _, _, kid2 = submitted(s)
    assert s.put(f"/kyc/{kid2}/approve", headers=aauth).status_code == 200
    r = admin(s, "verify-audit")
    assert r.returncode == 0, r.stdout + r.stderr
