"""The customer journey of the seed: register, log in, upload a KYC
document, see the profile and the KYC status; and what is stored and
audited on the way."""

import base64
import hashlib
import json
import re

from bson import ObjectId

import scans
import sealed
from api import PASSWORD, bearer, customer, document, login, register, unique_email

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_seed_customer_flow(stack):
    email = unique_email("flow")
    r = stack.post("/auth/register", json={"email": email, "password": PASSWORD,
                                           "name": "John Doe", "phone": "+919876543210"})
    assert r.status_code == 201
    body = r.json()
    assert list(body) == ["id", "message", "email", "role"]
    assert body["message"] == "User registered successfully"
    assert body["email"] == email and body["role"] == "customer"
    assert re.fullmatch(r"[0-9a-f]{24}", body["id"])

    r = stack.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200
    assert r.json()["token_type"] == "bearer"
    auth = bearer(r.json()["access_token"])

    me = stack.get("/users/me", headers=auth)
    assert me.status_code == 200
    assert me.headers["Cache-Control"] == "no-store"
    assert me.json()["kyc_status"] == "PENDING"

    doc = document("aadhar")
    r = stack.post("/kyc/upload", headers=auth, json=doc)
    assert r.status_code == 200, r.text
    up = r.json()
    assert up["message"] == "KYC uploaded successfully" and up["status"] == "SUBMITTED"

    me = stack.get("/users/me", headers=auth).json()
    assert list(me) == ["id", "email", "name", "phone", "role", "kyc_status", "created_at"]
    assert me["id"] == body["id"] and me["email"] == email and me["name"] == "John Doe"
    assert me["phone"] == "+919876543210" and me["role"] == "customer"
    assert me["kyc_status"] == "SUBMITTED"
    assert ISO_MS.match(me["created_at"])
    assert stack.get("/users/me/kyc-status", headers=auth).json() == {"kyc_status": "SUBMITTED"}

    # What was stored.
    uid = ObjectId(body["id"])
    user = stack.db["user"].find_one({"_id": uid})
    assert user["email"] == email and user["role"] == "customer"
    assert user["kyc_status"] == "SUBMITTED"
    assert user["password_hash"].startswith("$2b$04$")  # the tests' configured cost
    assert PASSWORD not in json.dumps(user, default=str).replace(user["password_hash"], "")
    kyc = stack.db["kyc_doc"].find_one({"_id": ObjectId(up["kyc_id"])})
    assert kyc["user_id"] == uid and kyc["status"] == "SUBMITTED"
    # Sealed at rest (smartbankd(8), "Data protection"): the number only
    # opens with the key file, and its blind index is of its digits.
    keys = sealed.read_keys(stack.sbd.key_file)
    assert kyc["document_type"] == "aadhar" and "1234" not in str(kyc["document_number"])
    assert sealed.number(keys, kyc, stack.db) == "1234-5678-9012"
    assert kyc["number_index"] == sealed.blind_index(keys, "aadhar", "123456789012")
    # The data key under the record key; the customer's key under k1.
    assert kyc["dek"]["v"] == 2 and "kek" not in kyc["dek"]
    customer = stack.db["customer_key"].find_one({"_id": uid})
    assert customer["kek"] == "k1" and list(customer["salts"]) == ["k" + up["kyc_id"]]
    # The bytes are in their own collection, under the KYC's id; kyc_doc
    # holds what they are, and the customer's name and email as submitted.
    raw = base64.b64decode(doc["document_data"])
    assert "document_data" not in kyc
    assert kyc["document_encoding"] == "base64" and kyc["media_type"] == "application/pdf"
    assert kyc["document_size"] == len(raw)
    assert kyc["document_sha256"] == hashlib.sha256(raw).hexdigest()
    assert kyc["user_name"] == "John Doe" and kyc["user_email"] == email
    stored = stack.db["kyc_document"].find_one({"_id": kyc["_id"]})
    assert stored["data"] != raw and len(stored["data"]) == len(raw) + sealed.OVERHEAD
    assert sealed.document(keys, kyc, stored, stack.db) == raw and stored["user_id"] == uid
    assert stored["sha256"] == kyc["document_sha256"] and stored["media_type"] == "application/pdf"
    assert stack.count("kyc_upload") == 0
    assert kyc["submitted_at"] is not None

    # What was audited: one entry per state change, with the client address.
    log = list(stack.db["user_log"].find({"user_id": uid}).sort("timestamp", 1))
    assert [e["action"] for e in log] == ["USER_REGISTERED", "LOGIN_SUCCEEDED", "KYC_SUBMITTED"]
    for e in log:
        assert e["ip_address"] == "127.0.0.1"
        assert e["actor_id"] == uid and e["actor_role"] == "customer"
    # duplicate_count: other customers' KYCs of this number (the shared
    # stack has many of the example Aadhaar number; test_protection counts).
    details = dict(log[2]["details"])
    assert isinstance(details.pop("duplicate_count"), int)
    assert details == {"kyc_id": up["kyc_id"], "document_type": "aadhar"}
    text = json.dumps(log, default=str)
    assert PASSWORD not in text and doc["document_data"] not in text
    assert auth["Authorization"][7:] not in text


