"""Retention (smartbankd(8), "DATA PROTECTION"; ops/retention.h): a scan is
purged when the bank may no longer keep it, never because it is old.
Rejected submissions after SMARTBANK_RETENTION_REJECTED_DAYS; every scan of
a closed customer SMARTBANK_RETENTION_CLOSED_DAYS after the closure; the
current approved or submitted scan of an open customer never.  A purge
shreds the data key and the sealed number, deletes the bytes, keeps the
metadata, and is audited once."""

import datetime
import hashlib

import pytest
from bson import ObjectId

from api import PASSWORD, admin, auditor, customer, document
from test_protection import kyc_of

DAYS = {"SMARTBANK_RETENTION_REJECTED_DAYS": "30", "SMARTBANK_RETENTION_CLOSED_DAYS": "1825"}


def ago(days):
    return datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)


def backdate(s, kid, **fields):
    s.db["kyc_doc"].update_one({"_id": ObjectId(kid)}, {"$set": fields})


def is_purged(s, kid):
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    gone = s.db["kyc_document"].find_one({"_id": ObjectId(kid)}) is None
    if "document_purged_at" not in kyc:
        assert not gone and "dek" in kyc
        return False
    # Shredded: no key, no sealed number, no bytes, nothing that finds or
    # confirms them without a key (blind index, digest); what it was stays.
    assert gone and "dek" not in kyc and "document_number" not in kyc
    assert "purge_entry" not in kyc
    assert "number_index" not in kyc and "document_sha256" not in kyc
    assert kyc["document_size"] > 0 and kyc["media_type"]
    return True


def purged_entries(s, kid):
    return list(s.db["user_log"].find({"action": "DOCUMENT_PURGED", "details.kyc_id": kid}))


