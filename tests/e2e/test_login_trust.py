"""Logins that nobody can take from their owner (issue 25, findings 1, 2, 5, 6
and the smaller ones about logins): device credentials, reservations
before bcrypt, limits sized for shared addresses, registration that knows a
taken email before it hashes, logout on the server, and hashes brought up
to today's cost."""

import concurrent.futures
import crypt
import http.client
import json
import threading
import time

import pytest
import requests
from bson import ObjectId

from api import PASSWORD, bearer as auth, register, unique_email


def post_from(stack, source, path, body, headers=None):
    """POST path from the loopback address source; (status, body, headers)."""
    conn = http.client.HTTPConnection("127.0.0.1", stack.nginx.http_port, timeout=60,
                                      source_address=(source, 0))
    conn.request("POST", path, json.dumps(body),
                 {"Content-Type": "application/json", **(headers or {})})
    r = conn.getresponse()
    out = json.loads(r.read() or b"{}")
    hdrs = {k.lower(): v for k, v in r.getheaders()}
    conn.close()
    return r.status, out, hdrs


def login_from(stack, source, email, password, device=None, cookie=None):
    body = {"email": email, "password": password}
    if device is not None:
        body["device_token"] = device
    headers = {"Cookie": f"sb_device={cookie}"} if cookie else None
    return post_from(stack, source, "/auth/login", body, headers)


def failures_of(stack, key):
    return stack.db["login_failure"].count_documents({"key": key})


ATTACK = {"SMARTBANK_LOGIN_MAX_FAILURES": "3", "SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT": "5",
          "SMARTBANK_LOGIN_WINDOW_SECONDS": "20", "SMARTBANK_WORKERS": "3"}


@pytest.mark.parametrize("fresh_stack", [ATTACK], indirect=True)
def test_a_polling_attacker_cannot_keep_the_owner_out(fresh_stack):
    """Finding 1: an attacker on three addresses polls and sends a wrong
    password whenever a window opens, for 60 s.  The owner with the device
    credential of an earlier login gets in at every try, from an address
    the attacker never used; so does the owner without it from the address
    the account logged in from before.  A client the account has never
    seen is the one kept out."""
    s = fresh_stack
    owner = register(s)
    status, first, hdrs = login_from(s, "127.0.0.1", owner["email"], PASSWORD)
    assert status == 200
    device = first["device_token"]
    assert device.startswith("d1." + owner["id"] + ".")

    stop = threading.Event()
    attacker = {"401": 0, "429": 0}

    def attack(source):
        while not stop.is_set():
            status, _, _ = login_from(s, source, owner["email"], "wrongpass123")
            attacker[str(status)] = attacker.get(str(status), 0) + 1
            if status == 429:
                time.sleep(0.2)

    threads = [threading.Thread(target=attack, args=(f"127.0.0.{21 + i}",)) for i in range(3)]
    for t in threads:
        t.start()
    trusted, known, stranger = [], [], []
    try:
        time.sleep(2)       # the attack has locked the account for strangers
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            trusted.append(login_from(s, "127.0.0.50", owner["email"], PASSWORD, device=device)[0])
            known.append(login_from(s, "127.0.0.1", owner["email"], PASSWORD)[0])
            stranger.append(login_from(s, "127.0.0.60", owner["email"], PASSWORD))
            time.sleep(3)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert len(trusted) >= 15
    assert trusted == [200] * len(trusted), trusted
    assert known == [200] * len(known), known
    # The stranger (the right password, no credential, a new address) is
    # refused while the attack goes on, and told why in words.
    refused = [b for st, b, _ in stranger if st == 429]
    assert refused, [st for st, _, _ in stranger]
    assert "devices it has not used before" in refused[0]["detail"]
    assert "minute" in refused[0]["detail"]
    # The attacker got no more guesses than the account's limit per window
    # (20 s windows over about 62 s: at most four windows' worth).
    assert attacker["401"] <= 5 * 4, attacker
    assert attacker["429"] > attacker["401"], attacker
    log = s.db["user_log"]
    assert log.count_documents({"action": "LOGIN_FAILED", "user_id": ObjectId(owner["id"])}) \
        == attacker["401"]
    assert log.count_documents({"action": "LOGIN_SUCCEEDED", "details.client": "known_device",
                                "user_id": ObjectId(owner["id"])}) == len(trusted)


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR": "20"}],
                         indirect=True)