def test_register_makes_customers_only(stack):
    r = stack.post("/auth/register", json={"email": unique_email(), "password": PASSWORD, "name": "Eve",
                                           "phone": "+919876543210", "role": "auditor",
                                           "kyc_status": "APPROVED"})
    assert r.status_code == 201 and r.json()["role"] == "customer"
    user = stack.db["user"].find_one({"_id": ObjectId(r.json()["id"])})
    assert user["role"] == "customer" and user["kyc_status"] == "PENDING"


def test_email_is_normalised_and_unique_in_any_case(stack):
    email = unique_email("case")
    u = register(stack, email="  " + email.upper() + " ")
    assert u["email"] == email
    before = stack.counts()
    r = stack.post("/auth/register", json={"email": email.title(), "password": PASSWORD,
                                           "name": "Other", "phone": "+14155552671"})
    assert r.status_code == 400 and r.json() == {"detail": "Email already exists"}
    assert stack.counts() == before
    assert login(stack, email.upper())


def test_login_failures_look_the_same(stack):
    u = register(stack)
    wrong = stack.post("/auth/login", json={"email": u["email"], "password": "wrongpass123"})
    unknown = stack.post("/auth/login", json={"email": unique_email("nobody"), "password": "wrongpass123"})
    for r in (wrong, unknown):
        assert r.status_code == 401
        assert r.json() == {"detail": "Invalid credentials"}
        assert r.headers["WWW-Authenticate"] == "Bearer"
    uid = ObjectId(u["id"])
    failed = stack.db["user_log"].find_one({"user_id": uid, "action": "LOGIN_FAILED"})
    assert failed["details"]["reason"] == "wrong_password"
    assert "wrongpass123" not in json.dumps(list(stack.db["user_log"].find()), default=str)


def test_operator_injection_never_logs_in(stack):
    u = register(stack)
    for password in ({"$ne": None}, {"$gt": ""}, ["x"], None, 12345678, True):
        r = stack.post("/auth/login", json={"email": u["email"], "password": password})
        assert r.status_code == 422, r.text
        assert r.json()["detail"][0]["loc"] == ["body", "password"]
    r = stack.post("/auth/login", json={"email": {"$ne": None}, "password": PASSWORD})
    assert r.status_code == 422


def test_token_of_a_deleted_user_is_refused(stack):
    u, auth = customer(stack)
    stack.db["user"].delete_one({"_id": ObjectId(u["id"])})
    r = stack.get("/users/me", headers=auth)
    assert r.status_code == 401 and r.json() == {"detail": "Invalid token"}