@pytest.mark.parametrize("fresh_stack", [DAYS], indirect=True)
def test_what_each_rule_purges_and_what_it_never_does(fresh_stack):
    s = fresh_stack
    _, aauth = auditor(s)
    # Open customer 1: rejected 40 days ago, then resubmitted and approved 10 years ago.
    c1, auth1 = customer(s)
    old_rejected = kyc_of(s, auth1)
    assert s.put(f"/kyc/{old_rejected}/reject", headers=aauth, json={}).status_code == 200
    current = kyc_of(s, auth1)
    assert s.put(f"/kyc/{current}/approve", headers=aauth, json={}).status_code == 200
    backdate(s, old_rejected, reviewed_at=ago(40))
    backdate(s, current, submitted_at=ago(3650), reviewed_at=ago(3650))
    # Open customer 2: rejected 10 days ago (kept), and a submission 10 years old.
    c2, auth2 = customer(s)
    young_rejected = kyc_of(s, auth2)
    assert s.put(f"/kyc/{young_rejected}/reject", headers=aauth, json={}).status_code == 200
    backdate(s, young_rejected, reviewed_at=ago(10))
    pending = kyc_of(s, auth2)
    backdate(s, pending, submitted_at=ago(3650))
    # Customer 3, closed six years ago: everything goes.  Customer 4, closed
    # last year: kept for now.
    c3, auth3 = customer(s)
    closed_old = kyc_of(s, auth3)
    c4, auth4 = customer(s)
    closed_young = kyc_of(s, auth4)
    for c in (c3, c4):
        r = admin(s, "close-customer", "--email", c["email"])
        assert r.returncode == 0 and "closed" in r.stdout, r.stderr
    s.db["user"].update_one({"_id": ObjectId(c3["id"])}, {"$set": {"closed_at": ago(6 * 365)}})
    s.db["user"].update_one({"_id": ObjectId(c4["id"])}, {"$set": {"closed_at": ago(365)}})
    closed = s.db["user_log"].find_one({"action": "CUSTOMER_CLOSED", "user_id": ObjectId(c3["id"])})
    # The customer by id only (the audit trail outlives an erasure).
    assert closed["actor_role"] == "admin" and "email" not in closed["details"]
    assert closed["details"]["operator"]
    # A closed customer can no longer log in, and their token stops.
    r = s.post("/auth/login", json={"email": c3["email"], "password": PASSWORD})
    assert r.status_code == 401, r.text
    assert s.get("/users/me", headers=auth3).status_code == 401

    raw = s.get(f"/kyc/{old_rejected}/document", headers=aauth).content
    r = admin(s, "purge")
    assert r.returncode == 0, r.stderr
    assert "1 scan(s) of rejected submissions and 1 of closed customers purged" in r.stdout

    assert is_purged(s, old_rejected) and is_purged(s, closed_old)
    for kid in (current, pending, young_rejected, closed_young):
        assert not is_purged(s, kid), kid
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(old_rejected)})
    assert kyc["document_size"] == len(raw) and "document_sha256" not in kyc
    assert kyc["purge_rule"] == "rejected"
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(closed_old)})["purge_rule"] == "closed_customer"
    # One entry each, naming the rule.
    for kid, rule, days in ((old_rejected, "rejected", "30"), (closed_old, "closed_customer", "1825")):
        entries = purged_entries(s, kid)
        assert len(entries) == 1
        assert entries[0]["details"]["rule"] == rule and entries[0]["details"]["retention_days"] == days
        assert entries[0]["actor_role"] == "admin"
    assert purged_entries(s, old_rejected)[0]["user_id"] == ObjectId(c1["id"])

    # What the API says of a purged one.
    body = s.get(f"/kyc/{old_rejected}", headers=aauth)
    assert body.status_code == 200
    body = body.json()
    assert body["document_data"] is None and body["document_purged_at"].endswith("Z")
    assert body["document_number"] is None and "document_unreadable" not in body
    assert body["media_type"] == "application/pdf" and body["status"] == "REJECTED"
    r = s.get(f"/kyc/{old_rejected}/document", headers=aauth)
    assert r.status_code == 410 and r.json() == {"detail": "Document purged"}
    hist = {i["kyc_id"]: i for i in s.get("/users/me/kyc", headers=auth1).json()}
    assert hist[old_rejected]["document_number"] is None
    assert hist[current]["document_number"] == "******234F"
    assert s.get(f"/kyc/{current}/document", headers=aauth).status_code == 200

    # A second purge changes nothing.
    before = {c: s.db[c].count_documents({}) for c in ("kyc_doc", "kyc_document", "user_log")}
    r = admin(s, "purge")
    assert r.returncode == 0 and "0 scan(s) of rejected submissions and 0 of closed" in r.stdout
    assert {c: s.db[c].count_documents({}) for c in before} == before


