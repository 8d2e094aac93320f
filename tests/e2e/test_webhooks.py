"""Webhook endpoints (smartbank-admin(8), "webhook"): only operators add
them; a secret is shown once and stored sealed; URLs that could reach the
bank's own network or a cloud's metadata are refused; rotation keeps the
previous secret for its grace; every change is audited, never a secret."""

import base64
import re
import time
from datetime import datetime, timezone

import bson
import pytest

import sealed
from api import admin
from stack import random_key, write_key_file

PUBLIC = "https://93.184.216.34/hooks/kyc"     # a public address, no DNS needed
ALL_EVENTS = ("user.registered,kyc.submitted,kyc.approved,kyc.rejected,kyc.reopened,"
              "customer.closed,customer.disabled,document.purged")


def fields(out):
    """smartbank-admin's "name<TAB>value" lines as a dict."""
    return dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)


def add(s, url, *opts):
    r = admin(s, "webhook", "add", url, *opts)
    assert r.returncode == 0, r.stderr
    out = fields(r.stdout)
    assert re.fullmatch(r"[0-9a-f]{24}", out["id"])
    return out


def secret_bytes(whsec):
    assert whsec.startswith("whsec_")
    return base64.b64decode(whsec[len("whsec_"):], validate=True)


def stored_secrets(s, endpoint):
    """The secrets of an endpoint's document, opened with the key file as a
    third party would: [(bytes, until or None)]."""
    doc = s.db["webhook_endpoint"].find_one({"_id": bson.ObjectId(endpoint)})
    keys = sealed.read_keys(s.sbd.key_file)
    return [(sealed.open_box(keys[sec["kek"]], doc["_id"], "webhook_secret", sec["box"]),
             sec.get("until")) for sec in doc["secrets"]]


def test_add_shows_the_secret_once_and_stores_it_sealed(stack):
    s = stack
    before = s.db["user_log"].count_documents({"action": "WEBHOOK_ADDED"})
    out = add(s, PUBLIC, "--events", "kyc.rejected,kyc.approved")
    secret = secret_bytes(out["secret"])
    assert len(secret) == 32
    assert out["url"] == PUBLIC and out["events"] == "kyc.approved,kyc.rejected"
    doc = s.db["webhook_endpoint"].find_one({"_id": bson.ObjectId(out["id"])})
    assert doc["url"] == PUBLIC and doc["events"] == ["kyc.approved", "kyc.rejected"]
    assert doc["enabled"] is True and doc["allow_local"] is False
    # Sealed by the newest key: it opens to the printed secret, and neither
    # the secret nor its text is anywhere in the stored document.
    assert stored_secrets(s, out["id"]) == [(secret, None)]
    raw = bson.encode(doc)
    assert secret not in raw and out["secret"].encode() not in raw
    assert base64.b64encode(secret) not in raw
    # Audited by the operator, without the secret.
    assert s.db["user_log"].count_documents({"action": "WEBHOOK_ADDED"}) == before + 1
    entry = s.db["user_log"].find_one({"action": "WEBHOOK_ADDED", "details.endpoint": out["id"]})
    assert entry["actor_role"] == "admin" and entry["user_id"] is None
    assert entry["details"]["url"] == PUBLIC
    assert entry["details"]["events"] == "kyc.approved,kyc.rejected"
    assert entry["details"]["operator"]
    assert "whsec" not in str(entry) and out["secret"][6:] not in str(entry)
    # The list names it, never a secret.
    r = admin(s, "webhook", "list")
    assert r.returncode == 0
    line = [ln for ln in r.stdout.splitlines() if ln.startswith(out["id"])]
    assert line and line[0].split("\t")[1:5] == [PUBLIC, "kyc.approved,kyc.rejected",
                                                  "enabled", "public"]
    assert "whsec" not in r.stdout


def test_every_event_by_default(stack):
    out = add(stack, "https://93.184.216.34/all")
    assert out["events"] == ALL_EVENTS
    doc = stack.db["webhook_endpoint"].find_one({"_id": bson.ObjectId(out["id"])})
    assert ",".join(doc["events"]) == ALL_EVENTS


@pytest.mark.parametrize("url, opts, why", [
    ("http://93.184.216.34/hook", (), "use https"),
    ("http://10.0.0.5/hook", ("--allow-local",), "use https"),
    ("ftp://93.184.216.34/hook", (), "https"),
    ("https://10.0.0.5/hook", (), "private address"),
    ("https://172.16.4.4/hook", (), "private address"),
    ("https://192.168.1.10/hook", (), "private address"),
    ("https://[fd00::5]/hook", (), "private address"),
    ("http://127.0.0.1:9/hook", (), "loopback address"),
    ("http://localhost:9/hook", (), "loopback address"),
    ("https://169.254.169.254/latest/meta-data/", (), "link-local"),
    ("https://169.254.169.254/latest/meta-data/", ("--allow-local",), "link-local"),
    ("https://[fe80::1]/hook", ("--allow-local",), "link-local"),
    ("https://0.0.0.0/hook", ("--allow-local",), "reserved"),
    ("https://224.0.0.1/hook", (), "reserved"),
    ("https://user:secret@93.184.216.34/hook", (), "no credentials"),
    ("https://nothing-here.invalid/hook", (), "does not resolve"),
    ("not a url", (), "not a URL"),
    ("https://93.184.216.34/" + "a" * 2100, (), "longer than"),
    (PUBLIC, ("--events", "kyc.approved,kyc.nope"), "no event \"kyc.nope\""),
    (PUBLIC, ("--events", ""), "no event"),
])
def test_refused_urls_store_nothing(stack, url, opts, why):
    s = stack
    endpoints = s.db["webhook_endpoint"].count_documents({})
    entries = s.db["user_log"].count_documents({"action": "WEBHOOK_ADDED"})
    r = admin(s, "webhook", "add", url, *opts)
    assert r.returncode == 65, (r.stdout, r.stderr)
    assert why in r.stderr
    assert r.stdout == ""
    assert s.db["webhook_endpoint"].count_documents({}) == endpoints
    assert s.db["user_log"].count_documents({"action": "WEBHOOK_ADDED"}) == entries


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://[::1]:9/hook",
    "https://10.0.0.5/hook", "https://192.168.7.7:8443/hook"])
