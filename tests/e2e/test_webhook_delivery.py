"""Webhook deliveries (smartbankd(8), "Webhooks"; smartbank-api(7)): events
from the audit log reach a real receiver, signed as Standard Webhooks 1.0
and verified here with the reference library; at least once, in order of
seq per endpoint, through retries, a receiver down, kills of the
deliverer; a redirect or an address the endpoint may not reach is not
followed; the delivery log matches what the receiver saw."""

import base64
import json
import os
import signal
import time

import bson
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from api import admin, auditor, customer, document
from receiver import Receiver

FAST = {"SMARTBANK_WEBHOOK_RETRY_SCHEDULE": "1s,1s,1s", "SMARTBANK_WEBHOOK_TIMEOUT_MS": "1500"}


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def add(s, url, *opts):
    r = admin(s, "webhook", "add", url, "--allow-local", *opts)
    assert r.returncode == 0, r.stderr
    out = dict(line.split("\t", 1) for line in r.stdout.splitlines())
    return out["id"], out["secret"]


def events(got):
    return [json.loads(body) for _, body, *_ in got]


def of_type(got, kind):
    return [e for e in events(got) if e["type"] == kind]


def until(pred, timeout):
    """Wait until pred() is true; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.2)


def first_attempt(s, endpoint, timeout):
    """The endpoint's first delivery once it has been attempted."""
    def attempted():
        d = s.db["webhook_delivery"].find_one({"endpoint": bson.ObjectId(endpoint)})
        return d if d and d["attempts"] >= 1 else None
    until(attempted, timeout)
    return attempted()


def submit(s, auth, kind="pan"):
    r = s.post("/kyc/upload", headers=auth, json=document(kind))
    assert r.status_code == 200, r.text
    return r.json()["kyc_id"]


@pytest.mark.parametrize("fresh_stack", [FAST], indirect=True)
def test_events_arrive_signed_and_in_order(fresh_stack, receiver):
    s = fresh_stack
    endpoint, secret = add(s, receiver.url)
    only = Receiver()
    try:
        add(s, only.url, "--events", "kyc.approved")
        a, aauth = auditor(s)
        u1, auth1 = customer(s)
        u2, auth2 = customer(s)
        k1 = submit(s, auth1)
        k2 = submit(s, auth2, "passport")
        assert s.put(f"/kyc/{k1}/approve", headers=aauth, json={}).status_code == 200
        assert s.put(f"/kyc/{k2}/reject", headers=aauth, json={
            "reasons": ["cropped", "unreadable"], "kind": "RETRY"}).status_code == 200
        got = receiver.wait(lambda g: len(of_type(g, "kyc.rejected")) == 1)
        only.wait(lambda g: len(g) >= 1)
    finally:
        only.close()
    wh = Webhook(secret)
    seen = []
    for headers, body, *_ in got:
        payload = wh.verify(body, headers)          # raises when not ours
        assert headers["webhook-id"] == payload["id"] == "msg_" + payload["data"]["audit_entry"]
        assert headers["content-type"] == "application/json"
        seen.append(payload["data"]["seq"])
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    kinds = [e["type"] for e in events(got)]
    assert kinds == ["user.registered", "user.registered", "kyc.submitted", "kyc.submitted",
                     "kyc.approved", "kyc.rejected"]
    by = {e["type"] + ":" + e["data"].get("kyc_id", e["data"]["user_id"]): e for e in events(got)}
    sub = by["kyc.submitted:" + k2]
    assert sub["data"] == {"seq": sub["data"]["seq"], "audit_entry": sub["data"]["audit_entry"],
                           "user_id": u2["id"], "kyc_id": k2, "document_type": "passport"}
    assert by["kyc.approved:" + k1]["data"]["status"] == "APPROVED"
    rej = by["kyc.rejected:" + k2]["data"]
    assert rej["status"] == "REJECTED" and rej["reasons"] == ["cropped", "unreadable"] \
        and rej["kind"] == "RETRY" and rej["user_id"] == u2["id"]
    # Every event is its audit entry, by seq: a receiver can ask for its proof.
    for e in events(got):
        entry = s.db["user_log"].find_one({"_id": bson.ObjectId(e["data"]["audit_entry"])})
        assert entry["seq"] == e["data"]["seq"]
        assert e["version"] == 1 and e["timestamp"].endswith("Z")
    # Never a scan, a number, a name or a hash.
    raw = b"".join(body for _, body, *_ in got)
    for secret_thing in (b"ABCDE1234F", b"A1234567", b"document_data", b"document_number",
                         b"password", b"$2b$", u1["email"].encode(), b"John"):
        assert secret_thing not in raw
    # The endpoint that takes approvals only got the approval.
    assert [e["type"] for e in events(only.received())] == ["kyc.approved"]
    # The delivery log says what the receiver saw (once it is written).
    until(lambda: s.db["webhook_delivery"].count_documents(
        {"endpoint": bson.ObjectId(endpoint), "status": "delivered"}) == len(got), 10)
    log = list(s.db["webhook_delivery"].find({"endpoint": bson.ObjectId(endpoint)}).sort("seq"))
    assert [d["seq"] for d in log] == seen
    assert all(d["status"] == "delivered" and d["attempts"] == 1 and d["last_status"] == 204
               for d in log)
    assert [d["msg_id"] for d in log] == [h["webhook-id"] for h, *_ in got]
    # Altered or replayed, a delivery is refused by the reference library.
    headers, body, *_ = got[-1]
    with pytest.raises(WebhookVerificationError):
        wh.verify(body.replace(b"RETRY", b"FINAL"), headers)
    with pytest.raises(WebhookVerificationError):
        wh.verify(body, {**headers, "webhook-id": got[0][0]["webhook-id"]})
    stale = dict(headers)
    stale["webhook-timestamp"] = str(int(headers["webhook-timestamp"]) - 600)
    with pytest.raises(WebhookVerificationError):
        wh.verify(body, stale)
    with pytest.raises(WebhookVerificationError):
        Webhook(base64.b64encode(os.urandom(32)).decode()).verify(body, headers)