@pytest.mark.parametrize("fresh_stack", [DAYS], indirect=True)
def test_an_interrupted_purge_is_finished_once(fresh_stack):
    s = fresh_stack
    _, aauth = auditor(s)
    _, auth = customer(s)
    kid = kyc_of(s, auth)
    assert s.put(f"/kyc/{kid}/reject", headers=aauth, json={}).status_code == 200
    backdate(s, kid, reviewed_at=ago(31))
    # As if a purge had died after shredding, before the bytes and the entry.
    r = admin(s, "purge")
    assert r.returncode == 0
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    entry = purged_entries(s, kid)[0]
    s.db["user_log"].delete_one({"_id": entry["_id"]})
    s.db["kyc_doc"].update_one({"_id": ObjectId(kid)}, {"$set": {"purge_entry": entry["_id"]}})
    s.db["kyc_document"].insert_one({"_id": ObjectId(kid), "data": b"left behind"})
    r = admin(s, "purge")
    assert r.returncode == 0 and "1 interrupted purge(s) finished" in r.stdout
    assert is_purged(s, kid) and len(purged_entries(s, kid)) == 1
    assert purged_entries(s, kid)[0]["_id"] == entry["_id"]
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["document_purged_at"] == kyc["document_purged_at"]
    # Again: nothing.
    r = admin(s, "purge")
    assert "0 interrupted purge(s) finished" in r.stdout and len(purged_entries(s, kid)) == 1


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_RETENTION_REJECTED_DAYS": "1"}], indirect=True)
def test_the_workers_purge_by_themselves(fresh_stack):
    s = fresh_stack
    _, aauth = auditor(s)
    _, auth = customer(s)
    kid = kyc_of(s, auth)
    assert s.put(f"/kyc/{kid}/reject", headers=aauth, json={}).status_code == 200
    backdate(s, kid, reviewed_at=ago(2))
    s.sbd.stop()
    s.sbd.start()           # the workers sweep as they start
    import time
    deadline = time.monotonic() + 20
    # Finished: the entry written, and then (the purge's last step) its
    # mark on the kyc_doc removed.
    while not purged_entries(s, kid) or "purge_entry" in s.db["kyc_doc"].find_one(
            {"_id": ObjectId(kid)}):
        assert time.monotonic() < deadline, "not purged by the workers"
        time.sleep(0.2)
    assert is_purged(s, kid)
    entry = purged_entries(s, kid)
    assert len(entry) == 1 and entry[0]["actor_role"] == "system"
    # The worker that shredded it logs when its own sweep ends, which can
    # be after another worker's sweep finished the purge it began.
    while "msg=purge_finished rejected=1" not in s.sbd.log():
        assert time.monotonic() < deadline, s.sbd.log()
        time.sleep(0.2)


def test_close_customer_refuses_what_is_not_an_open_customer(fresh_stack):
    s = fresh_stack
    a, _ = auditor(s)
    r = admin(s, "close-customer", "--email", a["email"])
    assert r.returncode == 65 and "not a customer" in r.stderr
    r = admin(s, "close-customer", "--email", "nobody@example.com")
    assert r.returncode == 65
    c, _ = customer(s)
    assert admin(s, "close-customer", "--id", c["id"]).returncode == 0
    r = admin(s, "close-customer", "--id", c["id"])
    assert r.returncode == 0 and "already closed" in r.stdout
    assert s.db["user_log"].count_documents({"action": "CUSTOMER_CLOSED"}) == 1


def test_a_closed_customers_pending_kyc_cannot_be_decided(stack):
    """Issue 25: a closed relationship is not reviewed (its scans wait for
    the retention rule), so a decision on it is a 409 that changes nothing."""
    c, auth = customer(stack)
    _, aauth = auditor(stack)
    r = stack.post("/kyc/upload", headers=auth, json=document("pan"))
    assert r.status_code == 200
    kid = r.json()["kyc_id"]
    assert admin(stack, "close-customer", "--email", c["email"]).returncode == 0
    for decision in ("approve", "reject"):
        r = stack.put(f"/kyc/{kid}/{decision}", headers=aauth, json={"review_notes": "x"})
        assert r.status_code == 409 and r.json() == {"detail": "The customer's account is closed"}
    kyc = stack.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert kyc["status"] == "SUBMITTED" and kyc["reviewed_by"] is None
    assert stack.db["kyc_decision"].count_documents({"_id": ObjectId(kid)}) == 0
    assert stack.db["user_log"].count_documents({"details.kyc_id": kid, "action": {
        "$in": ["KYC_APPROVED", "KYC_REJECTED"]}}) == 0


