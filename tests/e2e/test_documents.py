"""Identity documents in their own collection: what is accepted, how the
bytes are stored and served, the raw document route, the quotas, the
crash-safe write order, and the move of an old database to this layout."""

import base64
import datetime
import hashlib
import os
import signal
import subprocess
import time

import pytest
from bson import Binary, ObjectId

import sealed
import scans
from api import admin, auditor, customer, document, queue_key

# Small but real files of each accepted kind: the service decodes them whole.
PNG = scans.image("PNG")
JPEG = scans.image("JPEG")
WEBP = scans.image("WEBP")
PDF = scans.pdf()

# Not identity documents: refused whatever the document type.
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56
ZIP = b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 56
GZIP = b"\x1f\x8b\x08\x00" + b"\x00" * 20
RANDOM = bytes(range(7, 200))

SERVED = {  # media type stored -> (Content-Type served, inline)
    "image/png": ("image/png", True),
    "image/jpeg": ("image/jpeg", True),
    "application/pdf": ("application/pdf", True),
    "image/webp": ("application/octet-stream", False),
    "text/plain": ("text/plain; charset=utf-8", True),
}


def b64(data):
    return base64.b64encode(data).decode()


def upload(stack, auth, data, kind="pan"):
    return stack.post("/kyc/upload", headers=auth, json=dict(document(kind), document_data=data))


def stored_counts(stack):
    return stack.counts(("user", "kyc_doc", "user_log", "kyc_document", "kyc_upload"))


@pytest.mark.parametrize("raw,media", [
    (PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp"), (PDF, "application/pdf"),
    ("Passport of Jane Roe, scan to follow.\nPage 1 of 1".encode(), "text/plain"),
])
def test_each_format_is_stored_and_served_byte_for_byte(stack, raw, media):
    _, auth = customer(stack)
    _, aauth = auditor(stack)
    text = media == "text/plain"
    sent = raw.decode() if text else b64(raw)
    r = upload(stack, auth, sent)
    assert r.status_code == 200, r.text
    kid = r.json()["kyc_id"]

    # Stored: the bytes by KYC id, the metadata in kyc_doc.
    rec = stack.db["kyc_document"].find_one({"_id": ObjectId(kid)})
    assert sealed.stored(stack, ObjectId(kid))[0] == raw and rec["size"] == len(raw)
    assert rec["media_type"] == media and rec["encoding"] == ("text" if text else "base64")
    assert rec["sha256"] == hashlib.sha256(raw).hexdigest()
    kyc = stack.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert "document_data" not in kyc and kyc["media_type"] == media

    # The record answers document_data as it was uploaded.
    d = stack.get(f"/kyc/{kid}", headers=aauth).json()
    assert d["document_data"] == sent
    assert d["document_encoding"] == ("text" if text else "base64") and d["media_type"] == media

    # The raw route answers the bytes, with headers that keep them inert.
    r = stack.get(f"/kyc/{kid}/document", headers=aauth)
    assert r.status_code == 200 and r.content == raw
    ctype, shown = SERVED[media]
    assert r.headers["Content-Type"] == ctype
    assert r.headers["Content-Length"] == str(len(raw))
    disposition = r.headers["Content-Disposition"]
    assert disposition == "inline" if shown else disposition.startswith("attachment")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert r.headers["Cache-Control"] == "no-store"
    # Each read is audited with the part that was read.
    parts = [e["details"].get("part") for e in stack.db["user_log"].find(
        {"action": "KYC_VIEWED", "details.kyc_id": kid})]
    assert sorted(parts) == ["document", "record"]


@pytest.mark.parametrize("raw", [ELF, PE, ZIP, GZIP, RANDOM, b"\x00\x00\x00\x00"],
                         ids=["elf", "pe", "zip", "gzip", "random", "zeros"])
def test_anything_but_an_identity_document_is_refused(stack, raw):
    _, auth = customer(stack)
    before = stored_counts(stack)
    r = upload(stack, auth, b64(raw))
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert [e["loc"] for e in detail] == [["body", "document_data"]]
    assert "JPEG, PNG, WebP or PDF" in detail[0]["msg"]
    assert stored_counts(stack) == before


def test_raw_route_is_for_auditors_only(stack):
    _, auth = customer(stack)
    kid = upload(stack, auth, b64(PNG)).json()["kyc_id"]
    r = stack.get(f"/kyc/{kid}/document", headers=auth)
    assert r.status_code == 403 and r.json() == {"detail": "Only auditors can view KYC documents"}
    r = stack.get(f"/kyc/{kid}/document")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"] == "Bearer"
    _, aauth = auditor(stack)
    assert stack.get(f"/kyc/{ObjectId()}/document", headers=aauth).status_code == 404
    r = stack.get("/kyc/nope/document", headers=aauth)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["path", "kyc_id"]
    assert stack.put(f"/kyc/{kid}/document", headers=aauth).status_code == 405


def test_queue_shows_the_name_and_email_as_submitted(stack):
    u, auth = customer(stack, name="Queue Person")
    kid = upload(stack, auth, b64(PNG)).json()["kyc_id"]
    _, aauth = auditor(stack)
    after = None
    while True:
        page = stack.get("/kyc/pending", headers=aauth,
                         params={"limit": 200, **({"after": after} if after else {})}).json()
        mine = [i for i in page if i["kyc_id"] == kid]
        if mine or not page:
            break
        after = page[-1]["kyc_id"]
    assert mine and mine[0]["user_name"] == "Queue Person" and mine[0]["user_email"] == u["email"]


def reject(stack, aauth, kid):
    assert stack.put(f"/kyc/{kid}/reject", headers=aauth, json={"review_notes": "again"}).status_code == 200


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_KYC_MAX_PER_DAY": "2"}], indirect=True)
def test_daily_submission_quota(fresh_stack):
    s = fresh_stack
    _, auth = customer(s)
    _, aauth = auditor(s)
    for _ in range(2):
        r = upload(s, auth, b64(PNG))
        assert r.status_code == 200
        reject(s, aauth, r.json()["kyc_id"])
    before = stored_counts(s)
    r = upload(s, auth, b64(PNG))
    assert r.status_code == 429, r.text
    assert r.json() == {"detail": "Too many KYC submissions today; try again later"}
    assert 0 < int(r.headers["Retry-After"]) <= 86400
    assert stored_counts(s) == before
    # Another customer is not affected.
    _, other = customer(s)
    assert upload(s, other, b64(PNG)).status_code == 200


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_KYC_MAX_STORED_BYTES": str(5 * 1024 * 1024)}],
                         indirect=True)