@pytest.mark.parametrize("fresh_stack", [FAST], indirect=True)
def test_a_rotation_signs_with_both_secrets(fresh_stack, receiver):
    s = fresh_stack
    endpoint, old = add(s, receiver.url)
    r = admin(s, "webhook", "rotate-secret", endpoint)
    new = dict(line.split("\t", 1) for line in r.stdout.splitlines())["secret"]
    customer(s)
    got = receiver.wait(lambda g: len(g) >= 1)
    headers, body, *_ = got[0]
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert Webhook(old).verify(body, headers)["type"] == "user.registered"
    assert Webhook(new).verify(body, headers)["type"] == "user.registered"
    # Past the grace, only the new one signs.
    import datetime
    doc = s.db["webhook_endpoint"].find_one({"_id": bson.ObjectId(endpoint)})
    doc["secrets"][1]["until"] = datetime.datetime(2000, 1, 1)
    s.db["webhook_endpoint"].update_one({"_id": doc["_id"]}, {"$set": {"secrets": doc["secrets"]}})
    customer(s)
    got = receiver.wait(lambda g: len(g) >= 2)
    headers, body, *_ = got[1]
    assert len(headers["webhook-signature"].split(" ")) == 1
    Webhook(new).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, headers)


@pytest.mark.parametrize("fresh_stack", [FAST], indirect=True)
def test_retried_until_answered_then_given_up(fresh_stack, receiver):
    s = fresh_stack
    endpoint, secret = add(s, receiver.url)
    receiver.status = 500
    customer(s)
    got = receiver.wait(lambda g: len(g) >= 2)
    receiver.status = 200
    got = receiver.wait(lambda g: any(st == 200 for *_, st in g))
    ids = {h["webhook-id"] for h, *_ in got}
    assert len(ids) == 1                        # the same message, retried
    assert len({b for _, b, *_ in got}) == 1    # the same body
    # Recorded once the answer is in (the receiver counts first).
    until(lambda: s.db["webhook_delivery"].find_one(
        {"endpoint": bson.ObjectId(endpoint)})["status"] == "delivered", 10)
    d = s.db["webhook_delivery"].find_one({"endpoint": bson.ObjectId(endpoint)})
    assert d["attempts"] == len(got) and d["last_status"] == 200
    assert "webhook_retry" in s.sbd.log()
    # Never answered: after the schedule (three waits), failed; the endpoint
    # is failing, and the next event is still delivered.
    receiver.status = 503
    u, _ = customer(s)
    receiver.wait(lambda g: sum(1 for *_, st in g if st == 503) >= 4)
    until(lambda: s.db["webhook_delivery"].count_documents({"status": "failed"}) > 0, 10)
    failed = s.db["webhook_delivery"].find_one({"status": "failed"})
    assert failed["attempts"] == 4 and failed["last_status"] == 503
    line = [ln for ln in admin(s, "webhook", "list").stdout.splitlines()
            if ln.startswith(endpoint)][0]
    assert line.split("\t")[3] == "failing"
    assert "msg=webhook_failed" in s.sbd.log()
    receiver.status = 204
    customer(s)
    receiver.wait(lambda g: any(st == 204 for *_, st in g))
    until(lambda: "failing_since" not in s.db["webhook_endpoint"].find_one(
        {"_id": bson.ObjectId(endpoint)}), 10)