@pytest.mark.parametrize("fresh_stack", [DAYS], indirect=True)
def test_a_purged_number_is_neither_found_nor_a_duplicate(fresh_stack):
    """Issue 25, finding 7: the blind index survived the purge, so a purged
    number was found again from it (the whole passport space can be tried
    in minutes) and still counted as a duplicate."""
    import sealed
    s = fresh_stack
    _, aauth = auditor(s)
    number = "P7654321"
    _, auth1 = customer(s)
    kid = kyc_of(s, auth1, kind="passport", number=number)
    assert s.put(f"/kyc/{kid}/reject", headers=aauth, json={}).status_code == 200
    backdate(s, kid, reviewed_at=ago(40))
    index = sealed.blind_index(sealed.read_keys(s.sbd.key_file), "passport", number)
    assert s.db["kyc_doc"].count_documents({"number_index": index}) == 1
    r = admin(s, "purge")
    assert r.returncode == 0, r.stderr
    assert is_purged(s, kid)
    assert s.db["kyc_doc"].count_documents({"number_index": index}) == 0
    # Another customer with that number: no duplicate of anything purged.
    _, auth2 = customer(s)
    kid2 = kyc_of(s, auth2, kind="passport", number=number)
    item = next(i for i in s.get("/kyc/pending?limit=200", headers=aauth).json()
                if i["kyc_id"] == kid2)
    assert item["duplicate_count"] == 0
    detail = s.get(f"/kyc/{kid2}", headers=aauth).json()
    assert detail["duplicates"] == [] and detail["duplicate_count"] == 0
    submitted = s.db["user_log"].find_one({"action": "KYC_SUBMITTED", "details.kyc_id": kid2})
    assert submitted["details"]["duplicate_count"] == 0


def test_a_closed_customers_case_leaves_the_queue(fresh_stack):
    """A closed customer's submitted KYC keeps its status but is no longer
    in the queue, its counts or claim-next's candidates; close-customer run
    again takes out what an earlier release left in."""
    s = fresh_stack
    _, aauth = auditor(s)
    kids, emails = [], []
    for kind in ("pan", "passport"):
        c, auth = customer(s)
        r = s.post("/kyc/upload", headers=auth, json=document(kind))
        assert r.status_code == 200, r.text
        kids.append(r.json()["kyc_id"])
        emails.append(c["email"])

    def queued():
        return [i["kyc_id"] for i in s.get("/kyc/pending", headers=aauth).json()]

    assert queued() == kids
    assert admin(s, "close-customer", "--email", emails[0]).returncode == 0
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kids[0])})
    assert kyc["status"] == "SUBMITTED" and "customer_closed_at" in kyc
    assert queued() == kids[1:]
    summary = s.get("/kyc/pending/summary", headers=aauth).json()
    assert summary["count"] == 1 and summary["by_document_type"]["pan"] == 0
    assert s.get("/kyc/pending?document_type=pan", headers=aauth).json() == []
    r = s.post("/kyc/claim-next", headers=aauth)
    assert r.status_code == 200 and r.json()["kyc_id"] == kids[1], r.text
    assert s.post("/kyc/claim-next", headers=aauth).status_code == 404
    # Closed before this release: back in the queue until closed again.
    s.db["kyc_doc"].update_one({"_id": ObjectId(kids[0])}, {"$unset": {"customer_closed_at": ""}})
    assert queued() == kids
    r = admin(s, "close-customer", "--email", emails[0])
    assert r.returncode == 0 and "already closed" in r.stdout
    assert queued() == kids[1:]
    assert s.db["user_log"].count_documents({"action": "CUSTOMER_CLOSED"}) == 1