def test_allow_local_admits_loopback_and_private(stack, url):
    out = add(stack, url, "--allow-local")
    doc = stack.db["webhook_endpoint"].find_one({"_id": bson.ObjectId(out["id"])})
    assert doc["allow_local"] is True
    r = admin(stack, "webhook", "list")
    line = [ln for ln in r.stdout.splitlines() if ln.startswith(out["id"])][0]
    assert line.split("\t")[4] == "local"


def test_rotation_keeps_the_previous_secret_for_its_grace(stack):
    s = stack
    out = add(s, PUBLIC)
    first = secret_bytes(out["secret"])
    t0 = time.time()
    r = admin(s, "webhook", "rotate-secret", out["id"])
    assert r.returncode == 0, r.stderr
    rot = fields(r.stdout)
    second = secret_bytes(rot["secret"])
    assert second != first and len(second) == 32
    got = stored_secrets(s, out["id"])
    assert [g[0] for g in got] == [second, first]
    assert got[0][1] is None
    # The default grace: 24 hours.
    until_s = got[1][1].replace(tzinfo=timezone.utc).timestamp()
    assert abs(until_s - (t0 + 24 * 3600)) < 60
    assert rot["previous_until"].startswith(
        datetime.fromtimestamp(until_s, timezone.utc).strftime("%Y-%m-%dT%H:%M"))
    entry = s.db["user_log"].find_one({"action": "WEBHOOK_SECRET_ROTATED",
                                       "details.endpoint": out["id"]})
    assert entry["actor_role"] == "admin" and entry["details"]["previous_until"] == \
        rot["previous_until"]
    assert "whsec" not in str(entry)
    # A second rotation: the newest two sign; the first is gone.
    r = admin(s, "webhook", "rotate-secret", out["id"])
    third = secret_bytes(fields(r.stdout)["secret"])
    assert [g[0] for g in stored_secrets(s, out["id"])] == [third, second]
    assert s.db["user_log"].count_documents({"action": "WEBHOOK_SECRET_ROTATED",
                                             "details.endpoint": out["id"]}) == 2


def test_disable_is_audited_once(stack):
    s = stack
    out = add(s, PUBLIC)
    r = admin(s, "webhook", "disable", out["id"])
    assert r.returncode == 0 and "disabled" in r.stdout
    assert s.db["webhook_endpoint"].find_one(
        {"_id": bson.ObjectId(out["id"])})["enabled"] is False
    r = admin(s, "webhook", "disable", out["id"])
    assert r.returncode == 0 and "already disabled" in r.stdout
    assert s.db["user_log"].count_documents({"action": "WEBHOOK_DISABLED",
                                             "details.endpoint": out["id"]}) == 1
    line = [ln for ln in admin(s, "webhook", "list").stdout.splitlines()
            if ln.startswith(out["id"])][0]
    assert line.split("\t")[3] == "disabled"


@pytest.mark.parametrize("args, status", [
    (("webhook",), 64), (("webhook", "frob"), 64), (("webhook", "add"), 64),
    (("webhook", "add", PUBLIC, PUBLIC), 64), (("webhook", "add", PUBLIC, "--nope"), 64),
    (("webhook", "list", "extra"), 64), (("webhook", "disable"), 64),
    (("webhook", "disable", "zz"), 65), (("webhook", "rotate-secret", "0" * 24), 65),
])
def test_bad_usage_changes_nothing(stack, args, status):
    before = stack.db["webhook_endpoint"].count_documents({})
    r = admin(stack, *args)
    assert r.returncode == status, (r.stdout, r.stderr)
    assert stack.db["webhook_endpoint"].count_documents({}) == before


def test_rotate_keys_reseals_secrets_so_the_old_key_can_go(fresh_stack):
    s = fresh_stack
    k1 = base64.b64encode(sealed.read_keys(s.sbd.key_file)["k1"]).decode()
    index = base64.b64encode(sealed.read_keys(s.sbd.key_file)["index"]).decode()
    out = add(s, PUBLIC)
    admin(s, "webhook", "rotate-secret", out["id"])     # two secrets, both under k1
    before = [g[0] for g in stored_secrets(s, out["id"])]
    s.sbd.stop()
    k2 = random_key()
    write_key_file(s.sbd.key_file, keks=[("k1", k1), ("k2", k2)], index=index)
    s.sbd.start()
    r = admin(s, "rotate-keys")
    assert r.returncode == 0, r.stderr
    assert "1 webhook endpoint(s)' secrets re-sealed" in r.stdout
    doc = s.db["webhook_endpoint"].find_one({"_id": bson.ObjectId(out["id"])})
    assert [sec["kek"] for sec in doc["secrets"]] == ["k2", "k2"]
    entry = s.db["user_log"].find_one({"action": "KEYS_ROTATED"})
    assert entry["details"]["webhooks"] == "1"
    # k1 leaves the key file: the same secrets open with k2 alone.
    s.sbd.stop()
    write_key_file(s.sbd.key_file, keks=[("k2", k2)], index=index)
    s.sbd.start()
    assert [g[0] for g in stored_secrets(s, out["id"])] == before
    # Nothing left to re-seal.
    r = admin(s, "rotate-keys")
    assert "0 webhook endpoint(s)' secrets re-sealed" in r.stdout