def test_plain_text_document_is_kept_as_text(stack):
    _, auth = customer(stack)
    r = stack.post("/kyc/upload", headers=auth, json={
        "document_type": "pan", "document_number": "ABCDE1234F",
        "document_data": "PAN card of John Doe, scanned copy to follow."})
    assert r.status_code == 200, r.text
    kid = ObjectId(r.json()["kyc_id"])
    kyc = stack.db["kyc_doc"].find_one({"_id": kid})
    assert kyc["document_encoding"] == "text" and kyc["media_type"] == "text/plain"
    assert "document_data" not in kyc
    stored = stack.db["kyc_document"].find_one({"_id": kid})
    assert stored["encoding"] == "text"
    assert sealed.stored(stack, kid) == (b"PAN card of John Doe, scanned copy to follow.",
                                         "ABCDE1234F")


def test_every_document_type(stack):
    for kind in ("aadhar", "pan", "passport", "driving_license", "voter_id"):
        _, auth = customer(stack)
        r = stack.post("/kyc/upload", headers=auth, json=document(kind))
        assert r.status_code == 200, (kind, r.text)


def test_five_mib_document_is_accepted(stack):
    _, auth = customer(stack)
    scan = scans.pdf(size=5 * 1024 * 1024)
    data = base64.b64encode(scan).decode()
    r = stack.post("/kyc/upload", headers=auth, json=dict(document(), document_data=data))
    assert r.status_code == 200, r.text[:200]
    kid = ObjectId(r.json()["kyc_id"])
    stored = stack.db["kyc_document"].find_one({"_id": kid})
    assert sealed.stored(stack, kid)[0] == scan and stored["size"] == len(scan)
    kyc = stack.db["kyc_doc"].find_one({"_id": kid})
    assert kyc["document_size"] == len(scan) and "document_data" not in kyc


def test_upload_rules_follow_the_status(stack):
    u, auth = customer(stack)
    uid = ObjectId(u["id"])
    first = stack.post("/kyc/upload", headers=auth, json=document()).json()
    r = stack.post("/kyc/upload", headers=auth, json=document("pan"))
    assert r.status_code == 409 and r.json() == {"detail": "KYC already submitted"}

    # A rejection (the auditor journey) allows a new submission; history stays.
    stack.db["kyc_doc"].update_one({"_id": ObjectId(first["kyc_id"])}, {"$set": {"status": "REJECTED"}})
    stack.db["user"].update_one({"_id": uid}, {"$set": {"kyc_status": "REJECTED"}})
    second = stack.post("/kyc/upload", headers=auth, json=document("pan"))
    assert second.status_code == 200
    assert second.json()["kyc_id"] != first["kyc_id"]
    assert stack.db["kyc_doc"].count_documents({"user_id": uid}) == 2
    assert stack.get("/users/me/kyc-status", headers=auth).json() == {"kyc_status": "SUBMITTED"}

    stack.db["kyc_doc"].update_one({"_id": ObjectId(second.json()["kyc_id"])}, {"$set": {"status": "APPROVED"}})
    stack.db["user"].update_one({"_id": uid}, {"$set": {"kyc_status": "APPROVED"}})
    r = stack.post("/kyc/upload", headers=auth, json=document("passport"))
    assert r.status_code == 409 and r.json() == {"detail": "KYC already approved"}
    assert stack.db["kyc_doc"].count_documents({"user_id": uid}) == 2


def test_user_status_left_behind_by_a_crash_is_mended(stack):
    """A crash between the kyc_doc insert and the user update leaves the
    user PENDING; the next upload sees the document and mends the user."""
    u, auth = customer(stack)
    uid = ObjectId(u["id"])
    stack.post("/kyc/upload", headers=auth, json=document())
    stack.db["user"].update_one({"_id": uid}, {"$set": {"kyc_status": "PENDING"}})
    r = stack.post("/kyc/upload", headers=auth, json=document())
    assert r.status_code == 409
    assert stack.db["user"].find_one({"_id": uid})["kyc_status"] == "SUBMITTED"
    assert stack.db["kyc_doc"].count_documents({"user_id": uid}) == 1


def test_auditor_cannot_upload(stack):
    from api import auditor
    _, auth = auditor(stack)
    before = stack.counts()
    r = stack.post("/kyc/upload", headers=auth, json=document())
    assert r.status_code == 403 and r.json() == {"detail": "Only customers can upload KYC"}
    assert stack.counts() == before
