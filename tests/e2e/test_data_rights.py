"""The customer's rights over their data (DPDP Act 2023, GDPR): the privacy
notice and the consents given at registration, consents withdrawn and given
again, and the profile corrected.  Each asserts the answer, what was stored
and what was audited."""

import datetime
import json

from bson import ObjectId

from api import PASSWORD, admin, auditor, bearer, customer, document, login, register, unique_email

NOTICE = "2026-12-01"
OPTIONAL = ["marketing", "product_research"]


def entries(s, uid, action):
    return list(s.db["user_log"].find({"user_id": ObjectId(uid), "action": action})
                .sort("timestamp", 1))


def consents(s, auth):
    r = s.get("/users/me/consents", headers=auth)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["notice_version"] == NOTICE
    assert [c["purpose"] for c in body["consents"]] == ["kyc"] + OPTIONAL
    return {c["purpose"]: c for c in body["consents"]}


def test_the_notice_says_what_each_purpose_is_for_without_a_login(stack):
    r = stack.get("/privacy/notice")
    assert r.status_code == 200
    body = r.json()
    assert body["version"] == NOTICE
    purposes = {p["purpose"]: p for p in body["purposes"]}
    assert list(purposes) == ["kyc"] + OPTIONAL
    assert purposes["kyc"]["required"] is True and "RBI" in purposes["kyc"]["basis"]
    for name in OPTIONAL:
        assert purposes[name]["required"] is False and "consent" in purposes[name]["basis"]
    for p in body["purposes"]:
        assert set(p) == {"purpose", "required", "what", "data", "basis"}
        assert all(isinstance(p[k], str) and p[k] for k in ("what", "data", "basis"))


def test_the_seeds_registration_records_the_required_purpose_only(stack):
    u, auth = customer(stack)
    stored = stack.db["user"].find_one({"_id": ObjectId(u["id"])})["consents"]
    assert set(stored) == {"kyc"}
    assert stored["kyc"]["given"] is True and stored["kyc"]["notice"] == NOTICE
    got = consents(stack, auth)
    assert got["kyc"]["given"] is True and got["kyc"]["required"] is True
    assert got["kyc"]["at"] and got["kyc"]["notice_version"] == NOTICE
    for name in OPTIONAL:
        assert got[name] == {"purpose": name, "required": False, "given": False,
                             "at": None, "notice_version": None}
    reg = entries(stack, u["id"], "USER_REGISTERED")
    assert len(reg) == 1
    # The customer by id only: the audit trail outlives an erasure.
    assert reg[0]["details"] == {"consents": "kyc", "notice": NOTICE}


def test_consents_given_at_registration_are_stored_and_audited(stack):
    u, auth = customer(stack, consents={"marketing": True, "product_research": False,
                                        "kyc": True})
    stored = stack.db["user"].find_one({"_id": ObjectId(u["id"])})["consents"]
    assert {k: v["given"] for k, v in stored.items()} == {
        "kyc": True, "marketing": True, "product_research": False}
    got = consents(stack, auth)
    assert got["marketing"]["given"] is True and got["marketing"]["at"]
    assert got["product_research"]["given"] is False and got["product_research"]["at"]
    reg = entries(stack, u["id"], "USER_REGISTERED")
    assert reg[0]["details"]["consents"] == "kyc,marketing"


def test_bad_consents_at_registration_are_refused_and_change_nothing(stack):
    before = stack.counts()
    for consents_, kind in (({"kyc": False}, "enum"), ({"newsletter": True}, "enum"),
                            ({"marketing": "yes"}, "bool_type"), (["marketing"], "dict_type"),
                            ("marketing", "dict_type")):
        r = stack.post("/auth/register", json={
            "email": unique_email("consent"), "password": PASSWORD, "name": "John Doe",
            "phone": "+919876543210", "consents": consents_})
        assert r.status_code == 422, (consents_, r.text)
        item = r.json()["detail"][0]
        assert item["loc"] == ["body", "consents"] and item["type"] == kind, r.text
    assert "cannot be refused" in stack.post("/auth/register", json={
        "email": unique_email("consent"), "password": PASSWORD, "name": "John Doe",
        "phone": "+919876543210", "consents": {"kyc": False}}).json()["detail"][0]["msg"]
    assert stack.counts() == before