@pytest.mark.parametrize("fresh_stack", [FAST], indirect=True)
def test_a_redirect_is_not_followed(fresh_stack, receiver):
    s = fresh_stack
    elsewhere = Receiver()
    try:
        endpoint, _ = add(s, receiver.url)
        receiver.status = 307
        receiver.location = elsewhere.url
        customer(s)
        receiver.wait(lambda g: len(g) >= 2)
        time.sleep(1)
        assert elsewhere.received() == []
        d = s.db["webhook_delivery"].find_one({"endpoint": bson.ObjectId(endpoint)})
        assert d["status"] != "delivered" and "redirect" in d["last_error"]
    finally:
        elsewhere.close()


@pytest.mark.parametrize("fresh_stack", [FAST], indirect=True)
def test_the_address_is_checked_when_connecting(fresh_stack, receiver):
    """An endpoint whose record no longer allows local addresses (or a name
    that now resolves to one) is not connected to."""
    s = fresh_stack
    endpoint, _ = add(s, receiver.url)
    s.db["webhook_endpoint"].update_one({"_id": bson.ObjectId(endpoint)},
                                        {"$set": {"allow_local": False}})
    customer(s)
    d = first_attempt(s, endpoint, timeout=10)
    assert "loopback address" in d["last_error"] and d["status"] == "pending"
    assert receiver.received() == []


@pytest.mark.parametrize("fresh_stack", [{**FAST, "SMARTBANK_WEBHOOK_TIMEOUT_MS": "800"}],
                         indirect=True)
def test_an_answer_after_the_timeout_is_a_failure(fresh_stack, receiver):
    s = fresh_stack
    endpoint, _ = add(s, receiver.url)
    receiver.delay = 2
    customer(s)
    d = first_attempt(s, endpoint, timeout=15)
    assert d["status"] == "pending" and "imeout" in d["last_error"]
    receiver.delay = 0
    got = receiver.wait(lambda g: len(g) >= 2, timeout=20)
    assert len({h["webhook-id"] for h, *_ in got}) == 1


SOAK = {"SMARTBANK_WEBHOOK_RETRY_SCHEDULE": "1s,2s,4s,8s,15s,15s,15s,15s,15s",
        "SMARTBANK_WEBHOOK_TIMEOUT_MS": "1500", "SMARTBANK_WORKERS": "2"}


