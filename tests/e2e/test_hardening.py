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