def test_consents_withdrawn_stop_being_reported_as_given(stack):
    u, auth = customer(stack, consents={"marketing": True})
    r = stack.put("/users/me/consents", headers=auth, json={"consents": {"marketing": False}})
    assert r.status_code == 200, r.text
    assert {c["purpose"]: c["given"] for c in r.json()["consents"]} == {
        "kyc": True, "marketing": False, "product_research": False}
    got = consents(stack, auth)
    assert got["marketing"]["given"] is False and got["marketing"]["notice_version"] == NOTICE
    stored = stack.db["user"].find_one({"_id": ObjectId(u["id"])})["consents"]
    assert stored["marketing"]["given"] is False
    changed = entries(stack, u["id"], "CONSENT_CHANGED")
    assert len(changed) == 1
    assert changed[0]["details"] == {"withdrawn": "marketing", "notice": NOTICE}
    assert changed[0]["actor_id"] == ObjectId(u["id"]) and changed[0]["actor_role"] == "customer"

    # The same again is no change: answered, not audited.
    r = stack.put("/users/me/consents", headers=auth, json={"consents": {"marketing": False}})
    assert r.status_code == 200
    assert len(entries(stack, u["id"], "CONSENT_CHANGED")) == 1

    # Given again, and another given, in one request: one entry.  The
    # purpose not named keeps its state.
    r = stack.put("/users/me/consents", headers=auth,
                  json={"consents": {"marketing": True, "product_research": True, "kyc": True}})
    assert r.status_code == 200
    got = consents(stack, auth)
    assert got["marketing"]["given"] and got["product_research"]["given"]
    changed = entries(stack, u["id"], "CONSENT_CHANGED")
    assert len(changed) == 2
    assert changed[1]["details"] == {"given": "marketing,product_research", "notice": NOTICE}
    r = stack.put("/users/me/consents", headers=auth, json={"consents": {"product_research": False}})
    assert r.status_code == 200
    got = consents(stack, auth)
    assert got["marketing"]["given"] is True and got["product_research"]["given"] is False