def test_a_shared_address_does_not_refuse_a_known_device(fresh_stack):
    """Finding 2: behind one carrier address, 200 failures on other
    accounts refuse strangers from that address (told it is the network),
    never a customer whose device the account knows."""
    s = fresh_stack
    customer = register(s)
    status, body, _ = login_from(s, "127.0.0.30", customer["email"], PASSWORD)
    assert status == 200
    device = body["device_token"]
    statuses = [login_from(s, "127.0.0.30", unique_email("typo"), "wrongpass123")[0]
                for _ in range(200)]
    assert statuses.count(401) == 20 and statuses.count(429) == 180, statuses
    assert login_from(s, "127.0.0.30", customer["email"], PASSWORD, device=device)[0] == 200
    # The device credential works from the cookie as well.
    assert login_from(s, "127.0.0.30", customer["email"], PASSWORD, cookie=device)[0] == 200
    other = register(s)
    status, body, hdrs = login_from(s, "127.0.0.30", other["email"], PASSWORD)
    assert status == 429
    assert body["detail"].startswith("Too many failed login attempts from your network; "
                                     "try again in ")
    assert body["detail"].endswith(" minutes")     # the window is an hour
    assert 3000 < int(hdrs["retry-after"]) <= 3600
    assert s.db["user_log"].count_documents({"action": "LOGIN_THROTTLED",
                                             "details.reason": "address"}) == 1


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_WORKERS": "4",
                                          "SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR": "20"}],
                         indirect=True)
def test_bursts_never_pass_the_limits(fresh_stack):
    """Finding 6: simultaneous attempts are reserved before bcrypt, one
    inserted slot each, so a burst gets exactly the limit and no more."""
    s = fresh_stack
    u = register(s)
    with concurrent.futures.ThreadPoolExecutor(40) as pool:
        pair = list(pool.map(lambda _: login_from(s, "127.0.0.41", u["email"], "wrongpass12")[0],
                             range(40)))
    assert pair.count(401) == 5 and pair.count(429) == 35, pair
    assert failures_of(s, f"pair:{u['email']}|127.0.0.41") == 5
    with concurrent.futures.ThreadPoolExecutor(60) as pool:
        spray = list(pool.map(lambda _: login_from(s, "127.0.0.42", unique_email("burst"),
                                                   "wrongpass12")[0], range(60)))
    assert spray.count(401) == 20 and spray.count(429) == 40, spray
    assert failures_of(s, "addr:127.0.0.42") == 20
    log = s.db["user_log"]
    assert log.count_documents({"action": "LOGIN_FAILED", "ip_address": "127.0.0.41"}) == 5
    assert log.count_documents({"action": "LOGIN_FAILED", "ip_address": "127.0.0.42"}) == 20


ANY = {"SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT": "2", "SMARTBANK_LOGIN_MAX_FAILURES": "5"}


