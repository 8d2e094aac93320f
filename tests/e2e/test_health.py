"""GET /healthz, TLS, and the indexes every worker ensures at start-up."""

import requests
import urllib3


def test_healthz_ok(stack):
    r = stack.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-store"


def test_healthz_over_https(stack):
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    r = requests.get(stack.nginx.https_url + "/healthz", verify=False, timeout=10)
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}


def test_indexes_exist(stack):
    stack.get("/healthz")  # the workers have started and met the database
    user = stack.db["user"].index_information()
    assert user["email_unique"]["key"] == [("email", 1)]
    assert user["email_unique"]["unique"] is True
    kyc = stack.db["kyc_doc"].index_information()
    assert kyc["status_queue"]["key"] == [("status", 1), ("queue_key", 1), ("submitted_at", 1),
                                          ("_id", 1)]
    assert kyc["user_submitted"]["key"] == [("user_id", 1), ("submitted_at", -1)]
    log = stack.db["user_log"].index_information()
    for name, first in (("user_time", "user_id"), ("actor_time", "actor_id"),
                        ("action_time", "action"), ("time", "timestamp")):
        assert log[name]["key"][0][0] == first


def test_unique_email_index_refuses_duplicates(stack):
    """The index, not a prior read, is what makes an email unique."""
    import pymongo.errors
    import pytest

    coll = stack.db["user"]
    coll.insert_one({"email": "dup-index@example.com"})
    with pytest.raises(pymongo.errors.DuplicateKeyError):
        coll.insert_one({"email": "dup-index@example.com"})
    coll.delete_many({"email": "dup-index@example.com"})