def test_bad_consent_changes_are_refused_and_change_nothing(stack):
    u, auth = customer(stack, consents={"marketing": True})
    stored = stack.db["user"].find_one({"_id": ObjectId(u["id"])})["consents"]
    for body, kind in (({"consents": {"kyc": False}}, "enum"),
                       ({"consents": {}}, "too_short"),
                       ({}, "missing"),
                       ({"consents": {"marketing": None}}, "bool_type"),
                       ({"consents": {"sms": False}}, "enum")):
        r = stack.put("/users/me/consents", headers=auth, json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["detail"][0]["type"] == kind, r.text
    r = stack.put("/users/me/consents", headers=auth, json={"consents": {"kyc": False}})
    assert "cannot be withdrawn" in r.json()["detail"][0]["msg"]
    assert stack.db["user"].find_one({"_id": ObjectId(u["id"])})["consents"] == stored
    assert entries(stack, u["id"], "CONSENT_CHANGED") == []
    _, staff = auditor(stack)
    for method in ("GET", "PUT"):
        r = stack.request(method, "/users/me/consents", headers=staff,
                          json={"consents": {"marketing": True}})
        assert r.status_code == 403 and r.json() == {"detail": "Only customers have consents"}
    assert stack.get("/users/me/consents").status_code == 401


def test_a_customer_corrects_name_and_phone(stack):
    u, auth = customer(stack, name="Ravi Kumar", phone="+919876543210")
    r = stack.post("/kyc/upload", headers=auth, json=document("pan"))
    assert r.status_code == 200, r.text
    kid = ObjectId(r.json()["kyc_id"])
    r = stack.patch("/users/me", headers=auth, json={"name": "Ravi Kumar Sharma",
                                                      "phone": "+919812345678"})
    assert r.status_code == 200, r.text
    me = r.json()
    assert list(me) == ["id", "email", "name", "phone", "role", "kyc_status", "created_at"]
    assert me["name"] == "Ravi Kumar Sharma" and me["phone"] == "+919812345678"
    assert me["email"] == u["email"] and me["kyc_status"] == "SUBMITTED"
    assert stack.get("/users/me", headers=auth).json() == me
    user = stack.db["user"].find_one({"_id": ObjectId(u["id"])})
    assert user["name"] == "Ravi Kumar Sharma" and user["phone"] == "+919812345678"
    # The submission in review carries the name the auditor compares and
    # searches by.
    kyc = stack.db["kyc_doc"].find_one({"_id": kid})
    assert kyc["user_name"] == "Ravi Kumar Sharma" and kyc["user_name_key"] == "ravi kumar sharma"
    _, staff = auditor(stack)
    found = stack.get("/kyc/search", headers=staff, params={"name": "Ravi Kumar Sharma"}).json()
    assert str(kid) in [k["kyc_id"] for k in found]

    # Audited, masked: the first letter of a name, the last two digits of a
    # phone, nothing more (the audit trail outlives an erasure).
    updated = entries(stack, u["id"], "PROFILE_UPDATED")
    assert len(updated) == 1
    assert updated[0]["details"] == {"fields": "name,phone", "name_old": "R***",
                                     "name_new": "R***", "phone_old": "***10",
                                     "phone_new": "***78"}
    text = json.dumps(updated, default=str)
    assert "Kumar" not in text and "9876" not in text and "9812" not in text
    assert updated[0]["actor_id"] == ObjectId(u["id"]) and updated[0]["ip_address"] == "127.0.0.1"

    # One field alone; the other is kept.  The same value again: no change,
    # no entry.
    r = stack.patch("/users/me", headers=auth, json={"phone": "+14155550123"})
    assert r.status_code == 200 and r.json()["name"] == "Ravi Kumar Sharma"
    assert r.json()["phone"] == "+14155550123"
    assert entries(stack, u["id"], "PROFILE_UPDATED")[-1]["details"] == {
        "fields": "phone", "phone_old": "***78", "phone_new": "***23"}
    r = stack.patch("/users/me", headers=auth, json={"name": "Ravi Kumar Sharma"})
    assert r.status_code == 200
    assert len(entries(stack, u["id"], "PROFILE_UPDATED")) == 2
    # A first letter is a whole character, however many bytes.
    r = stack.patch("/users/me", headers=auth, json={"name": "  Élodie शर्मा "})
    assert r.status_code == 200 and r.json()["name"] == "Élodie शर्मा"
    assert entries(stack, u["id"], "PROFILE_UPDATED")[-1]["details"] == {
        "fields": "name", "name_old": "R***", "name_new": "É***"}


def test_a_decided_submission_keeps_the_name_it_was_decided_under(stack):
    u, auth = customer(stack, name="Asha Rao")
    kid = stack.post("/kyc/upload", headers=auth, json=document("pan")).json()["kyc_id"]
    _, staff = auditor(stack)
    assert stack.put(f"/kyc/{kid}/approve", headers=staff, json={}).status_code == 200
    assert stack.patch("/users/me", headers=auth, json={"name": "Asha Menon"}).status_code == 200
    assert stack.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["user_name"] == "Asha Rao"


def test_bad_profile_corrections_are_refused_and_change_nothing(stack):
    u, auth = customer(stack)
    before = stack.db["user"].find_one({"_id": ObjectId(u["id"])})
    for body, field, kind in (({}, "name", "missing"),
                              ({"name": ""}, "name", "value_error"),
                              ({"name": "x" * 101}, "name", "value_error"),
                              ({"name": 7}, "name", "string_type"),
                              ({"phone": "12"}, "phone", "value_error"),
                              ({"phone": "+91 98765 43210<script>"}, "phone", "value_error"),
                              ({"email": "new@example.com"}, "email", "value_error"),
                              ({"name": "New Name", "email": u["email"]}, "email", "value_error")):
        r = stack.patch("/users/me", headers=auth, json=body)
        assert r.status_code == 422, (body, r.text)
        item = r.json()["detail"][0]
        assert item["loc"] == ["body", field] and item["type"] == kind, (body, r.text)
    r = stack.patch("/users/me", headers=auth, json={"email": "new@example.com"})
    assert "email cannot be changed" in r.json()["detail"][0]["msg"]
    assert stack.patch("/users/me", headers=dict(auth, **{"Content-Type": "application/json"}),
                       data="not json").status_code == 400
    assert stack.patch("/users/me", headers=auth, data="name=X").status_code == 415
    assert stack.db["user"].find_one({"_id": ObjectId(u["id"])}) == before
    assert entries(stack, u["id"], "PROFILE_UPDATED") == []
    _, staff = auditor(stack)
    r = stack.patch("/users/me", headers=staff, json={"name": "Someone Else"})
    assert r.status_code == 403
    assert r.json() == {"detail": "Only customers can correct their profile here"}
    assert stack.patch("/users/me", json={"name": "X Y"}).status_code == 401
    # A method the path does not take is a 405 that names the ones it does.
    r = stack.delete("/users/me", headers=auth)
    assert r.status_code == 405 and "PATCH" in r.headers["Allow"]


def test_a_new_token_is_not_needed_after_a_correction(stack):
    """The token names the user, not their name: it keeps working."""
    u = register(stack, name="Old Name")
    auth = bearer(login(stack, u["email"]))
    assert stack.patch("/users/me", headers=auth, json={"name": "New Name"}).status_code == 200
    assert stack.get("/users/me", headers=auth).json()["name"] == "New Name"


def test_an_export_holds_exactly_what_is_held_about_the_customer(stack):
    db = stack.db
    u, auth = customer(stack, name="Meera Iyer", consents={"marketing": True})
    uid = ObjectId(u["id"])
    # Someone else with the same number, and an auditor who works the case:
    # neither may show in the customer's export but by role.
    other, other_auth = customer(stack, name="Other Person")
    assert stack.post("/kyc/upload", headers=other_auth, json=document("pan")).status_code == 200
    staff_user, staff = auditor(stack, "Export Auditor")
    first = stack.post("/kyc/upload", headers=auth, json=document("pan")).json()["kyc_id"]
    assert stack.get(f"/kyc/{first}", headers=staff).status_code == 200
    r = stack.put(f"/kyc/{first}/reject", headers=staff,
                  json={"reasons": ["unreadable"], "review_notes": "Too dark",
                        "internal_note": "team only: call back"})
    assert r.status_code == 200, r.text
    second = stack.post("/kyc/upload", headers=auth, json=document("passport")).json()["kyc_id"]
    assert stack.patch("/users/me", headers=auth, json={"phone": "+919812345678"}).status_code == 200

    r = stack.get("/users/me/export", headers=auth)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.headers["Content-Disposition"] == 'attachment; filename="smartbank-export.json"'
    assert r.headers["Cache-Control"] == "no-store"
    text = r.text
    out = json.loads(text)
    assert list(out) == ["export_version", "generated_at", "notice_version", "profile",
                         "consents", "submissions", "audit_trail"]
    assert out["export_version"] == 1 and out["notice_version"] == NOTICE

    # The profile, as stored.
    user = db["user"].find_one({"_id": uid})
    p = out["profile"]
    assert (p["id"], p["email"], p["name"], p["phone"], p["kyc_status"]) == (
        u["id"], user["email"], user["name"], user["phone"], user["kyc_status"])
    assert p["phone"] == "+919812345678" and p["kyc_status"] == "SUBMITTED"
    assert p["retention"] == {"rule": "relationship", "until": None}
    assert {c["purpose"]: c["given"] for c in out["consents"]} == {
        "kyc": True, "marketing": True, "product_research": False}

    # Every submission, numbers in full (their own), newest first.
    stored = list(db["kyc_doc"].find({"user_id": uid}).sort("submitted_at", -1))
    assert [s["kyc_id"] for s in out["submissions"]] == [str(k["_id"]) for k in stored] \
        == [second, first]
    new, old = out["submissions"]
    assert new["document_type"] == "passport" and new["document_number"] == "A1234567"
    assert new["status"] == "SUBMITTED" and new["rejection"] is None
    assert old["document_number"] == "ABCDE1234F" and old["status"] == "REJECTED"
    assert old["review_notes"] == "Too dark"
    assert [x["code"] for x in old["rejection"]["reasons"]] == ["unreadable"]
    assert old["media_type"] == "application/pdf" and old["document_size"] > 0
    assert old["retention"] == {"rule": "relationship", "until": None}

    # Every audit entry about them, actors by role; the export itself too.
    entries_ = list(db["user_log"].find({"user_id": uid}))
    assert sorted(e["action"] for e in out["audit_trail"]) == sorted(
        e["action"] for e in entries_)
    assert len(out["audit_trail"]) == len(entries_)
    assert "DATA_EXPORTED" in [e["action"] for e in out["audit_trail"]]
    for e in out["audit_trail"]:
        assert set(e) == {"seq", "action", "timestamp", "actor_role", "by_you", "ip_address",
                          "details", "retention"}
        assert e["by_you"] == (e["actor_role"] == "customer")
        assert (e["ip_address"] is None) == (not e["by_you"])
    viewed = [e for e in out["audit_trail"] if e["action"] == "KYC_VIEWED"]
    assert viewed and viewed[0]["actor_role"] == "auditor"

    # Nothing about anyone else: not the auditor, not the other customer,
    # not the team's note, not how many others share the number.
    for secret in (staff_user["id"], staff_user["email"], "Export Auditor", other["id"],
                   other["email"], "Other Person", "team only", "duplicate_count",
                   user["password_hash"]):
        assert secret not in text, secret


def test_a_second_export_within_the_hour_is_a_429(stack):
    u, auth = customer(stack)
    assert stack.get("/users/me/export", headers=auth).status_code == 200
    r = stack.get("/users/me/export", headers=auth)
    assert r.status_code == 429
    assert 3500 <= int(r.headers["Retry-After"]) <= 3600
    assert r.json()["detail"].startswith("One export an hour; try again in ")
    exported = entries(stack, u["id"], "DATA_EXPORTED")
    assert len(exported) == 1 and exported[0]["details"] == {"format": "json"}
    _, staff = auditor(stack)
    r = stack.get("/users/me/export", headers=staff)
    assert r.status_code == 403 and r.json() == {"detail": "Only customers can export their data"}
    assert stack.get("/users/me/export").status_code == 401


def personal_strings(u, name, phone):
    return [u["email"], name, phone, "ABCDE1234F", "A1234567"]


def assert_forgotten(s, uid, strings):
    """No personal field of the customer left in any collection but the
    audit trail (whose entries name them by id), and no key of theirs."""
    db = s.db
    user = db["user"].find_one({"_id": uid})
    assert user["name"] == "Erased customer" and user["phone"] == ""
    assert user["email"] == f"erased-{uid}@erased.invalid"
    assert user["password_hash"] == "!erased" and user["disabled"] is True
    assert "consents" not in user and "registered_from" not in user
    assert "erasure_pending" not in user and user["erased_at"] and user["closed_at"]
    for k in db["kyc_doc"].find({"user_id": uid}):
        assert k["user_name"] == "Erased customer" and k["user_email"] == user["email"]
        assert k["document_purged_at"] and k["purge_rule"] in ("erasure", "closed_customer")
        for gone in ("dek", "document_number", "number_index", "document_sha256"):
            assert gone not in k, gone
    assert db["kyc_document"].count_documents({"user_id": uid}) == 0
    assert db["customer_key"].count_documents({"_id": uid}) == 0
    assert db["login_known"].count_documents(
        {"_id": {"$gte": f"{uid}|", "$lt": f"{uid}}}"}}) == 0
    for coll in ("user", "kyc_doc", "kyc_document", "customer_key", "login_known",
                 "webhook_delivery"):
        text = json.dumps(list(db[coll].find()), default=str)
        for v in strings:
            assert v not in text, (coll, v)
    r = admin(s, "verify-audit")
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_never_approved_customer_is_erased_at_once(fresh_stack):
    s = fresh_stack
    u, auth = customer(s, name="Kiran Patel", phone="+919811122233",
                       consents={"marketing": True})
    uid = ObjectId(u["id"])
    _, staff = auditor(s)
    first = s.post("/kyc/upload", headers=auth, json=document("pan")).json()["kyc_id"]
    assert s.put(f"/kyc/{first}/reject", headers=staff,
                 json={"reasons": ["unreadable"]}).status_code == 200
    assert s.post("/kyc/upload", headers=auth, json=document("passport")).status_code == 200
    before = s.db["user"].find_one({"_id": uid})

    # A wrong password erases nothing.
    r = s.post("/users/me/erasure", headers=auth, json={"password": "not-my-password"})
    assert r.status_code == 403 and "nothing was erased" in r.json()["detail"]
    assert s.db["user"].find_one({"_id": uid}) == before
    assert s.post("/users/me/erasure", headers=auth, json={}).status_code == 422

    r = s.post("/users/me/erasure", headers=auth, json={"password": PASSWORD})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "erased" and body["requested_at"] == body["erase_after"]
    assert "erased" in body["detail"]
    # Closed at once: this token, and the password, no longer work.
    assert s.get("/users/me", headers=auth).status_code == 401
    assert s.post("/auth/login", json={"email": u["email"], "password": PASSWORD}).status_code == 401
    assert_forgotten(s, uid, personal_strings(u, "Kiran Patel", "+919811122233"))
    acts = [e["action"] for e in s.db["user_log"].find({"user_id": uid}).sort("timestamp", 1)]
    assert acts.count("ERASURE_REQUESTED") == 1 and acts.count("CUSTOMER_ERASED") == 1
    assert acts.count("DOCUMENT_PURGED") == 2
    erased = s.db["user_log"].find_one({"user_id": uid, "action": "CUSTOMER_ERASED"})
    assert erased["details"] == {"rule": "erasure"} and erased["actor_id"] == uid
    # Nobody is left to list.
    _, staff = auditor(s)
    assert s.get("/erasures", headers=staff).json() == []


def test_an_approved_customer_is_closed_now_and_erased_when_the_retention_ends(fresh_stack):
    s = fresh_stack
    u, auth = customer(s, name="Vikram Rao", phone="+919844455566")
    uid = ObjectId(u["id"])
    _, staff = auditor(s)
    kid = s.post("/kyc/upload", headers=auth, json=document("pan")).json()["kyc_id"]
    assert s.put(f"/kyc/{kid}/approve", headers=staff, json={}).status_code == 200

    r = s.post("/users/me/erasure", headers=auth, json={"password": PASSWORD})
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["status"] == "scheduled" and "RBI" in body["detail"]
    requested = datetime.datetime.fromisoformat(body["requested_at"].replace("Z", "+00:00"))
    after = datetime.datetime.fromisoformat(body["erase_after"].replace("Z", "+00:00"))
    assert (after - requested) == datetime.timedelta(days=1825)
    assert body["erase_after"][:10] in body["detail"]
    # Closed now...
    assert s.get("/users/me", headers=auth).status_code == 401
    assert s.post("/auth/login", json={"email": u["email"], "password": PASSWORD}).status_code == 401
    # ...the records kept, and the auditors can see what is to come.
    user = s.db["user"].find_one({"_id": uid})
    assert user["name"] == "Vikram Rao" and user["erasure_pending"] is True
    assert "dek" in s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    pending = s.get("/erasures", headers=staff).json()
    assert [p["user_id"] for p in pending] == [u["id"]]
    assert pending[0]["erase_after"] == body["erase_after"]
    assert pending[0]["kyc_status"] == "APPROVED" and pending[0]["email"] == u["email"]
    # Nothing happens before the day.
    r = admin(s, "purge")
    assert r.returncode == 0 and "0 customer(s) erased" in r.stdout, r.stdout
    assert s.db["user"].find_one({"_id": uid})["name"] == "Vikram Rao"

    # The day comes (the closure and its day moved back by five years and
    # a day): the sweep erases them.
    back = datetime.timedelta(days=1826)
    s.db["user"].update_one({"_id": uid}, {"$set": {"closed_at": user["closed_at"] - back,
                                                    "erase_after": user["erase_after"] - back}})
    r = admin(s, "purge")
    assert r.returncode == 0 and "1 customer(s) erased" in r.stdout, r.stdout
    assert_forgotten(s, uid, personal_strings(u, "Vikram Rao", "+919844455566"))
    assert s.get("/erasures", headers=staff).json() == []
    assert s.db["user_log"].count_documents({"user_id": uid, "action": "CUSTOMER_ERASED"}) == 1


def test_erasure_refuses_wrong_passwords_past_a_limit_and_other_roles(stack):
    u, auth = customer(stack)
    for _ in range(5):
        assert stack.post("/users/me/erasure", headers=auth,
                          json={"password": "wrong-password"}).status_code == 403
    r = stack.post("/users/me/erasure", headers=auth, json={"password": PASSWORD})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert stack.get("/users/me", headers=auth).status_code == 200
    assert entries(stack, u["id"], "ERASURE_REQUESTED") == []
    _, staff = auditor(stack)
    r = stack.post("/users/me/erasure", headers=staff, json={"password": "x"})
    assert r.status_code == 403 and r.json() == {"detail": "Only customers can ask to be erased"}
    r = stack.get("/erasures", headers=auth)
    assert r.status_code == 403 and r.json() == {"detail": "Only auditors can view pending erasures"}


def test_an_export_with_documents_is_a_zip_of_the_document_and_the_scans(stack):
    import base64
    import io
    import zipfile
    from api import SCAN
    u, auth = customer(stack)
    r = stack.get("/users/me/export?include=everything", headers=auth)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "include"]
    _, staff = auditor(stack)
    first = stack.post("/kyc/upload", headers=auth, json=document("pan")).json()["kyc_id"]
    assert stack.put(f"/kyc/{first}/reject", headers=staff, json={}).status_code == 200
    png = base64.b64encode(__import__("scans").image("PNG", 64, 40)).decode()
    second = stack.post("/kyc/upload", headers=auth,
                        json=dict(document("passport"), document_data=png)).json()["kyc_id"]

    r = stack.get("/users/me/export?include=documents", headers=auth)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/zip"
    assert r.headers["Content-Disposition"] == 'attachment; filename="smartbank-export.zip"'
    z = zipfile.ZipFile(io.BytesIO(r.content))
    assert z.testzip() is None
    assert z.namelist() == ["export.json", f"documents/{second}.png", f"documents/{first}.pdf"]
    data = json.loads(z.read("export.json"))
    assert [x["kyc_id"] for x in data["submissions"]] == [second, first]
    assert data["profile"]["email"] == u["email"]
    # The scans as they were uploaded, opened from their encryption.
    assert z.read(f"documents/{first}.pdf") == SCAN
    assert z.read(f"documents/{second}.png") == base64.b64decode(png)
    exported = entries(stack, u["id"], "DATA_EXPORTED")
    assert len(exported) == 1 and exported[0]["details"] == {"format": "zip"}
    # One export an hour, whatever its form.
    assert stack.get("/users/me/export", headers=auth).status_code == 429
