"""Findings of the hostile probe, each with the test that failed before its
fix: common passwords, targeted lockouts, document number rules.  (Token
strictness is in test_tokens.py and the Check suite.)"""

import pytest
from bson import ObjectId

from api import admin, customer, document, register, unique_email

COMMON = ["password", "password1", "12345678", "qwerty123", "PASSWORD", "Qwerty123",
          "iloveyou", "letmein1"]
ORDINARY = ["securepass123", "correct horse battery staple", "MyDogIsNamedRex!",
            "bank-of-india-2025"]


@pytest.mark.parametrize("password", COMMON)
def test_common_passwords_are_refused(stack, password):
    before = stack.counts()
    email = unique_email()
    r = stack.post("/auth/register", json={"email": email, "password": password,
                                           "name": "Jo", "phone": "+919876543210"})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert [e["loc"] for e in detail] == [["body", "password"]]
    assert detail[0]["msg"].startswith("Password is too common")
    assert stack.counts() == before


@pytest.mark.parametrize("password", ORDINARY)
def test_ordinary_passwords_are_accepted(stack, password):
    u = register(stack, password=password)
    assert u["role"] == "customer"


def test_admin_refuses_a_common_auditor_password(stack):
    # Twelve bytes and three kinds of character, and still a dictionary word.
    r = admin(stack, "create-auditor", "--email", unique_email("aud"), "--name", "A",
              password="Qwerty123456")
    assert r.returncode == 65, r.stdout + r.stderr
    assert "too common" in r.stderr


def upload(s, auth, kind, number):
    return s.post("/kyc/upload", headers=auth, json=dict(document(kind), document_number=number))


@pytest.mark.parametrize("number", ["1234-5678 9012", "12345678 9012", "1234 56789012"])
def test_one_separator_style_throughout(stack, number):
    _, auth = customer(stack)
    r = upload(stack, auth, "aadhar", number)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "document_number"]


def test_the_seed_examples_pass_by_default(stack):
    _, auth = customer(stack)
    assert upload(stack, auth, "aadhar", "1234-5678-9012").status_code == 200


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_DOCUMENT_CHECKS": "strict"}], indirect=True)
def test_strict_document_checks(fresh_stack):
    s = fresh_stack
    cases = [("aadhar", "1234-5678-9012", "0 or 1"),        # the seed's example
             ("aadhar", "2341 2341 2347", "Verhoeff"),
             ("pan", "ABCDE1234F", "holder type"),
             ("driving_license", "XX14 20110062821", "state code")]
    for kind, number, why in cases:
        _, auth = customer(s)
        r = upload(s, auth, kind, number)
        assert r.status_code == 422, (kind, number)
        assert why in r.json()["detail"][0]["msg"]
    for kind, number in [("aadhar", "2341 2341 2346"), ("pan", "ABCPE1234F"),
                         ("driving_license", "MH14 20110062821"), ("passport", "A1234567")]:
        _, auth = customer(s)
        assert upload(s, auth, kind, number).status_code == 200, (kind, number)
