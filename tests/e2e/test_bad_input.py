"""Every bad input gets a clear JSON error with the right status, no worker
crashes, and nothing is written to the database."""

import base64

import pytest

from api import PASSWORD, customer, document, unique_email

GOOD = {"email": "", "password": PASSWORD, "name": "John Doe", "phone": "+919876543210"}


def good_body(**changes):
    body = dict(GOOD, email=unique_email("bad"))
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def assert_unchanged(stack, before):
    assert stack.counts() == before


@pytest.mark.parametrize("changes,field", [
    ({"email": 12345}, "email"),
    ({"email": ""}, "email"),
    ({"email": "not-an-email"}, "email"),
    ({"email": "a@b"}, "email"),
    ({"email": "x" * 250 + "@example.com"}, "email"),
    ({"email": ...}, "email"),
    ({"password": {"$ne": None}}, "password"),
    ({"password": ""}, "password"),
    ({"password": "short"}, "password"),
    ({"password": "x" * 73}, "password"),
    ({"password": "\u00e9" * 37}, "password"),  # 74 bytes
    ({"password": ...}, "password"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "N" * 10_000}, "name"),
    ({"name": "N" * 101}, "name"),
    ({"name": "John\u0007Doe"}, "name"),
    ({"name": "John\nDoe"}, "name"),
    ({"name": "John\u0085Doe"}, "name"),
    ({"name": ["John"]}, "name"),
    ({"name": ...}, "name"),
    ({"phone": "9876543210"}, "phone"),
    ({"phone": "+91 98765 43210"}, "phone"),
    ({"phone": "+1234567"}, "phone"),
    ({"phone": 919876543210}, "phone"),
    ({"phone": ...}, "phone"),
])
def test_register_field_is_refused(stack, changes, field):
    before = stack.counts()
    r = stack.post("/auth/register", json=good_body(**changes))
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert [e["loc"] for e in detail] == [["body", field]]
    assert all(set(e) == {"loc", "msg", "type"} and e["msg"] for e in detail)
    assert_unchanged(stack, before)


def test_every_bad_field_is_listed(stack):
    before = stack.counts()
    r = stack.post("/auth/register", json={"email": "", "password": 1, "name": "", "phone": "x"})
    assert r.status_code == 422
    assert [e["loc"][1] for e in r.json()["detail"]] == ["email", "password", "name", "phone"]
    r = stack.post("/auth/register", json={})
    assert [e["type"] for e in r.json()["detail"]] == ["missing"] * 4
    assert_unchanged(stack, before)


@pytest.mark.parametrize("raw,status", [
    (b"{", 400),
    (b"", 400),
    (b"not json", 400),
    (b'{"email": "a@b.co",}', 400),
    (b'{"email": "a@b.co"} trailing', 400),
    (b'{"email":"a@b.co","email":"b@b.co"}', 400),
    (b"[]", 422),
    (b'["email", "password"]', 422),
    (b'"a string"', 422),
    (b"42", 422),
    (b"null", 422),
])
def test_malformed_and_non_object_bodies(stack, raw, status):
    before = stack.counts()
    r = stack.post("/auth/register", data=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == status, r.text
    if status == 400:
        assert r.json() == {"detail": "Malformed JSON body"}
    else:
        assert r.json()["detail"][0]["loc"] == ["body"]
    assert_unchanged(stack, before)


def test_invalid_utf8_name(stack):
    before = stack.counts()
    raw = ('{"email":"%s","password":"%s","name":"' % (unique_email(), PASSWORD)).encode() + \
        b'\xff\xfeJohn' + b'","phone":"+919876543210"}'
    r = stack.post("/auth/register", data=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "name"]
    assert_unchanged(stack, before)


def test_nul_byte_in_password(stack):
    before = stack.counts()
    raw = ('{"email":"%s","password":"secure\\u0000pass123","name":"J","phone":"+919876543210"}'
           % unique_email()).encode()
    r = stack.post("/auth/register", data=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"] == "Strings must not contain NUL characters"
    assert_unchanged(stack, before)


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded",
                                   "multipart/form-data; boundary=x", None,
                                   "application/json; charset=latin-1"])
def test_wrong_content_type_is_415(stack, ctype):
    before = stack.counts()
    headers = {"Content-Type": ctype} if ctype else {}
    r = stack.post("/auth/register", data=b'{"email":"a@b.co"}', headers=headers)
    assert r.status_code == 415 and r.json() == {"detail": "Content-Type must be application/json"}
    assert_unchanged(stack, before)


def test_oversized_body_is_413(stack):
    before = stack.counts()
    body = b'{"email":"' + b"a" * (9 * 1024 * 1024) + b'"}'
    r = stack.post("/auth/register", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json() == {"detail": "Request body too large"}
    assert_unchanged(stack, before)


@pytest.mark.parametrize("changes,field", [
    ({"document_type": "ration_card"}, "document_type"),
    ({"document_type": "AADHAR"}, "document_type"),
    ({"document_type": 1}, "document_type"),
    ({"document_number": "1234"}, "document_number"),
    ({"document_number": "ABCDE1234F"}, "document_number"),  # a PAN, not an Aadhaar
    ({"document_number": None}, "document_number"),
    ({"document_data": ""}, "document_data"),
    ({"document_data": {"$set": {"status": "APPROVED"}}}, "document_data"),
    ({"document_data": "bell\u0007"}, "document_data"),
    ({"document_data": base64.b64encode(b"\0" * (5 * 1024 * 1024 + 1)).decode()}, "document_data"),
    ({"document_data": "x" * (7 * 1024 * 1024)}, "document_data"),
])
def test_upload_field_is_refused(stack, changes, field):
    _, auth = customer(stack)
    before = stack.counts()
    body = dict(document(), **changes)
    r = stack.post("/kyc/upload", headers=auth, json=body)
    assert r.status_code == 422, r.text[:300]
    assert [e["loc"] for e in r.json()["detail"]] == [["body", field]]
    assert_unchanged(stack, before)


def test_no_worker_crashed(stack):
    """After all of the above, the same workers still serve."""
    assert stack.get("/healthz").status_code == 200
    assert "signal=" not in stack.sbd.log()