@pytest.mark.parametrize("fresh_stack", [ANY], indirect=True)
def test_a_device_credential_is_bound_signed_and_revoked(fresh_stack):
    s = fresh_stack
    owner, other = register(s), register(s)
    mine = login_from(s, "127.0.0.1", owner["email"], PASSWORD)[1]["device_token"]
    theirs = login_from(s, "127.0.0.1", other["email"], PASSWORD)[1]["device_token"]
    for i in range(2):      # the account is now locked for strangers
        assert login_from(s, f"127.0.0.{70 + i}", owner["email"], "wrongpass123")[0] == 401
    stranger = "127.0.0.80"
    assert login_from(s, stranger, owner["email"], PASSWORD)[0] == 429
    # Another account's credential, a tampered one, garbage: a stranger.
    parts = mine.split(".")
    later = ".".join(parts[:3] + [str(int(parts[3]) + 86400), parts[4]])
    flipped = mine[:-1] + ("0" if mine[-1] != "0" else "1")
    for bad in (theirs, later, flipped, "d1.", "d1." + owner["id"]):
        assert login_from(s, stranger, owner["email"], PASSWORD, device=bad)[0] == 429, bad
    status, body, _ = login_from(s, stranger, owner["email"], PASSWORD, device="not a token!")
    assert status == 422 and body["detail"][0]["loc"] == ["body", "device_token"]
    # The owner's own credential works; a wrong password with it is a 401.
    assert login_from(s, stranger, owner["email"], PASSWORD, device=mine)[0] == 200
    assert login_from(s, stranger, owner["email"], "wrongpass123", device=mine)[0] == 401
    # The password changes: the credential stops being one (from an
    # address the account has not logged in from: the last is now known).
    salt = crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)
    s.db["user"].update_one({"email": owner["email"]},
                            {"$set": {"password_hash": crypt.crypt("An0ther-pass-phrase", salt)}})
    assert login_from(s, "127.0.0.81", owner["email"], "An0ther-pass-phrase",
                      device=mine)[0] == 429
    # A disabled account refuses its device too.
    s.db["user"].update_one({"email": other["email"]}, {"$set": {"disabled": True}})
    assert login_from(s, "127.0.0.1", other["email"], PASSWORD, device=theirs)[0] == 401


def test_the_device_cookie_is_for_auth_only_and_never_for_scripts(stack):
    u = register(stack)
    status, body, hdrs = login_from(stack, "127.0.0.1", u["email"], PASSWORD)
    assert status == 200
    cookie = hdrs["set-cookie"]
    assert cookie.startswith(f"sb_device={body['device_token']};")
    attrs = {a.strip().split("=")[0].lower() for a in cookie.split(";")[1:]}
    assert attrs == {"path", "max-age", "httponly", "secure", "samesite"}
    assert "Path=/auth/" in cookie and "SameSite=Strict" in cookie
    assert "Max-Age=7776000" in cookie     # 90 days
    # The seed's fields are unchanged.
    assert body["token_type"] == "bearer" and body["access_token"]


def test_logout_ends_every_token_on_the_server(stack):
    u = register(stack)
    first = requests.post(stack.url + "/auth/login",
                          json={"email": u["email"], "password": PASSWORD}).json()["access_token"]
    second = requests.post(stack.url + "/auth/login",
                           json={"email": u["email"], "password": PASSWORD}).json()["access_token"]
    assert requests.get(stack.url + "/users/me", headers=auth(first)).status_code == 200
    r = requests.post(stack.url + "/auth/logout", headers=auth(second))
    assert r.status_code == 200 and r.json() == {"message": "Logged out"}
    for token in (first, second):
        r = requests.get(stack.url + "/users/me", headers=auth(token))
        assert r.status_code == 401 and r.json() == {"detail": "Invalid token"}
    # A login right after works at once.
    fresh = requests.post(stack.url + "/auth/login",
                          json={"email": u["email"], "password": PASSWORD}).json()["access_token"]
    assert requests.get(stack.url + "/users/me", headers=auth(fresh)).status_code == 200
    entry = stack.db["user_log"].find_one({"action": "LOGGED_OUT", "user_id": ObjectId(u["id"])})
    assert entry is not None and str(entry["user_id"]) == u["id"]
    assert requests.post(stack.url + "/auth/logout").status_code == 401


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_BCRYPT_COST": "15",
                                         "SMARTBANK_BCRYPT_TEST_COST": "0"}], indirect=True)