def test_stored_bytes_quota_is_decided_before_decoding(fresh_stack):
    s = fresh_stack
    _, auth = customer(s)
    _, aauth = auditor(s)
    three_mib = scans.pdf(size=3 * 1024 * 1024)
    r = upload(s, auth, b64(three_mib))
    assert r.status_code == 200
    reject(s, aauth, r.json()["kyc_id"])
    before = stored_counts(s)
    r = upload(s, auth, b64(three_mib))
    assert r.status_code == 429 and r.json() == {"detail": "KYC document storage quota reached"}
    assert int(r.headers["Retry-After"]) == 86400
    assert stored_counts(s) == before
    # A small one still fits.
    assert upload(s, auth, b64(PNG)).status_code == 200


def test_many_large_uploads_keep_answering(stack):
    """Scans of 3 MiB, one after another, then the queue: every answer in
    time (the local database would time out, 503, if kyc_doc queries read
    the bytes)."""
    _, aauth = auditor(stack)
    scan = scans.pdf(size=3 * 1024 * 1024)
    for _ in range(24):
        _, auth = customer(stack)
        r = upload(stack, auth, b64(scan))
        assert r.status_code == 200, r.text[:200]
    r = stack.get("/kyc/pending", headers=aauth, params={"limit": 200})
    assert r.status_code == 200 and len(r.json()) > 0
    # No queue item carries any bytes.
    assert all("document_data" not in i for i in r.json())


# -- crash safety: the sweep (smartbank-admin repair) ---------------------------