@pytest.mark.parametrize("fresh_stack", [SOAK], indirect=True)
def test_a_minute_of_faults_loses_nothing(fresh_stack, receiver):
    """60 s of registrations while the deliverer is SIGKILLed every second
    and the receiver is down for 30 s, then answers 500, then answers after
    the timeout: afterwards every event was delivered, each webhook-id at
    least once, first arrivals in order of seq, and the delivery log says
    what the receiver answered."""
    import threading
    s = fresh_stack
    endpoint, secret = add(s, receiver.url, "--events", "user.registered")
    stop = threading.Event()
    kills = []

    def killer():
        while not stop.is_set():
            pid = s.sbd.deliverer_pid()
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                    kills.append(pid)
                except ProcessLookupError:
                    pass
            stop.wait(1.0)

    t = threading.Thread(target=killer, daemon=True)
    t.start()
    start = time.monotonic()
    made = 0
    try:
        while time.monotonic() - start < 60:
            at = time.monotonic() - start
            if 5 <= at < 35 and receiver.server:
                receiver.stop()
            elif 35 <= at < 45 and not receiver.server:
                receiver.start()
                receiver.status = 500
            elif 45 <= at < 50:
                receiver.status, receiver.delay = 204, 2.0
            elif at >= 50:
                receiver.delay = 0
            customer(s)
            made += 1
            time.sleep(0.4)
    finally:
        stop.set()
        t.join()
        if not receiver.server:
            receiver.start()
        receiver.status, receiver.delay = 204, 0
    assert len(set(kills)) >= 30, f"only {len(set(kills))} kills"
    entries = list(s.db["user_log"].find({"action": "USER_REGISTERED"}))
    want = {"msg_" + str(e["_id"]) for e in entries}
    assert len(want) == made

    def ok_ids(got):
        return {h["webhook-id"] for h, _, _, st in got if st == 204}
    got = receiver.wait(lambda g: want <= ok_ids(g), timeout=120)
    wh = Webhook(secret)
    first = {}
    for headers, body, _, _ in got:
        payload = wh.verify(body, headers)
        first.setdefault(payload["id"], payload["data"]["seq"])
    order = list(first.values())
    assert order == sorted(order), "first arrivals out of seq order"
    # The delivery log against the receiver: delivered exactly those it
    # answered 2xx for; no delivery failed.
    until(lambda: s.db["webhook_delivery"].count_documents({"status": "pending"}) == 0, 20)
    log = list(s.db["webhook_delivery"].find({"endpoint": bson.ObjectId(endpoint)}))
    assert {d["msg_id"] for d in log if d["status"] == "delivered"} == want == ok_ids(got)
    assert all(d["status"] == "delivered" for d in log)
    # Replaced after each kill, and never exited on its own.
    until(lambda: s.sbd.deliverer_pid() is not None, 5)
    exits = [ln for ln in s.sbd.log().splitlines() if "msg=deliverer_exited" in ln]
    assert exits and all("signal=9" in ln for ln in exits), exits[-3:]


@pytest.mark.parametrize("fresh_stack", [{**FAST, "SMARTBANK_WEBHOOK_RETRY_SCHEDULE": "1s"}],
                         indirect=True)
