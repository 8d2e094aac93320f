"""GET /users/me/kyc: a customer's own submissions, newest first, masked,
with the reviewer's notes, in pages; never anyone else's, never the bytes."""

from bson import ObjectId

import sealed
from api import auditor, customer, document

FIELDS = {"kyc_id", "document_type", "document_number", "status", "submitted_at",
          "reviewed_at", "review_notes", "rejection"}


def test_history_after_a_rejection_and_a_resubmission(stack):
    u, auth = customer(stack)
    _, aud = auditor(stack)
    assert stack.get("/users/me/kyc", headers=auth).json() == []

    first = stack.post("/kyc/upload", headers=auth, json=document("pan")).json()["kyc_id"]
    r = stack.put(f"/kyc/{first}/reject", headers=aud,
                  json={"review_notes": "The scan is blurred; please upload it again."})
    assert r.status_code == 200, r.text
    second = stack.post("/kyc/upload", headers=auth, json=document("passport")).json()["kyc_id"]

    r = stack.get("/users/me/kyc", headers=auth)
    assert r.status_code == 200, r.text
    items = r.json()
    assert [i["kyc_id"] for i in items] == [second, first]
    assert all(set(i) == FIELDS for i in items)
    newest, oldest = items
    assert newest["status"] == "SUBMITTED" and newest["document_type"] == "passport"
    assert newest["document_number"] == "****4567"
    assert newest["reviewed_at"] is None and newest["review_notes"] is None
    assert oldest["status"] == "REJECTED" and oldest["document_type"] == "pan"
    assert oldest["document_number"] == "******234F"
    assert oldest["review_notes"] == "The scan is blurred; please upload it again."
    assert oldest["reviewed_at"].endswith("Z") and oldest["submitted_at"] < newest["submitted_at"]
    # The whole number is stored; the answer is what masks it.
    assert sealed.stored(stack, ObjectId(first))[1] == "ABCDE1234F"
    assert "document_data" not in r.text and "user_id" not in r.text


def test_history_pages_and_cursor_belongs_to_the_caller(stack):
    u, auth = customer(stack)
    other, other_auth = customer(stack)
    _, aud = auditor(stack)
    ids = []
    for kind in ("aadhar", "pan", "voter_id"):
        kid = stack.post("/kyc/upload", headers=auth, json=document(kind)).json()["kyc_id"]
        ids.append(kid)
        if kind != "voter_id":
            assert stack.put(f"/kyc/{kid}/reject", headers=aud, json={}).status_code == 200
    theirs = stack.post("/kyc/upload", headers=other_auth, json=document()).json()["kyc_id"]

    page1 = stack.get("/users/me/kyc?limit=2", headers=auth).json()
    assert [i["kyc_id"] for i in page1] == ids[::-1][:2]
    page2 = stack.get(f"/users/me/kyc?limit=2&after={page1[-1]['kyc_id']}", headers=auth).json()
    assert [i["kyc_id"] for i in page2] == [ids[0]]
    assert page2[0]["review_notes"] is None and page2[0]["status"] == "REJECTED"

    # Another customer's id is no cursor of ours, and looks like no id at all.
    for after in (theirs, str(ObjectId())):
        r = stack.get(f"/users/me/kyc?after={after}", headers=auth)
        assert r.status_code == 422
        assert r.json()["detail"][0]["loc"] == ["query", "after"]
    assert [i["kyc_id"] for i in stack.get("/users/me/kyc", headers=other_auth).json()] == [theirs]

    for q in ("limit=0", "limit=201", "limit=x", "after=nothex"):
        r = stack.get(f"/users/me/kyc?{q}", headers=auth)
        assert r.status_code == 422, q
        assert r.headers["content-type"].startswith("application/json")


def test_history_needs_a_user(stack):
    _, aud = auditor(stack)
    assert stack.get("/users/me/kyc", headers=aud).json() == []
    r = stack.get("/users/me/kyc")
    assert r.status_code == 401 and r.json() == {"detail": "Not authenticated"}
    r = stack.post("/users/me/kyc", json={})
    assert r.status_code == 405
