"""Identity data protected at rest (smartbankd(8), "Data protection"): no
scan and no document number in the clear in the database's files or in a
log; tampered, moved or orphaned ciphertexts fail closed; the key file's
checks at start-up; records from before encryption sealed by migrate."""

import base64
import os
import secrets
import subprocess

import pytest
from bson import Binary, ObjectId

import scans
import sealed
from api import admin, auditor, customer, document
from stack import SMARTBANKD, write_key_file, random_key

def png_with(marker):
    """A real PNG that carries marker as it is, in a text chunk."""
    from PIL.PngImagePlugin import PngInfo
    info = PngInfo()
    info.add_text("Comment", marker.decode())
    png = scans.image("PNG", pnginfo=info)
    assert marker in png
    return png


def upload(s, auth, kind, number, data):
    r = s.post("/kyc/upload", headers=auth, json={
        "document_type": kind, "document_number": number, "document_data": data})
    assert r.status_code == 200, r.text
    return r.json()["kyc_id"]


def encodings(marker):
    """The marker, and its base64 at each of the three alignments (FerretDB
    keeps binary fields as base64 in its SQLite files)."""
    out = {marker}
    for pad in range(3):
        enc = base64.b64encode(b"\0" * pad + marker)
        # The characters that depend on the marker alone.
        out.add(enc[(pad * 4 + 2) // 3 + 1: -4])
    return out


def files_holding(roots, needles):
    found = []
    for root in roots:
        for d, _, names in os.walk(root):
            for n in names:
                path = os.path.join(d, n)
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                found += [(path, needle) for needle in needles if needle in data]
    return found


def test_no_plaintext_in_database_files_or_logs(fresh_stack):
    s = fresh_stack
    marker = ("SB-MARKER-" + secrets.token_hex(12)).encode()
    number = "Z" + str(secrets.randbelow(9_000_000) + 1_000_000)     # a passport number
    u1, auth1 = customer(s)
    u2, auth2 = customer(s)
    k1 = upload(s, auth1, "passport", number, (b"Passport scan " + marker).decode())
    k2 = upload(s, auth2, "pan", "ABCDE1234F", base64.b64encode(png_with(marker)).decode())
    # Read back every way there is, so that the read paths run too.
    _, aauth = auditor(s)
    assert s.get(f"/kyc/{k1}", headers=aauth).json()["document_number"] == number
    assert marker in s.get(f"/kyc/{k2}/document", headers=aauth).content
    assert any(i["document_number"] == number
               for i in s.get("/kyc/pending?limit=200", headers=aauth).json())
    assert s.get("/users/me/kyc", headers=auth1).json()[0]["document_number"].endswith(number[-4:])
    assert s.put(f"/kyc/{k1}/approve", headers=aauth, json={}).status_code == 200

    s.nginx.stop()       # logs flushed
    needles = encodings(marker) | {number.encode()}
    # The check can see: the email, which login looks up, is in the clear.
    assert files_holding([s.ferret.dir], {u1["email"].encode()}), "database files not found"
    assert files_holding([s.ferret.dir], needles) == []
    logs = [s.sbd.log_path, s.nginx.prefix]
    assert files_holding(logs, needles) == []
    s.nginx.start()


def kyc_of(s, auth, kind="pan", number="ABCDE1234F", data=None):
    return upload(s, auth, kind, number, data or base64.b64encode(
        scans.pdf(text=secrets.token_hex(16))).decode())


def flip(s, coll, kid, field, at=-1, sub=None):
    doc = s.db[coll].find_one({"_id": ObjectId(kid)})
    raw = bytearray(doc[field][sub] if sub else doc[field])
    raw[at] ^= 0x01
    key = f"{field}.{sub}" if sub else field
    s.db[coll].update_one({"_id": ObjectId(kid)}, {"$set": {key: Binary(bytes(raw))}})


def fails_closed(s, aauth, kid):
    for path in (f"/kyc/{kid}", f"/kyc/{kid}/document"):
        r = s.get(path, headers=aauth)
        assert r.status_code == 500, (path, r.status_code, r.text[:200])
        assert r.json() == {"detail": "Stored document unreadable"}
    assert f"msg=sealed_unreadable kyc_id={kid}" in s.sbd.log()


def test_tampered_or_moved_ciphertexts_fail_closed(fresh_stack):
    s = fresh_stack
    _, aauth = auditor(s)
    kids = [kyc_of(s, customer(s)[1]) for _ in range(6)]
    good = kids[5]
    want = s.get(f"/kyc/{good}/document", headers=aauth).content
    workers = sorted(s.sbd.worker_pids())

    flip(s, "kyc_document", kids[0], "data", at=40)              # a byte of the scan
    flip(s, "kyc_document", kids[1], "data", at=-1)              # its tag
    # Two records' scans swapped: each is sealed for its own record.
    a, b = (s.db["kyc_document"].find_one({"_id": ObjectId(k)}) for k in kids[2:4])
    s.db["kyc_document"].update_one({"_id": a["_id"]}, {"$set": {"data": b["data"]}})
    s.db["kyc_document"].update_one({"_id": b["_id"]}, {"$set": {"data": a["data"]}})
    flip(s, "kyc_doc", kids[4], "dek", at=20, sub="key")         # the wrapped data key
    for kid in kids[:5]:
        fails_closed(s, aauth, kid)

    # The queue still serves: an unreadable number is null and said so.
    flip(s, "kyc_doc", good, "document_number", at=15)
    queue = {i["kyc_id"]: i for i in s.get("/kyc/pending?limit=200", headers=aauth).json()}
    assert queue[good]["document_number"] is None and queue[good]["document_unreadable"] is True
    assert queue[kids[2]]["document_number"] == "ABCDE1234F"
    assert "document_unreadable" not in queue[kids[2]]
    r = s.get(f"/kyc/{good}", headers=aauth)
    assert r.status_code == 500 and r.json() == {"detail": "Stored document unreadable"}
    # The scan's own box is untouched, and the raw route does not need the number.
    assert s.get(f"/kyc/{good}/document", headers=aauth).content == want
    # Nothing crashed.
    assert sorted(s.sbd.worker_pids()) == workers


def restart_with_keys(s, keks, index):
    s.sbd.stop()
    write_key_file(s.sbd.key_file, keks=keks, index=index)
    s.sbd.start()


def test_a_removed_key_fails_closed_and_a_new_one_wraps(fresh_stack):
    s = fresh_stack
    keys = sealed.read_keys(s.sbd.key_file)
    _, aauth = auditor(s)
    u, auth = customer(s)
    old = kyc_of(s, auth)
    assert s.put(f"/kyc/{old}/reject", headers=aauth, json={}).status_code == 200
    # A new key wraps new customers' keys from now on; both unwrap.  A
    # customer who had a key keeps it, under k1, until rotate-keys.
    restart_with_keys(s, [("k1", base64.b64encode(keys["k1"]).decode()), ("k2", random_key())],
                      base64.b64encode(keys["index"]).decode())
    again = kyc_of(s, auth)
    u2, auth2 = customer(s)
    new = kyc_of(s, auth2)
    ck = {str(c["_id"]): c["kek"] for c in s.db["customer_key"].find()}
    assert ck == {u["id"]: "k1", u2["id"]: "k2"}
    for kid in (old, again, new):
        assert s.get(f"/kyc/{kid}/document", headers=aauth).status_code == 200
    # Without k1 (and before rotate-keys): the old one does not open, the new one does.
    k2 = sealed.read_keys(s.sbd.key_file)["k2"]
    restart_with_keys(s, [("k2", base64.b64encode(k2).decode())],
                      base64.b64encode(keys["index"]).decode())
    fails_closed(s, aauth, old)
    fails_closed(s, aauth, again)
    assert s.get(f"/kyc/{new}/document", headers=aauth).status_code == 200


def config_check(key_file):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTBANK_")}
    env.update({"SMARTBANK_JWT_SECRET": secrets.token_urlsafe(48),
                "SMARTBANK_KEY_FILE": key_file})
    return subprocess.run([SMARTBANKD, "-t"], env=env, capture_output=True, text=True, timeout=10)


K = random_key()


@pytest.mark.parametrize("text,mode,why", [
    (f"index {random_key()}\nk1 {K}\n", 0o644, "mode 0644"),
    (f"index {random_key()}\nk1 {K}\n", 0o640, "mode 0640"),
    (f"index {random_key()}\nk1 {base64.b64encode(b'x' * 16).decode()}\n", 0o600, "32 bytes"),
    (f"index {random_key()}\nk1 {base64.b64encode(b'z' * 32).decode()}\n", 0o600, "one byte repeated"),
    (f"index {K}\nk1 {K}\n", 0o600, "repeats an earlier key"),
    (f"k1 {K}\n", 0o600, "no \"index\" key"),
    (f"index {K}\n", 0o600, "no key-encryption key"),
    ("", 0o600, "no \"index\" key"),
])
def test_refuses_a_weak_or_exposed_key_file(tmp_path, text, mode, why):
    path = tmp_path / "keys"
    path.write_text(text)
    os.chmod(path, mode)
    r = config_check(str(path))
    assert r.returncode == 78, r.stderr
    assert "SMARTBANK_KEY_FILE" in r.stderr and why in r.stderr, r.stderr
    # Nothing of a key is ever printed.
    assert K not in r.stderr


def test_refuses_a_missing_key_file(tmp_path):
    r = config_check(str(tmp_path / "nope"))
    assert r.returncode == 78 and "SMARTBANK_KEY_FILE" in r.stderr
    r = config_check("")
    assert r.returncode == 78 and "SMARTBANK_KEY_FILE is required" in r.stderr


def test_migrate_seals_records_written_in_the_clear(fresh_stack):
    s = fresh_stack
    u, auth = customer(s)
    _, aauth = auditor(s)
    kid = kyc_of(s, auth, "passport", "A7654321")
    body = s.get(f"/kyc/{kid}", headers=aauth).json()
    raw = s.get(f"/kyc/{kid}/document", headers=aauth).content
    # As a version before encryption stored it: the number and bytes in the clear.
    oid = ObjectId(kid)
    s.db["kyc_doc"].update_one({"_id": oid}, {"$set": {"document_number": "A7654321"},
                                              "$unset": {"dek": "", "number_index": ""}})
    s.db["kyc_document"].update_one({"_id": oid}, {"$set": {"data": Binary(raw), "size": len(raw)},
                                                   "$unset": {"sealed": ""}})
    assert s.get(f"/kyc/{kid}", headers=aauth).json() == body      # read in the clear meanwhile
    # In the queue with sealed ones after it (a page whose first item has no
    # blind index once broke the page's duplicate query).
    later = kyc_of(s, customer(s)[1], "passport", "A7650000")
    queue = s.get("/kyc/pending", headers=aauth)
    assert queue.status_code == 200, queue.text
    counts = {i["kyc_id"]: i["duplicate_count"] for i in queue.json()}
    assert counts == {kid: 0, later: 0}     # no index yet: not counted either way

    r = admin(s, "migrate")
    assert r.returncode == 0, r.stderr
    assert "1 encrypted" in r.stdout
    assert sealed.stored(s, oid) == (raw, "A7654321")
    kyc = s.db["kyc_doc"].find_one({"_id": oid})
    assert "sealing" not in kyc and kyc["number_index"] == sealed.blind_index(
        sealed.read_keys(s.sbd.key_file), "passport", "A7654321")
    assert s.get(f"/kyc/{kid}", headers=aauth).json() == body
    assert s.get(f"/kyc/{kid}/document", headers=aauth).content == raw
    r = admin(s, "migrate")
    assert r.returncode == 0 and "0 encrypted" in r.stdout
    assert sealed.stored(s, oid) == (raw, "A7654321")


def b64key(key):
    return base64.b64encode(key).decode()


def insert_sealed(s, keys, kek_id, user, n):
    """n KYCs of user sealed by the test (from the manual), fast: {id: (bytes, number)}."""
    import datetime
    import hashlib
    uid = ObjectId(user["id"])
    originals, kycs, recs = {}, [], []
    for i in range(n):
        oid, data, num = ObjectId(), b"%PDF-1.4\n" + os.urandom(300), f"A{1000000 + i}"
        kyc, rec = sealed.sealed_record(keys, kek_id, oid, uid, "passport", num, data)
        kyc.update({"user_name": "Many Docs", "user_email": user["email"], "status": "REJECTED",
                    "document_encoding": "base64", "media_type": "application/pdf",
                    "document_size": len(data), "document_sha256": hashlib.sha256(data).hexdigest(),
                    "submitted_at": datetime.datetime.now(datetime.timezone.utc),
                    "submission_key": f"{uid}:{1000 + i}", "attempt": 1000 + i,
                    "reviewed_by": None, "review_notes": None, "reviewed_at": None,
                    "submitted_from": "192.0.2.1"})
        rec["media_type"] = "application/pdf"
        kycs.append(kyc)
        recs.append(rec)
        originals[oid] = (data, num)
    s.db["kyc_doc"].insert_many(kycs)
    s.db["kyc_document"].insert_many(recs)
    return originals


def test_rotation_rewraps_every_key_resumably(fresh_stack):
    s = fresh_stack
    keys = sealed.read_keys(s.sbd.key_file)
    u, _ = customer(s)
    _, aauth = auditor(s)
    originals = insert_sealed(s, keys, "k1", u, 1500)
    # Written by the test, read by the service: the format is the manual's.
    some = list(originals)[:3]
    for oid in some:
        assert s.get(f"/kyc/{oid}/document", headers=aauth).content == originals[oid][0]
        assert s.get(f"/kyc/{oid}", headers=aauth).json()["document_number"] == originals[oid][1]
    api_kid = ObjectId(kyc_of(s, customer(s)[1], "passport", "A7777777"))
    originals[api_kid] = sealed.stored(s, api_kid)
    # 1 500 data keys wrapped by k1 directly (version 1, as before
    # customers had keys) and one customer's key.
    total = len(originals) - 1
    assert s.db["customer_key"].count_documents({"kek": "k1"}) == 1

    def under_k2():
        return (s.db["kyc_doc"].count_documents({"dek.kek": "k2"}),
                s.db["customer_key"].count_documents({"kek": "k2"}))

    # A new key, appended; the service restarted wraps new data keys with it.
    k2 = random_key()
    restart_with_keys(s, [("k1", b64key(keys["k1"])), ("k2", k2)], b64key(keys["index"]))
    # Rotation killed half-way...
    tool = os.environ.get("SMARTBANK_ADMIN") or os.path.join(os.path.dirname(s.sbd_path),
                                                             "smartbank-admin")
    # A slow machine must not turn a scan of 1 500 records into a timeout.
    s.sbd.env["SMARTBANK_DB_TIMEOUT_MS"] = "10000"
    proc = subprocess.Popen([tool, "rotate-keys"], env=s.sbd.env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    import signal
    import time
    deadline = time.monotonic() + 60
    while under_k2()[0] < 40 and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert proc.poll() is None, proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # An update the killed process had sent may still be applied: count
    # once the database has nothing more of it.
    done, last = -1, under_k2()
    while done != last:
        time.sleep(0.3)
        done, last = last, under_k2()
    # Customers' keys first: that one is done.
    done, customers_done = done
    assert customers_done == 1
    assert 0 < done < total, f"killed too late to show anything ({done})"
    assert s.db["user_log"].count_documents({"action": "KEYS_ROTATED"}) == 0
    # ...and run again: it finishes the rest, and says so.
    r = admin(s, "rotate-keys")
    assert r.returncode == 0, r.stderr
    assert f"0 customer key(s) and {total - done} data key(s) re-wrapped by key \"k2\"" \
        in r.stdout
    assert s.db["kyc_doc"].count_documents({"dek.kek": "k1"}) == 0
    assert s.db["customer_key"].count_documents({"kek": "k1"}) == 0
    entry = s.db["user_log"].find_one({"action": "KEYS_ROTATED"})
    assert entry["details"]["kek"] == "k2" and entry["details"]["rewrapped"] == str(total - done)
    assert entry["details"]["customers"] == "0"
    assert entry["actor_role"] == "admin" and entry["user_id"] is None

    # The old key leaves the file: everything still reads, byte for byte.
    restart_with_keys(s, [("k2", k2)], b64key(keys["index"]))
    after = sealed.read_keys(s.sbd.key_file)
    assert "k1" not in after
    for oid, (data, num) in originals.items():
        kyc = s.db["kyc_doc"].find_one({"_id": oid})
        rec = s.db["kyc_document"].find_one({"_id": oid})
        assert (sealed.document(after, kyc, rec, s.db) == data
                and sealed.number(after, kyc, s.db) == num)
    for oid in some + [api_kid]:
        assert s.get(f"/kyc/{oid}/document", headers=aauth).content == originals[oid][0]
        assert s.get(f"/kyc/{oid}", headers=aauth).json()["document_number"] == originals[oid][1]
    # Nothing left to do: nothing changes, nothing is audited.
    r = admin(s, "rotate-keys")
    assert r.returncode == 0 and "0 customer key(s) and 0 data key(s) re-wrapped" in r.stdout
    assert s.db["user_log"].count_documents({"action": "KEYS_ROTATED"}) == 1


def test_migrate_moves_data_keys_under_customers_keys_resumably(fresh_stack):
    """Issue 25: records sealed before customers had keys (data keys wrapped
    by a KEK directly) move under their customers' keys, in place; a run
    killed half-way is finished by the next, and every record reads the
    same before, during and after."""
    import signal
    import time
    s = fresh_stack
    keys = sealed.read_keys(s.sbd.key_file)
    u, _ = customer(s)
    _, aauth = auditor(s)
    originals = insert_sealed(s, keys, "k1", u, 600)
    api_kid = ObjectId(kyc_of(s, customer(s)[1], "passport", "A7777777"))
    originals[api_kid] = sealed.stored(s, api_kid)

    def moved():
        return s.db["kyc_doc"].count_documents({"dek.v": 2}) - 1     # but api_kid

    assert moved() == 0
    tool = os.environ.get("SMARTBANK_ADMIN") or os.path.join(os.path.dirname(s.sbd_path),
                                                             "smartbank-admin")
    s.sbd.env["SMARTBANK_DB_TIMEOUT_MS"] = "10000"
    proc = subprocess.Popen([tool, "migrate"], env=s.sbd.env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while moved() < 40 and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert proc.poll() is None, proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done, last = -1, moved()
    while done != last:
        time.sleep(0.3)
        done, last = last, moved()
    assert 0 < done < 600, f"killed too late to show anything ({done})"
    # Half-way, both forms read.
    for oid in list(originals)[:3] + list(originals)[-3:]:
        assert s.get(f"/kyc/{oid}/document", headers=aauth).content == originals[oid][0]
    # The rest of 600 records: 20-30 s on two busy cores (CI's run of
    # ef8f056 took more than 30), and this test is about resuming.
    r = admin(s, "migrate", timeout=180)
    assert r.returncode == 0, r.stderr
    assert f"{600 - done} moved to their customer's key" in r.stdout, r.stdout
    assert s.db["kyc_doc"].count_documents({"dek.kek": {"$exists": True}}) == 0
    # One key for the customer, one salt per record.
    ck = s.db["customer_key"].find_one({"_id": ObjectId(u["id"])})
    assert ck["kek"] == "k1" and len(ck["salts"]) == 600
    for oid, (data, num) in originals.items():
        kyc = s.db["kyc_doc"].find_one({"_id": oid})
        rec = s.db["kyc_document"].find_one({"_id": oid})
        assert kyc["dek"]["v"] == 2
        assert sealed.document(keys, kyc, rec, s.db) == data
        assert sealed.number(keys, kyc, s.db) == num
    for oid in list(originals)[:3]:
        assert s.get(f"/kyc/{oid}", headers=aauth).json()["document_number"] == originals[oid][1]
    r = admin(s, "migrate")
    assert r.returncode == 0 and "0 moved to their customer's key" in r.stdout


def test_rotation_reports_keys_that_do_not_unwrap(fresh_stack):
    s = fresh_stack
    keys = sealed.read_keys(s.sbd.key_file)
    u, _ = customer(s)
    originals = insert_sealed(s, keys, "k1", u, 3)
    bad = list(originals)[1]
    flip(s, "kyc_doc", str(bad), "dek", at=30, sub="key")
    restart_with_keys(s, [("k1", b64key(keys["k1"])), ("k2", random_key())], b64key(keys["index"]))
    r = admin(s, "rotate-keys")
    assert r.returncode == 1
    assert "2 data key(s) re-wrapped" in r.stdout and "1 key(s) did not unwrap" in r.stderr
    assert s.db["kyc_doc"].find_one({"_id": bad})["dek"]["kek"] == "k1"


def test_one_passport_used_by_two_customers_is_flagged(fresh_stack):
    s = fresh_stack
    _, aauth = auditor(s)
    a, auth_a = customer(s)
    b, auth_b = customer(s)
    c, auth_c = customer(s)
    ka = kyc_of(s, auth_a, "aadhar", "2345 6789 0123")
    kb = kyc_of(s, auth_b, "aadhar", "2345-6789-0123")     # the same, written otherwise
    kc = kyc_of(s, auth_c, "passport", "K7654321")
    # The same characters as another type are another document.
    d, auth_d = customer(s)
    e, auth_e = customer(s)
    kd = kyc_of(s, auth_d, "voter_id", "KAB7654321")
    ke = kyc_of(s, auth_e, "pan", "KABCD7654A")
    queue = {i["kyc_id"]: i for i in s.get("/kyc/pending?limit=200", headers=aauth).json()}
    assert queue[ka]["duplicate_count"] == 1 and queue[kb]["duplicate_count"] == 1
    assert [queue[k]["duplicate_count"] for k in (kc, kd, ke)] == [0, 0, 0]
    # The seed's fields are as they were.
    assert queue[kb]["document_number"] == "2345-6789-0123"

    body = s.get(f"/kyc/{ka}", headers=aauth).json()
    assert body["duplicate_count"] == 1
    assert body["duplicates"] == [{"kyc_id": kb, "user_id": b["id"], "status": "SUBMITTED",
                                   "user_name": "John Doe", "user_email": b["email"]}]
    assert s.get(f"/kyc/{kc}", headers=aauth).json()["duplicates"] == []
    # The audit entry of the second submission counted the first.
    def submitted(kid):
        return s.db["user_log"].find_one({"action": "KYC_SUBMITTED", "details.kyc_id": kid})
    assert submitted(ka)["details"]["duplicate_count"] == 0
    assert submitted(kb)["details"]["duplicate_count"] == 1

    # A customer's own resubmission is not a duplicate.
    assert s.put(f"/kyc/{kc}/reject", headers=aauth, json={}).status_code == 200
    kc2 = kyc_of(s, auth_c, "passport", "K7654321")
    assert submitted(kc2)["details"]["duplicate_count"] == 0
    queue = {i["kyc_id"]: i for i in s.get("/kyc/pending?limit=200", headers=aauth).json()}
    assert queue[kc2]["duplicate_count"] == 0
    # A rejected one still counts for others: it is the same document.
    assert s.put(f"/kyc/{kb}/reject", headers=aauth, json={}).status_code == 200
    body = s.get(f"/kyc/{ka}", headers=aauth).json()
    assert body["duplicates"] == [{"kyc_id": kb, "user_id": b["id"], "status": "REJECTED",
                                   "user_name": "John Doe", "user_email": b["email"]}]


def test_many_duplicates_list_ten(fresh_stack):
    s = fresh_stack
    _, aauth = auditor(s)
    kids = [kyc_of(s, customer(s)[1], "pan", "ABCDE1234F") for _ in range(12)]
    body = s.get(f"/kyc/{kids[0]}", headers=aauth).json()
    assert body["duplicate_count"] == 11 and len(body["duplicates"]) == 10
    assert [d["kyc_id"] for d in body["duplicates"]] == kids[1:11]      # oldest first
    assert all(i["duplicate_count"] == 11 for i in s.get("/kyc/pending", headers=aauth).json())


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_QUEUE_MASK_NUMBERS": "on"}], indirect=True)
def test_queue_masks_numbers_when_asked(fresh_stack):
    s = fresh_stack
    _, aauth = auditor(s)
    kid = kyc_of(s, customer(s)[1], "passport", "A1234567")
    item = s.get("/kyc/pending", headers=aauth).json()[0]
    assert item["kyc_id"] == kid and item["document_number"] == "****4567"
    # The detail view shows it whole, and the read is audited.
    assert s.get(f"/kyc/{kid}", headers=aauth).json()["document_number"] == "A1234567"
    assert s.db["user_log"].find_one({"action": "KYC_VIEWED", "details.kyc_id": kid})
