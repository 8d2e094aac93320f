"""Findings of the hostile probe, each with the test that failed before its
fix: common passwords, targeted lockouts, document number rules.  (Token
strictness is in test_tokens.py and the Check suite.)"""

import os

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


# -- logins: lockouts that cannot be turned against an account's owner -------

def login_from(stack, source, email, password):
    """POST /auth/login from the loopback address source (nginx sees it
    as the client address)."""
    import http.client
    import json
    conn = http.client.HTTPConnection("127.0.0.1", stack.nginx.http_port, timeout=30,
                                      source_address=(source, 0))
    conn.request("POST", "/auth/login", json.dumps({"email": email, "password": password}),
                 {"Content-Type": "application/json"})
    r = conn.getresponse()
    body = json.loads(r.read() or b"{}")
    status, retry = r.status, r.getheader("Retry-After")
    conn.close()
    return status, body, retry


LOCKOUT = {"SMARTBANK_LOGIN_MAX_FAILURES": "3", "SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR": "8",
           "SMARTBANK_LOGIN_WINDOW_SECONDS": "60",
           "SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT": "50"}


@pytest.mark.parametrize("fresh_stack", [LOCKOUT], indirect=True)
def test_an_attacker_cannot_lock_out_the_owner(fresh_stack):
    s = fresh_stack
    owner = register(s)
    for _ in range(3):
        assert login_from(s, "127.0.0.2", owner["email"], "wrongpass123")[0] == 401
    # The attacker's address is locked for this account, even with the
    # right password...
    status, body, retry = login_from(s, "127.0.0.2", owner["email"], "securepass123")
    assert status == 429 and 1 <= int(retry) <= 60
    assert body == {"detail": "Too many failed login attempts; try again in 1 minute"}
    # ...the owner's is not.
    assert login_from(s, "127.0.0.1", owner["email"], "securepass123")[0] == 200
    throttled = s.db["user_log"].find_one({"action": "LOGIN_THROTTLED",
                                           "user_id": ObjectId(owner["id"])})
    assert throttled["ip_address"] == "127.0.0.2" and throttled["details"]["reason"] == "account"


@pytest.mark.parametrize("fresh_stack", [dict(LOCKOUT,
                                              SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT="4")],
                         indirect=True)
def test_many_addresses_lock_the_account_for_strangers_only(fresh_stack):
    s = fresh_stack
    owner = register(s)
    assert login_from(s, "127.0.0.1", owner["email"], "securepass123")[0] == 200
    for i in range(4):      # one failure each from four addresses
        assert login_from(s, f"127.0.0.{10 + i}", owner["email"], "wrongpass123")[0] == 401
    # A client the account has never seen is refused, the right password
    # included, and told what to do...
    status, body, retry = login_from(s, "127.0.0.20", owner["email"], "securepass123")
    assert status == 429 and 1 <= int(retry) <= 60
    assert "devices it has not used before" in body["detail"], body
    assert body["detail"].endswith("try again in 1 minute")
    assert s.db["user_log"].find_one({"action": "LOGIN_THROTTLED",
                                      "details.reason": "unknown_clients"}) is not None
    # ...the owner, at an address the account logged in from, is not.
    assert login_from(s, "127.0.0.1", owner["email"], "securepass123")[0] == 200


@pytest.mark.parametrize("fresh_stack", [dict(LOCKOUT, SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR="3",
                                              SMARTBANK_LOGIN_TRUSTED_ADDRS="127.0.0.3 10.0.0.0/8")],
                         indirect=True)
def test_trusted_addresses_are_exempt_from_the_address_limit(fresh_stack):
    s = fresh_stack
    for _ in range(5):      # an office NAT: many people, some mistyping
        assert login_from(s, "127.0.0.3", unique_email("typo"), "wrongpass123")[0] == 401
    for _ in range(3):
        assert login_from(s, "127.0.0.4", unique_email("spray"), "wrongpass123")[0] == 401
    assert login_from(s, "127.0.0.4", unique_email("spray"), "wrongpass123")[0] == 429
    # The per-account-and-address lock still holds behind the NAT.
    u = register(s)
    for _ in range(3):
        assert login_from(s, "127.0.0.3", u["email"], "wrongpass123")[0] == 401
    assert login_from(s, "127.0.0.3", u["email"], "securepass123")[0] == 429


# -- the local stack: sockets only the service can open -------------------------

def test_local_sockets_only_the_service_can_open(stack):
    """FastCGI and the database are unix sockets, as the run command makes
    them: no other local user can bypass nginx (and forge REMOTE_ADDR) or
    read the database."""
    import stat
    import subprocess
    db = os.stat(stack.ferret.sock)
    assert stat.S_ISSOCK(db.st_mode) and db.st_mode & 0o077 == 0, oct(db.st_mode)
    fcgi = os.stat(stack.sbd.sock)
    assert stat.S_ISSOCK(fcgi.st_mode) and fcgi.st_mode & 0o777 == 0o660, oct(fcgi.st_mode)
    assert stack.sbd.env["SMARTBANK_LISTEN"].startswith("unix:")
    assert stack.ferret.uri.startswith("mongodb://%2F")
    if os.geteuid() != 0:
        pytest.fail("this test switches to another user and must start as root")
    for path in (stack.ferret.sock, stack.sbd.sock):
        r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            "/usr/bin/python3", "-c",
                            "import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])",
                            path], capture_output=True, text=True, timeout=10)
        assert r.returncode != 0 and "PermissionError" in r.stderr, (path, r.stderr)