def test_auditors_list_and_resend_deliveries(fresh_stack, receiver):
    s = fresh_stack
    endpoint, secret = add(s, receiver.url)
    other, _ = add(s, "http://127.0.0.1:9/hooks", "--events", "kyc.approved")   # gets none
    a, aauth = auditor(s)
    receiver.status = 500
    u, auth = customer(s)
    # Two attempts (one wait): then failed.
    until(lambda: s.db["webhook_delivery"].count_documents({"status": "failed"}) > 0, 15)
    receiver.status = 204
    kid = submit(s, auth)
    receiver.wait(lambda g: any(json.loads(b)["type"] == "kyc.submitted" for _, b, *_ in g))
    r = s.get("/webhooks/deliveries", headers=aauth)
    assert r.status_code == 200, r.text
    items = r.json()
    mine = [i for i in items if i["endpoint_id"] == endpoint]
    assert [i["event"] for i in mine] == ["kyc.submitted", "user.registered"]   # newest first
    sub, reg = mine
    assert sub["status"] == "delivered" and sub["attempts"] == 1 and sub["last_status"] == 204
    assert sub["next_attempt_at"] is None and sub["delivered_at"] and sub["last_error"] is None
    assert reg["status"] == "failed" and reg["attempts"] == 2 and reg["last_status"] == 500
    assert reg["last_error"] == "answered 500" and reg["delivered_at"] is None
    assert reg["webhook_id"].startswith("msg_") and isinstance(reg["seq"], int)
    # Filters and pages.
    q = lambda qs: s.get("/webhooks/deliveries" + qs, headers=aauth)  # noqa: E731
    assert [i["id"] for i in q(f"?endpoint_id={endpoint}&status=failed").json()] == [reg["id"]]
    assert [i["id"] for i in q(f"?event=kyc.submitted&endpoint_id={endpoint}").json()] == \
        [sub["id"]]
    assert [i["id"] for i in q(f"?endpoint_id={endpoint}&limit=1").json()] == [sub["id"]]
    assert [i["id"] for i in q(f"?endpoint_id={endpoint}&limit=1&after={sub['id']}").json()] \
        == [reg["id"]]
    assert q(f"?endpoint_id={other}").json() == []
    for bad in ("?status=lost", "?event=kyc.nope", "?endpoint_id=xyz", "?limit=0",
                "?after=" + "0" * 24):
        r = q(bad)
        assert r.status_code == 422, (bad, r.text)
    assert s.get("/webhooks/deliveries", headers=auth).status_code == 403
    # Resend the failed one: pending, then delivered; audited.
    before = s.db["user_log"].count_documents({"action": "WEBHOOK_RESENT"})
    r = s.post(f"/webhooks/deliveries/{reg['id']}/resend", headers=aauth)
    assert r.status_code == 200, r.text
    assert r.json()["status"] in ("pending", "delivered") and r.json()["id"] == reg["id"]
    got = receiver.wait(lambda g: any(h["webhook-id"] == reg["webhook_id"] and st == 204
                                      for h, b, t, st in g))
    again = [(b, h) for h, b, t, st in got if h["webhook-id"] == reg["webhook_id"]][-1]
    assert Webhook(secret).verify(*again)["type"] == "user.registered"
    until(lambda: s.db["webhook_delivery"].find_one(
        {"_id": bson.ObjectId(reg["id"])})["status"] == "delivered", 10)
    entry = s.db["user_log"].find_one({"action": "WEBHOOK_RESENT", "details.delivery": reg["id"]})
    assert entry["actor_id"] == bson.ObjectId(a["id"]) and entry["details"]["was"] == "failed"
    assert entry["details"]["seq"] == str(reg["seq"])
    assert s.db["user_log"].count_documents({"action": "WEBHOOK_RESENT"}) == before + 1
    # Not there, malformed, or still pending: nothing changes.
    assert s.post(f"/webhooks/deliveries/{'0' * 24}/resend", headers=aauth).status_code == 404
    assert s.post("/webhooks/deliveries/xyz/resend", headers=aauth).status_code == 422
    assert s.post(f"/webhooks/deliveries/{reg['id']}/resend", headers=auth).status_code == 403
    # Pending already (the deliverer held still): a 409, nothing audited.
    pid = s.sbd.deliverer_pid()
    os.kill(pid, signal.SIGSTOP)
    try:
        assert s.post(f"/webhooks/deliveries/{sub['id']}/resend", headers=aauth).status_code == 200
        r = s.post(f"/webhooks/deliveries/{sub['id']}/resend", headers=aauth)
        assert r.status_code == 409 and "pending already" in r.json()["detail"]
    finally:
        os.kill(pid, signal.SIGCONT)
    before += 1
    assert s.db["user_log"].count_documents({"action": "WEBHOOK_RESENT"}) == before + 1


@pytest.mark.parametrize("fresh_stack", [{**FAST, "SMARTBANK_DB_TIMEOUT_MS": "1500"}],
                         indirect=True)
def test_a_database_outage_loses_nothing(fresh_stack, receiver):
    """Events made, then the database gone while the deliverer has them to
    send: it waits, says so once, and sends every one when it is back."""
    s = fresh_stack
    endpoint, secret = add(s, receiver.url, "--events", "user.registered")
    pid = s.sbd.deliverer_pid()
    os.kill(pid, signal.SIGSTOP)
    try:
        made = {customer(s)[0]["id"] for _ in range(3)}
        s.ferret.stop()
    finally:
        os.kill(pid, signal.SIGCONT)
    time.sleep(4)
    assert receiver.received() == []
    s.ferret.start()
    got = receiver.wait(lambda g: len({h["webhook-id"] for h, *_ in g}) == 3, timeout=30)
    assert {Webhook(secret).verify(b, h)["data"]["user_id"] for h, b, *_ in got} == made
    until(lambda: s.db["webhook_delivery"].count_documents(
        {"endpoint": bson.ObjectId(endpoint), "status": "delivered"}) == 3, 10)
    # Said once, when it began waiting, and once when its round went through.
    until(lambda: "msg=deliverer_resumed" in s.sbd.log(), 10)
    assert s.sbd.log().count("msg=deliverer_waiting") == 1
    assert s.sbd.deliverer_pid() == pid      # the same process, never restarted
