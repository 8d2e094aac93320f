"""Authentication: what a token must be, and what every bad one gets."""

import time

import pytest

from api import bearer, claims_for, customer, forge


def secret(stack):
    return stack.sbd.env["SMARTBANK_JWT_SECRET"]


def assert_401(r, detail):
    assert r.status_code == 401, r.text
    assert r.json() == {"detail": detail}
    assert r.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("path", ["/users/me", "/users/me/kyc-status"])
def test_no_header_is_not_authenticated(stack, path):
    assert_401(stack.get(path), "Not authenticated")


@pytest.mark.parametrize("value", ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "bearer"])
def test_other_schemes_are_not_authenticated(stack, value):
    assert_401(stack.get("/users/me", headers={"Authorization": value}), "Not authenticated")


def test_scheme_is_case_insensitive(stack):
    _, auth = customer(stack)
    token = auth["Authorization"][7:]
    assert stack.get("/users/me", headers={"Authorization": "bearer " + token}).status_code == 200


def test_forged_tokens_are_invalid(stack):
    u, auth = customer(stack)
    good = auth["Authorization"][7:]
    key = secret(stack)
    head, payload, sig = good.split(".")
    cases = {
        "alg none": forge(key, claims_for(u), alg="none"),
        "HS512 with the real key": forge(key, claims_for(u), alg="HS512"),
        "HS384 with the real key": forge(key, claims_for(u), alg="HS384"),
        "expired": forge(key, claims_for(u, iat=int(time.time()) - 4000, exp=int(time.time()) - 10)),
        "issued in the future": forge(key, claims_for(u, iat=int(time.time()) + 3600)),
        "other issuer": forge(key, claims_for(u, issuer="evilbank")),
        "other key": forge("another-secret-0123456789-abcdefghij", claims_for(u)),
        "role raised to auditor": forge(key, claims_for(u, role="auditor")),
        "changed payload": head + "." + payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + sig,
        "stripped signature": head + "." + payload + ".",
        "no signature part": head + "." + payload,
        "garbage": "x.y.z",
        "10 KB": "A" * 10_000,
        # RFC 7515/7518 strictness: the algorithm exactly, no extensions,
        # and no lifetime longer than the service issues.
        "alg in lower case": forge(key, claims_for(u), header={"alg": "hs256"}),
        "crit header": forge(key, claims_for(u), header={"crit": ["exp"]}),
        "a year-long token": forge(key, claims_for(u, exp=int(time.time()) + 365 * 86400)),
    }
    for name, token in cases.items():
        r = stack.get("/users/me", headers=bearer(token))
        assert r.status_code == 401, name
        assert r.json() == {"detail": "Invalid token"}, name
    # The real one still works, and a token forged correctly is accepted:
    # the checks above are about the token, not about forging.
    assert stack.get("/users/me", headers=auth).status_code == 200
    assert stack.get("/users/me", headers=bearer(forge(key, claims_for(u)))).status_code == 200


def test_100_kb_bearer_header(stack):
    r = stack.get("/users/me", headers=bearer("A" * 100_000))
    assert r.status_code == 431
    assert r.json() == {"detail": "Request header too large"}


def test_token_claims(stack):
    import base64
    import json
    u, auth = customer(stack)
    payload = auth["Authorization"][7:].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(claims) == {"sub", "role", "email", "iat", "exp", "iss", "jti"}
    assert claims["sub"] == u["id"] and claims["role"] == "customer"
    assert claims["email"] == u["email"] and claims["iss"] == "smartbank"
    assert claims["exp"] - claims["iat"] == 30 * 60
    header = json.loads(base64.urlsafe_b64decode(auth["Authorization"][7:].split(".")[0] + "=="))
    assert header["alg"] == "HS256"
