"""Failed logins are throttled per account and per client address, before
any bcrypt work, and the count lives in the database: two separately
started smartbankd instances on one database share it."""

import os

import pytest
import requests
from bson import ObjectId

from api import PASSWORD, register, unique_email
from stack import Nginx, Smartbankd, assert_clean_log

SETTINGS = {"SMARTBANK_LOGIN_MAX_FAILURES": "3", "SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR": "8",
            "SMARTBANK_LOGIN_TRUSTED_ADDRS": "",
            "SMARTBANK_LOGIN_WINDOW_SECONDS": "60"}


@pytest.fixture
def two_instances(fresh_stack, workroot, request):
    """A second smartbankd (and nginx) on the first one's database."""
    s = fresh_stack
    d = os.path.join(workroot, request.node.name + "-b")
    os.makedirs(d)
    sbd = Smartbankd(d, s.ferret.uri, s.database, name="smartbankd-b",
                     SMARTBANK_JWT_SECRET=s.sbd.env["SMARTBANK_JWT_SECRET"])
    sbd.env.update(SETTINGS)
    sbd.start()
    ngx = Nginx(d, sbd.upstream)
    ngx.start()
    yield s, ngx.url
    ngx.stop()
    sbd.stop()
    assert_clean_log(sbd.log())


def login_at(url, email, password):
    return requests.post(url + "/auth/login", json={"email": email, "password": password}, timeout=30)


@pytest.mark.parametrize("fresh_stack", [SETTINGS], indirect=True)
def test_account_throttle_is_shared_by_two_instances(two_instances):
    s, url_b = two_instances
    u = register(s)
    email = u["email"]
    for _ in range(3):
        assert login_at(s.url, email, "wrongpass123").status_code == 401
    # The fourth attempt, at the other instance: throttled, even with the
    # right password, which is therefore never checked.
    for url, password in ((url_b, "wrongpass123"), (url_b, PASSWORD), (s.url, PASSWORD)):
        r = login_at(url, email, password)
        assert r.status_code == 429, r.text
        assert r.json() == {"detail": "Too many failed login attempts; try again in 1 minute"}
        assert 1 <= int(r.headers["Retry-After"]) <= 60
    log, uid = s.db["user_log"], ObjectId(u["id"])
    assert log.count_documents({"action": "LOGIN_FAILED", "user_id": uid}) == 3
    assert log.count_documents({"action": "LOGIN_THROTTLED", "user_id": uid}) == 1
    assert log.count_documents({"action": "LOGIN_SUCCEEDED", "user_id": uid}) == 0
    throttled = log.find_one({"action": "LOGIN_THROTTLED", "user_id": uid})
    # The customer by id: no email in the trail (it outlives an erasure).
    assert "email" not in throttled["details"]
    assert throttled["details"]["reason"] == "account" and throttled["ip_address"] == "127.0.0.1"
    # Another account from the same address is not locked by this one.
    other = register(s)
    assert login_at(url_b, other["email"], PASSWORD).status_code == 200


@pytest.mark.parametrize("fresh_stack", [SETTINGS], indirect=True)
def test_address_throttle_spans_accounts(two_instances):
    s, url_b = two_instances
    real = register(s)
    for i in range(8):
        url = s.url if i % 2 else url_b
        assert login_at(url, unique_email("spray"), "wrongpass123").status_code == 401
    r = login_at(s.url, real["email"], PASSWORD)
    assert r.status_code == 429
    assert s.db["user_log"].count_documents({"action": "LOGIN_THROTTLED",
                                             "details.reason": "address"}) == 1


@pytest.mark.parametrize("fresh_stack", [SETTINGS], indirect=True)
def test_success_resets_the_account_count(fresh_stack):
    s = fresh_stack
    u = register(s)
    for _ in range(2):
        assert login_at(s.url, u["email"], "wrongpass123").status_code == 401
    assert login_at(s.url, u["email"], PASSWORD).status_code == 200
    for _ in range(2):
        assert login_at(s.url, u["email"], "wrongpass123").status_code == 401
    assert login_at(s.url, u["email"], PASSWORD).status_code == 200
