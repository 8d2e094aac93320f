"""Small helpers for the end-to-end tests: make users, log in, forge tokens,
write a kyc_doc's place in the queue as the service does."""

import base64
import hashlib
import hmac
import json
import time
import uuid

import scans

PASSWORD = "securepass123"


def queue_key(at, kid):
    """A submission's queue_key (store/kyc_doc.h): its time to the ms in
    UTC, and its id."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z/{kid}"


def unique_email(prefix="user"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


def register(stack, email=None, password=PASSWORD, name="John Doe", phone="+919876543210", **extra):
    body = {"email": email or unique_email(), "password": password, "name": name, "phone": phone}
    body.update(extra)
    r = stack.post("/auth/register", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def login(stack, email, password=PASSWORD):
    r = stack.post("/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def bearer(token):
    return {"Authorization": "Bearer " + token}


def customer(stack, **kw):
    """A registered, logged-in customer: (user json, auth headers)."""
    u = register(stack, **kw)
    return u, bearer(login(stack, u["email"], kw.get("password", PASSWORD)))


AUDITOR_PASSWORD = "Ledger-Falcon-4827"


def admin(stack, *args, password=None, timeout=30):
    """Run smartbank-admin on the stack's configuration (a long command,
    such as a migration of hundreds of records, says how long it may take)."""
    import os
    import subprocess
    tool = os.environ.get("SMARTBANK_ADMIN") or os.path.join(
        os.path.dirname(stack.sbd_path), "smartbank-admin")
    return subprocess.run([tool, *args], env=stack.sbd.env, capture_output=True, text=True,
                          input=None if password is None else password + "\n", timeout=timeout)


def auditor(stack, name="Ann Auditor"):
    """An auditor, made the only way there is: by smartbank-admin."""
    email = unique_email("auditor")
    r = admin(stack, "create-auditor", "--email", email, "--name", name, password=AUDITOR_PASSWORD)
    assert r.returncode == 0, r.stderr
    uid = r.stdout.split("\t")[0]
    return {"id": uid, "email": email}, bearer(login(stack, email, AUDITOR_PASSWORD))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(secret, claims, alg="HS256", header=None):
    """A JWT signed with secret (or unsigned for alg none)."""
    head = {"alg": alg, "typ": "JWT"}
    head.update(header or {})
    signing = b64url(json.dumps(head).encode()) + "." + b64url(json.dumps(claims).encode())
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}.get(alg)
    sig = b64url(hmac.new(secret.encode(), signing.encode(), digest).digest()) if digest else ""
    return signing + "." + sig


def claims_for(user, role="customer", issuer="smartbank", iat=None, exp=None):
    now = int(time.time())
    return {"sub": user["id"], "role": role, "email": user["email"],
            "iat": now if iat is None else iat, "exp": now + 1800 if exp is None else exp,
            "iss": issuer, "jti": uuid.uuid4().hex}


# A real one-page PDF: every upload is decoded whole (base/scan.h).
SCAN = scans.pdf()


def document(kind="aadhar"):
    numbers = {"aadhar": "1234-5678-9012", "pan": "ABCDE1234F", "passport": "A1234567",
               "driving_license": "MH14 20110062821", "voter_id": "ABC1234567"}
    return {"document_type": kind, "document_number": numbers[kind],
            "document_data": base64.b64encode(SCAN).decode()}