def test_a_taken_email_costs_no_hash(fresh_stack):
    """Finding 5: registration knows the email is taken before it hashes.
    At cost 15 a hash takes over a second of a worker's CPU; three
    registrations of a taken email take almost none."""
    s = fresh_stack
    email = unique_email("taken")
    assert register(s, email=email)["email"] == email

    def worker_cpu():
        total = 0
        for pid in s.sbd.worker_pids():
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / 100

    before = worker_cpu()
    for _ in range(3):
        r = requests.post(s.url + "/auth/register", timeout=60,
                          json={"email": email, "password": PASSWORD, "name": "Mallory",
                                "phone": "+919876543210"})
        assert r.status_code == 400 and r.json() == {"detail": "Email already exists"}
    assert worker_cpu() - before < 0.5
    assert s.db["user"].count_documents({"email": email}) == 1


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_REGISTER_MAX_PER_ADDR": "3"}], indirect=True)
def test_registrations_are_throttled_per_address(fresh_stack):
    s = fresh_stack
    body = lambda: {"email": unique_email("reg"), "password": PASSWORD, "name": "A Person",
                    "phone": "+919876543210"}
    for _ in range(3):
        assert post_from(s, "127.0.0.90", "/auth/register", body())[0] == 201
    status, out, hdrs = post_from(s, "127.0.0.90", "/auth/register", body())
    assert status == 429
    assert out["detail"].startswith("Too many registrations from your network; try again in ")
    assert 3000 < int(hdrs["retry-after"]) <= 3600
    assert s.db["user"].count_documents({"registered_from": "127.0.0.90"}) == 3
    # Another address is not affected.
    assert post_from(s, "127.0.0.91", "/auth/register", body())[0] == 201


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_BCRYPT_TEST_COST": "5"}], indirect=True)
def test_a_hash_of_an_older_cost_is_made_again_at_login(fresh_stack):
    s = fresh_stack
    u = register(s)
    old = crypt.crypt(PASSWORD, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))
    assert old.startswith("$2b$04$")
    s.db["user"].update_one({"email": u["email"]}, {"$set": {"password_hash": old}})
    assert login_from(s, "127.0.0.1", u["email"], PASSWORD)[0] == 200
    now = s.db["user"].find_one({"email": u["email"]})["password_hash"]
    assert now.startswith("$2b$05$") and crypt.crypt(PASSWORD, now) == now
    assert s.db["user_log"].count_documents({"action": "LOGIN_SUCCEEDED",
                                             "user_id": ObjectId(u["id"]),
                                             "details.reason": "password_rehashed"}) == 1
    assert login_from(s, "127.0.0.1", u["email"], PASSWORD)[0] == 200
    assert s.db["user"].find_one({"email": u["email"]})["password_hash"] == now


def test_retired_throttle_keys_are_refused_by_name(tmp_path):
    """An operator's configuration with the keys of the delay model is
    told what replaced them, rather than run with a different meaning."""
    import os
    import subprocess
    from stack import SMARTBANKD, Smartbankd
    sbd = Smartbankd(str(tmp_path), "mongodb://127.0.0.1:1", "x",
                     SMARTBANK_LOGIN_ACCOUNT_SLOWDOWN="20")
    conf = tmp_path / "smartbank.conf"
    conf.write_text("SMARTBANK_LOGIN_ACCOUNT_SLOWDOWN=20\n")
    env = {k: v for k, v in sbd.env.items() if k != "SMARTBANK_LOGIN_ACCOUNT_SLOWDOWN"}
    r = subprocess.run([SMARTBANKD, "-t", "-c", str(conf)], env=env, capture_output=True,
                       text=True, timeout=30)
    assert r.returncode != 0
    assert "SMARTBANK_LOGIN_MAX_FAILURES_PER_ACCOUNT" in r.stderr, r.stderr
    assert os.path.exists(sbd.key_file)


def test_a_test_cost_below_the_floor_is_said_at_start(stack):
    """Issue 25: a bcrypt cost below 10 is refused (test_process.py); the test
    suites' own key goes lower, and the service says so every time."""
    said = [line for line in stack.sbd.log().splitlines() if "msg=insecure_test_setting" in line]
    assert len(said) == 1 and "level=warn" in said[0]
    assert "key=SMARTBANK_BCRYPT_TEST_COST cost=4" in said[0]
    u = register(stack)
    assert stack.db["user"].find_one({"email": u["email"]})["password_hash"].startswith("$2b$04$")
