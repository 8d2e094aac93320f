"""Runs last (conftest.py orders it so): the logs of the whole end-to-end
run -- every smartbankd, nginx and FerretDB the suite started -- hold no
password, token, document number or document data that the tests sent."""

import base64
import os

import api


def all_logs(root):
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.endswith(".log"):
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    yield path, f.read()


def test_no_secret_in_any_log(stack, workroot):
    # Make sure this stack has seen every kind of secret at least once.
    u, auth = api.customer(stack)
    doc = api.document("pan")
    assert stack.post("/kyc/upload", headers=auth, json=doc).status_code == 200
    stack.post("/auth/login", json={"email": u["email"], "password": "wrongpass123"})
    token = auth["Authorization"][7:]

    secrets = {
        "customer password": api.PASSWORD,
        "wrong password": "wrongpass123",
        "auditor password": api.AUDITOR_PASSWORD,
        "token signature": token.split(".")[2],
        "document data": doc["document_data"],
        "plain-text document": "PAN card of John Doe",
        "Aadhaar number": "1234-5678-9012",
        "PAN": "ABCDE1234F",
        "passport number": "A1234567",
        "JWT key": stack.sbd.env["SMARTBANK_JWT_SECRET"],
        "five MiB document": base64.b64encode(b"\x01" * 48).decode(),
    }
    logs = list(all_logs(workroot))
    assert any(p.endswith("smartbankd.log") for p, _ in logs)
    assert any(p.endswith("nginx-access.log") for p, _ in logs)
    for path, text in logs:
        for what, secret in secrets.items():
            assert secret not in text, f"{what} found in {path}"


def test_request_lines_are_complete(stack):
    """One key=value line per request, with what an operator needs."""
    _, auth = api.customer(stack)
    stack.get("/users/me", headers=auth)
    lines = [l for l in stack.sbd.log().splitlines() if "msg=request" in l and 'route="/users/me"' in l]
    assert lines
    fields = dict(kv.split("=", 1) for kv in lines[-1].split() if "=" in kv)
    for key in ("ts", "level", "pid", "req_id", "method", "route", "status", "dur_ms", "user"):
        assert key in fields, key
    assert fields["status"] == "200" and fields["method"] == "GET"
    assert len(fields["user"]) == 24 and fields["req_id"].strip('"')