@pytest.mark.parametrize("fresh_stack", [DAYS], indirect=True)
def test_a_purge_takes_the_duplicate_flag_from_a_number_no_longer_shared(fresh_stack):
    """The queue's duplicate filter (store/kyc_duplicate.h) follows a purge:
    a number left to one customer is no longer a duplicate; one left to two
    still is."""
    s = fresh_stack
    _, aauth = auditor(s)
    kids = {}
    for who, number in (("gone1", "P1111111"), ("kept1", "P1111111"), ("gone2", "P2222222"),
                        ("kept2", "P2222222"), ("kept3", "P2222222")):
        _, auth = customer(s)
        kids[who] = kyc_of(s, auth, kind="passport", number=number)
    for who in ("gone1", "gone2"):
        assert s.put(f"/kyc/{kids[who]}/reject", headers=aauth, json={}).status_code == 200
        backdate(s, kids[who], reviewed_at=ago(40))

    def flag(who):
        return s.db["kyc_doc"].find_one({"_id": ObjectId(kids[who])})["duplicate"]

    assert all(flag(w) for w in kids)
    r = admin(s, "purge")
    assert r.returncode == 0, r.stderr
    assert is_purged(s, kids["gone1"]) and is_purged(s, kids["gone2"])
    assert [flag(w) for w in kids] == [False, False, False, True, True]
    queued = s.get("/kyc/pending?duplicate=true", headers=aauth).json()
    assert [i["kyc_id"] for i in queued] == [kids["kept2"], kids["kept3"]]
    assert all(i["duplicate_count"] == 1 for i in queued)
    alone = s.get("/kyc/pending?duplicate=false", headers=aauth).json()
    assert [i["kyc_id"] for i in alone] == [kids["kept1"]] and alone[0]["duplicate_count"] == 0


@pytest.mark.parametrize("fresh_stack", [DAYS], indirect=True)
def test_a_rotation_never_writes_a_key_back_onto_a_record_purged_meanwhile(fresh_stack, tmp_path):
    """Issue 25, finding 8: rotate-keys read a record, a purge shredded it,
    and the rotation wrote the data key back by _id.  Now its write is
    conditional on the key it opened and on the record not being purged.
    gdb stops rotate-keys at its write and runs a purge right there."""
    import os
    import subprocess
    import sys
    import sealed
    from stack import random_key
    from test_protection import b64key, restart_with_keys
    s = fresh_stack
    _, aauth = auditor(s)
    _, auth = customer(s)
    kid = kyc_of(s, auth)
    assert s.put(f"/kyc/{kid}/reject", headers=aauth, json={}).status_code == 200
    keys = sealed.read_keys(s.sbd.key_file)
    # A record sealed before customers had keys: its data key is what a
    # rotation re-wraps (customers' keys are in a collection of their own).
    sealed.as_version_1(s.db, keys, ObjectId(kid))
    restart_with_keys(s, [("k1", b64key(keys["k1"])), ("k2", random_key())],
                      b64key(keys["index"]))
    tool = os.environ.get("SMARTBANK_ADMIN") or os.path.join(
        os.path.dirname(s.sbd_path), "smartbank-admin")
    # At the breakpoint: the rejection becomes 40 days old, and is purged
    # (by this purge, or by a worker's sweep that sees it first).
    age = tmp_path / "age.py"
    age.write_text("import datetime, sys\nfrom pymongo import MongoClient\nfrom bson import ObjectId\n"
                   "c = MongoClient(sys.argv[1])[sys.argv[2]]\n"
                   "c['kyc_doc'].update_one({'_id': ObjectId(sys.argv[3])}, {'$set': {'reviewed_at': "
                   "datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=40)}})\n")
    script = tmp_path / "purge-meanwhile.gdb"
    script.write_text(f"set pagination off\nbreak sb_kyc_rewrap\ncommands 1\n"
                      f"shell {sys.executable} {age} '{s.ferret.uri}' {s.database} {kid} && "
                      f"{tool} purge > {tmp_path}/purge.out 2>&1\ncontinue\nend\nrun\n")
    r = subprocess.run(["gdb", "-q", "-nx", "-batch", "-x", str(script), "--args", tool,
                        "rotate-keys"], env=s.sbd.env, capture_output=True, text=True,
                       timeout=120)
    assert "Breakpoint 1, " in r.stdout, r.stdout + r.stderr
    assert (tmp_path / "purge.out").exists(), r.stdout
    assert is_purged(s, kid)        # no data key came back
    assert "dek" not in s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})