def old(seconds):
    return datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=seconds)


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_UPLOAD_GRACE_SECONDS": "60"}], indirect=True)
def test_a_crash_between_the_writes_leaves_nothing_behind(fresh_stack):
    s = fresh_stack
    u, auth = customer(s)
    uid = ObjectId(u["id"])
    # (1) Died after the bytes, before the kyc_doc: the bytes are an orphan.
    orphan = ObjectId()
    s.db["kyc_upload"].insert_one({"_id": orphan, "user_id": uid, "at": old(120)})
    s.db["kyc_document"].insert_one({"_id": orphan, "user_id": uid, "data": Binary(PNG),
                                     "encoding": "base64", "size": len(PNG)})
    # (2) Died after the kyc_doc, before the note went: a good KYC.
    kid = ObjectId(upload(s, auth, b64(PNG)).json()["kyc_id"])
    s.db["kyc_upload"].insert_one({"_id": kid, "user_id": uid, "at": old(120)})
    # (3) An upload still under way (within the grace period): left alone.
    young = ObjectId()
    s.db["kyc_upload"].insert_one({"_id": young, "user_id": uid, "at": old(1)})
    s.db["kyc_document"].insert_one({"_id": young, "user_id": uid, "data": Binary(PNG),
                                     "encoding": "base64", "size": len(PNG)})

    r = admin(s, "repair")
    assert r.returncode == 0, r.stderr
    assert "2 interrupted upload(s) cleaned up" in r.stdout
    assert s.db["kyc_document"].find_one({"_id": orphan}) is None
    assert s.db["kyc_upload"].find_one({"_id": orphan}) is None
    assert sealed.stored(s, kid)[0] == PNG
    assert s.db["kyc_upload"].find_one({"_id": kid}) is None
    assert s.db["kyc_upload"].find_one({"_id": young}) is not None
    # No kyc_doc without its bytes.
    for k in s.db["kyc_doc"].find({}, {"_id": 1}):
        assert s.db["kyc_document"].find_one({"_id": k["_id"]}) is not None
    _, aauth = auditor(s)
    assert s.get(f"/kyc/{kid}/document", headers=aauth).content == PNG
    # A second repair changes nothing.
    r = admin(s, "repair")
    assert "0 interrupted upload(s) cleaned up" in r.stdout


@pytest.mark.parametrize("fresh_stack", [{"SMARTBANK_UPLOAD_GRACE_SECONDS": "1"}], indirect=True)
def test_new_workers_clean_up_a_dead_upload(fresh_stack):
    s = fresh_stack
    orphan = ObjectId()
    s.db["kyc_upload"].insert_one({"_id": orphan, "user_id": ObjectId(), "at": old(30)})
    s.db["kyc_document"].insert_one({"_id": orphan, "data": Binary(PDF), "encoding": "base64",
                                     "size": len(PDF)})
    s.sbd.proc.send_signal(signal.SIGHUP)    # new workers sweep when they start
    deadline = time.monotonic() + 10
    while s.db["kyc_upload"].find_one({"_id": orphan}) is not None:
        assert time.monotonic() < deadline, "not swept"
        time.sleep(0.1)
    assert s.db["kyc_document"].find_one({"_id": orphan}) is None


# -- the old layout, and smartbank-admin migrate ------------------------------

def old_layout_kyc(s, uid, data, encoding):
    """A kyc_doc as the earlier layout wrote it: the data inside."""
    kid = ObjectId()
    s.db["kyc_doc"].insert_one({
        "_id": kid, "user_id": uid, "document_type": "pan", "document_number": "ABCDE1234F",
        "document_data": data, "document_encoding": encoding, "status": "SUBMITTED",
        "submitted_at": old(3600), "submission_key": f"{uid}:{kid}", "attempt": 0,
        "reviewed_by": None, "review_notes": None, "reviewed_at": None,
        "submitted_from": "192.0.2.9"})
    return kid


def answers(s, aauth, kid):
    rec = s.get(f"/kyc/{kid}", headers=aauth)
    raw = s.get(f"/kyc/{kid}/document", headers=aauth)
    assert rec.status_code == 200 and raw.status_code == 200
    body = rec.json()
    return (body["document_data"], body["document_encoding"], body["media_type"],
            raw.content, raw.headers["Content-Type"])


def test_migrate_moves_the_old_layout_and_the_service_reads_both(fresh_stack):
    s = fresh_stack
    u, _ = customer(s, name="Old Timer")
    uid = ObjectId(u["id"])
    _, aauth = auditor(s)
    kids = [old_layout_kyc(s, uid, b64(PNG), "base64"),
            old_layout_kyc(s, uid, "Text document of the old days", "text"),
            old_layout_kyc(s, uid, "aGVsbG8=", "base64")]      # bytes of no known format
    before = {k: answers(s, aauth, k) for k in kids}
    assert before[kids[0]][2] == "image/png" and before[kids[0]][3] == PNG
    assert before[kids[2]][3] == b"hello" and before[kids[2]][4] == "application/octet-stream"

    r = admin(s, "migrate")
    assert r.returncode == 0, r.stderr
    assert "3 document(s) moved" in r.stdout
    for k in kids:
        kyc = s.db["kyc_doc"].find_one({"_id": k})
        assert "document_data" not in kyc
        assert kyc["user_name"] == "Old Timer" and kyc["user_email"] == u["email"]
        # Sealed as it moved, under a data key stored first.
        assert sealed.stored(s, k) == (before[k][3], "ABCDE1234F")
        assert answers(s, aauth, k) == before[k]
    # Twice: nothing more to do, nothing changed.
    r = admin(s, "migrate")
    assert r.returncode == 0 and "0 document(s) moved" in r.stdout
    assert all(answers(s, aauth, k) == before[k] for k in kids)