@pytest.mark.parametrize("fresh_stack", [DAYS], indirect=True)
def test_a_purge_leaves_no_key_and_a_restored_backup_does_not_open(fresh_stack):
    """Issue 25, finding 7: the wrapped data key lived in the kyc_doc and the
    KEKs in the key file, so a backup from before a purge, with today's key
    file, opened the "purged" scan.  Now the record key needs a salt that
    only customer_key holds: the purge forgets it (one record) or the
    customer's key (a closed customer), and a restore of the data
    collections alone opens nothing."""
    import sealed
    s = fresh_stack
    _, aauth = auditor(s)
    keys = sealed.read_keys(s.sbd.key_file)
    # An open customer: an old rejection (purged by the rejected rule)
    # and a current submission (kept, under the same customer's key).
    c1, auth1 = customer(s)
    rejected = kyc_of(s, auth1, "passport", "R1234567")
    assert s.put(f"/kyc/{rejected}/reject", headers=aauth, json={}).status_code == 200
    backdate(s, rejected, reviewed_at=ago(40))
    current = kyc_of(s, auth1, "passport", "R1234567")
    # A customer closed six years ago: everything goes, their key too.
    c2, auth2 = customer(s)
    closed = [kyc_of(s, auth2, "pan", "ABCDE1234F")]
    assert s.put(f"/kyc/{closed[0]}/reject", headers=aauth, json={}).status_code == 200
    closed.append(kyc_of(s, auth2, "pan", "ABCDE1234F"))
    assert admin(s, "close-customer", "--email", c2["email"]).returncode == 0
    s.db["user"].update_one({"_id": ObjectId(c2["id"])}, {"$set": {"closed_at": ago(6 * 365)}})

    # The backup: the data collections as they are before the purge.
    purged = [rejected] + closed
    backup = {kid: (s.db["kyc_doc"].find_one({"_id": ObjectId(kid)}),
                    s.db["kyc_document"].find_one({"_id": ObjectId(kid)})) for kid in purged}
    originals = {kid: s.get(f"/kyc/{kid}/document", headers=aauth).content for kid in purged}
    for kid, (kyc, rec) in backup.items():      # they open, before
        assert sealed.document(keys, kyc, rec, s.db) == originals[kid]
    assert s.db["customer_key"].count_documents({"_id": ObjectId(c2["id"])}) == 1

    r = admin(s, "purge")
    assert r.returncode == 0, r.stderr
    assert "1 scan(s) of rejected submissions and 2 of closed customers purged" in r.stdout
    for kid in purged:
        assert is_purged(s, kid)
    # No key that opens them is left anywhere in the database: not the
    # rejected record's salt, not the closed customer's key document.
    mine = s.db["customer_key"].find_one({"_id": ObjectId(c1["id"])})
    assert list(mine["salts"]) == ["k" + current]
    assert s.db["customer_key"].count_documents({"_id": ObjectId(c2["id"])}) == 0
    for kid, (kyc, rec) in backup.items():
        with pytest.raises(KeyError):
            sealed.document(keys, kyc, rec, s.db)
    # The customer's current submission still reads, under the same key.
    assert s.get(f"/kyc/{current}", headers=aauth).json()["document_number"] == "R1234567"
    assert s.get(f"/kyc/{current}/document", headers=aauth).status_code == 200

    # The backup restored (kyc_doc and kyc_document, not customer_key): the
    # service fails closed on every restored record, and the log says so.
    for kid, (kyc, rec) in backup.items():
        s.db["kyc_doc"].replace_one({"_id": kyc["_id"]}, kyc)
        s.db["kyc_document"].insert_one(rec)
    for kid in purged:
        for path in (f"/kyc/{kid}", f"/kyc/{kid}/document"):
            r = s.get(path, headers=aauth)
            assert r.status_code == 500 and r.json() == {"detail": "Stored document unreadable"}
        assert f"msg=sealed_unreadable kyc_id={kid}" in s.sbd.log()
    assert s.get(f"/kyc/{current}/document", headers=aauth).status_code == 200