def queue_pages(s, aauth, limit):
    seen, after = [], None
    while True:
        page = s.get("/kyc/pending", headers=aauth,
                     params={"limit": limit, **({"after": after} if after else {})}).json()
        if not page:
            return seen
        seen += [ObjectId(i["kyc_id"]) for i in page]
        after = page[-1]["kyc_id"]


def test_the_queue_pages_across_both_layouts_and_migrate_keys_it(fresh_stack):
    """A submission carries its place in the queue (queue_key: submitted_at
    and id); records of the release before it have none, come first in the
    queue meanwhile, and get theirs from migrate, which also drops the
    queue's former index."""
    s = fresh_stack
    _, aauth = auditor(s)
    olds = []
    for i in range(3):          # the old layout: older, without a key
        u, _ = customer(s)
        olds.append(old_layout_kyc(s, ObjectId(u["id"]), "Old text %d" % i, "text"))
    keyless = []
    for i in range(2):          # the new layout, but written before queue_key
        _, auth = customer(s)
        r = upload(s, auth, b64(PNG))
        assert r.status_code == 200, r.text
        kid = ObjectId(r.json()["kyc_id"])
        s.db["kyc_doc"].update_one({"_id": kid}, {"$unset": {"queue_key": ""}})
        keyless.append(kid)
    news = []
    for i in range(3):
        _, auth = customer(s)
        r = upload(s, auth, b64(PNG))
        kid = ObjectId(r.json()["kyc_id"])
        kyc = s.db["kyc_doc"].find_one({"_id": kid})
        assert kyc["queue_key"] == queue_key(kyc["submitted_at"], kyc["_id"])
        news.append(kid)
    s.db["kyc_doc"].create_index([("status", 1), ("submitted_at", 1), ("_id", 1)],
                                 name="status_submitted")

    def in_order(ids):
        return sorted(ids, key=lambda k: (lambda d: (d["submitted_at"], d["_id"]))(
            s.db["kyc_doc"].find_one({"_id": k})))

    # Before migrate: those without a key first, oldest first, then the rest.
    want = in_order(olds + keyless) + in_order(news)
    for limit in (1, 2, 3, 50):
        assert queue_pages(s, aauth, limit) == want, limit

    r = admin(s, "migrate")
    assert r.returncode == 0, r.stderr
    assert "5 given a queue key" in r.stdout, r.stdout
    for kid in olds + keyless + news:
        kyc = s.db["kyc_doc"].find_one({"_id": kid})
        assert kyc["queue_key"] == queue_key(kyc["submitted_at"], kyc["_id"])
    assert "status_submitted" not in s.db["kyc_doc"].index_information()
    assert "status_queue" in s.db["kyc_doc"].index_information()
    want = in_order(olds + keyless + news)
    for limit in (1, 2, 50):
        assert queue_pages(s, aauth, limit) == want, limit
    r = admin(s, "migrate")
    assert r.returncode == 0 and "0 given a queue key" in r.stdout, r.stdout


def test_migrate_killed_half_way_ends_the_same(fresh_stack):
    s = fresh_stack
    u, _ = customer(s)
    uid = ObjectId(u["id"])
    originals = {}
    for i in range(200):
        raw = b"%PDF-1.4\n" + os.urandom(20_000)
        originals[old_layout_kyc(s, uid, b64(raw), "base64")] = raw
    tool = os.environ.get("SMARTBANK_ADMIN") or os.path.join(
        os.path.dirname(s.sbd_path), "smartbank-admin")
    proc = subprocess.Popen([tool, "migrate"], env=s.sbd.env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while s.db["kyc_document"].count_documents({}) < 30 and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    moved = s.db["kyc_document"].count_documents({})
    assert 0 < moved < len(originals), "killed too late to show anything"
    r = admin(s, "migrate")
    assert r.returncode == 0, r.stderr
    assert s.db["kyc_document"].count_documents({}) == len(originals)
    for kid, raw in originals.items():
        assert sealed.stored(s, kid)[0] == raw
        kyc = s.db["kyc_doc"].find_one({"_id": kid})
        assert "document_data" not in kyc
        assert kyc["document_sha256"] == hashlib.sha256(raw).hexdigest()
