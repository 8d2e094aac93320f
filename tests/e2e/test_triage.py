"""A queue to triage (issue 26): GET /kyc/pending filters by document type,
whether another customer has used the number too, submission dates and
holder; GET /kyc/pending/summary counts what the
filters leave; GET /kyc/search finds KYCs in any status by a customer's
exact email, a prefix of their name (case and spacing aside) or an exact
document number (through its blind index).  Every answer is compared with
what the test computes itself over the stored kyc_docs; every bad parameter
is a 422 that changes nothing."""

import base64
import datetime
import tempfile

import pytest
from bson import ObjectId

import scans
from api import admin, auditor, customer, queue_key, unique_email
from stack import Stack, assert_clean_log

SCAN = base64.b64encode(scans.pdf()).decode()
TYPES = ["aadhar", "pan", "passport", "driving_license", "voter_id"]
NAMES = ["Asha Rao", "asha  Verma", "Bala Iyer", "Chitra Nair", "Dev Patel", "Élodie D'Souza",
         "Farah Khan", "Gita Sen", "Hari Das", "Asha Rao"]
BASE = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.timezone.utc)


def number(kind, i):
    """Document numbers: even customers share theirs with those 10 and 20
    after or before them (the same type); Aadhaar and licences all share."""
    n = i % 10 if i % 2 == 0 else 100 + i
    return {"aadhar": "1234-5678-9012", "pan": f"ABCDE{n:04d}F", "passport": f"A{n:07d}",
            "driving_license": "MH14 20110062821", "voter_id": f"ABC{n:07d}"}[kind]


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def name_key(name):
    return " ".join(name.split()).translate(
        {c: c + 32 for c in range(ord("A"), ord("Z") + 1)})


@pytest.fixture(scope="module")
def team(workroot):
    """One stack for the module: 30 submissions of 5 types, spread over 30
    hours; 3 approved; cases held by auditor a (one lease run out) and b."""
    s = Stack(tempfile.mkdtemp(dir=workroot))
    a_user, a = auditor(s, "Triage Auditor A")
    b_user, b = auditor(s, "Triage Auditor B")
    kids, emails = [], []
    for i in range(30):
        kind = TYPES[i % len(TYPES)]
        email = unique_email(f"triage{i}")
        u, auth = customer(s, email=email, name=NAMES[i % len(NAMES)])
        r = s.post("/kyc/upload", headers=auth, json={
            "document_type": kind, "document_number": number(kind, i), "document_data": SCAN})
        assert r.status_code == 200, r.text
        kid = ObjectId(r.json()["kyc_id"])
        at = BASE + datetime.timedelta(hours=i, milliseconds=i * 7)
        s.db["kyc_doc"].update_one({"_id": kid}, {"$set": {
            "submitted_at": at, "queue_key": queue_key(at, kid)}})
        kids.append(str(kid))
        emails.append(email)
    for kid in kids[3:6]:
        assert s.put(f"/kyc/{kid}/approve", headers=b).status_code == 200
    for kid in kids[6:10]:
        assert s.post(f"/kyc/{kid}/claim", headers=a).status_code == 200
    for kid in kids[10:12]:
        assert s.post(f"/kyc/{kid}/claim", headers=b).status_code == 200
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
    s.db["kyc_doc"].update_one({"_id": ObjectId(kids[9])}, {"$set": {"claim.until": past}})
    yield {"s": s, "a": a, "a_id": a_user["id"], "b": b, "kids": kids, "emails": emails}
    s.close()
    assert_clean_log(s.sbd.log())


def shared_numbers(db):
    """The blind indexes that KYCs of two customers or more have."""
    owners = {}
    for d in db["kyc_doc"].find({"number_index": {"$exists": True}}):
        owners.setdefault(d["number_index"], set()).add(d["user_id"])
    return {k for k, users in owners.items() if len(users) > 1}


def reference(t, document_type=None, submitted_from=None, submitted_to=None, holder="any",
              me=None, duplicate=None):
    """The queue the filters leave, computed here from the stored kyc_docs
    (duplicates from the numbers themselves, not from the stored flag)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    shared = shared_numbers(t["s"].db)
    out = []
    for d in t["s"].db["kyc_doc"].find({"status": "SUBMITTED"}):
        at = d["submitted_at"].replace(tzinfo=datetime.timezone.utc)
        claim = d.get("claim") or {}
        until = claim.get("until")
        live = until is not None and until.replace(tzinfo=datetime.timezone.utc) > now
        if document_type and d["document_type"] != document_type:
            continue
        if duplicate is not None and (d.get("number_index") in shared) != duplicate:
            continue
        if submitted_from and at < submitted_from:
            continue
        if submitted_to and at > submitted_to:
            continue
        if holder == "me" and not (live and str(claim.get("by")) == me):
            continue
        if holder == "none" and live:
            continue
        out.append(d)
    out.sort(key=lambda d: d["queue_key"])
    return out


def params(document_type=None, submitted_from=None, submitted_to=None, holder="any",
           duplicate=None, **_):
    p = {"holder": holder}
    if document_type:
        p["document_type"] = document_type
    if duplicate is not None:
        p["duplicate"] = "true" if duplicate else "false"
    if submitted_from:
        p["submitted_from"] = iso(submitted_from)
    if submitted_to:
        p["submitted_to"] = iso(submitted_to)
    return p


def every_page(t, p, limit):
    got, after = [], None
    while True:
        q = dict(p, limit=limit, **({"after": after} if after else {}))
        r = t["s"].get("/kyc/pending", headers=t["a"], params=q)
        assert r.status_code == 200, r.text
        page = r.json()
        got += page
        if len(page) < limit:
            return got
        after = page[-1]["kyc_id"]


FILTERS = [{}] + [{"document_type": k} for k in TYPES] + [
    {"submitted_from": BASE + datetime.timedelta(hours=7)},
    {"submitted_to": BASE + datetime.timedelta(hours=20, milliseconds=140)},
    {"submitted_from": BASE + datetime.timedelta(hours=8, milliseconds=56),
     "submitted_to": BASE + datetime.timedelta(hours=25, milliseconds=175)},
    {"holder": "me"}, {"holder": "none"}, {"holder": "any"},
    {"duplicate": True}, {"duplicate": False},
    {"duplicate": True, "document_type": "pan"}, {"duplicate": True, "holder": "none"},
    {"document_type": "pan", "holder": "none"},
    {"document_type": "passport", "submitted_from": BASE + datetime.timedelta(hours=12)},
    {"submitted_from": BASE + datetime.timedelta(days=30)},
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(f"{k}" for k in f) or "none")
def test_a_filtered_queue_is_what_the_stored_queue_holds(team, f):
    want = reference(team, me=team["a_id"], **f)
    ids = [str(d["_id"]) for d in want]
    # Every filter but the last leaves some of the queue, and not all of it.
    everything = len(reference(team))
    assert (0 < len(want) < everything) if f not in (FILTERS[0], {"holder": "any"}, FILTERS[-1]) \
        else len(want) in (0, everything), (len(want), everything)
    for limit in (4, 200):
        got = every_page(team, params(**f), limit)
        assert [i["kyc_id"] for i in got] == ids, limit
    items = every_page(team, params(**f), 200)
    for item, d in zip(items, want):
        assert item["document_type"] == d["document_type"]
        assert item["user_email"] == d["user_email"] and item["user_name"] == d["user_name"]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(f"{k}" for k in f) or "none")
def test_the_summary_counts_what_the_filters_leave(team, f):
    want = reference(team, me=team["a_id"], **f)
    r = team["s"].get("/kyc/pending/summary", headers=team["a"], params=params(**f))
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["count"] == len(want)
    assert s["by_document_type"] == {k: sum(1 for d in want if d["document_type"] == k)
                                     for k in TYPES}
    if want:
        oldest = want[0]["submitted_at"].replace(tzinfo=datetime.timezone.utc)
        assert s["oldest_submitted_at"] == iso(oldest)
        age = (datetime.datetime.now(datetime.timezone.utc) - oldest).total_seconds()
        assert abs(s["oldest_age_seconds"] - age) < 60
    else:
        assert s["oldest_submitted_at"] is None and s["oldest_age_seconds"] is None


BAD = [
    ({"document_type": "library_card"}, "document_type", "enum"),
    ({"submitted_from": "yesterday"}, "submitted_from", "datetime_parsing"),
    ({"submitted_to": "2026-13-40"}, "submitted_to", "datetime_parsing"),
    ({"submitted_from": "2026-11-02T00:00:00Z", "submitted_to": "2026-11-01T00:00:00Z"},
     "submitted_to", "value_error"),
    ({"holder": "everyone"}, "holder", "enum"),
    ({"duplicate": "yes"}, "duplicate", "bool_parsing"),
    ({"duplicate": ""}, "duplicate", "bool_parsing"),
    ({"holder": "%zz"}, "holder", "enum"),
]


@pytest.mark.parametrize("path", ["/kyc/pending", "/kyc/pending/summary"])
@pytest.mark.parametrize("p,field,kind", BAD)
def test_a_bad_filter_is_a_422_that_changes_nothing(team, path, p, field, kind):
    s = team["s"]
    before = s.count("user_log")
    r = s.get(path + "?" + "&".join(f"{k}={v}" for k, v in p.items()), headers=team["a"])
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert any(d["loc"] == ["query", field] and d["type"] == kind for d in detail), detail
    assert s.count("user_log") == before


def test_customers_cannot_triage(team):
    s = team["s"]
    _, auth = customer(s)
    for path in ("/kyc/pending/summary", "/kyc/search?email=x@example.com"):
        r = s.get(path, headers=auth)
        assert r.status_code == 403 and "detail" in r.json(), path


def search(t, **p):
    r = t["s"].get("/kyc/search", headers=t["a"], params=p)
    assert r.status_code == 200, r.text
    return r.json()


def newest_first(docs):
    return [str(d["_id"]) for d in sorted(docs, key=lambda d: (d["submitted_at"], d["_id"]),
                                          reverse=True)]


def test_search_by_email_finds_that_customers_kycs_in_any_status(team):
    s, db = team["s"], team["s"].db
    for i in (0, 4, 7):                   # queued, approved, held
        email = team["emails"][i]
        want = newest_first(db["kyc_doc"].find({"user_email": email}))
        got = search(team, email=email.upper())
        assert [k["kyc_id"] for k in got] == want == [team["kids"][i]]
        assert got[0]["status"] == db["kyc_doc"].find_one({"_id": ObjectId(want[0])})["status"]
    assert search(team, email="nobody-" + unique_email()) == []


@pytest.mark.parametrize("prefix", ["asha", "  ASHA  ", "Asha V", "asha verma", "él", "é",
                                    "d", "zz"])
def test_search_by_name_prefix_ignores_case_and_spacing(team, prefix):
    db = team["s"].db
    key = name_key(prefix)
    want = sorted((d for d in db["kyc_doc"].find({})
                   if name_key(d["user_name"]).startswith(key)),
                  key=lambda d: (name_key(d["user_name"]).encode(), str(d["_id"])))
    got = search(team, name=prefix, limit=200)
    assert [k["kyc_id"] for k in got] == [str(d["_id"]) for d in want]
    assert all(name_key(k["user_name"]).startswith(key) for k in got)


@pytest.mark.parametrize("kind", TYPES)
def test_search_by_document_number_finds_every_kyc_with_it(team, kind):
    db = team["s"].db
    i = TYPES.index(kind)            # customer i (shared when even, or by type)
    theirs = db["kyc_doc"].find_one({"_id": ObjectId(team["kids"][i])})
    want = newest_first(db["kyc_doc"].find({"number_index": theirs["number_index"]}))
    typed = number(kind, i).lower().replace(" ", "-")      # written another way
    got = search(team, document_number=typed, limit=200)
    assert [k["kyc_id"] for k in got] == want and team["kids"][i] in want
    assert all(k["document_number"] == got[0]["document_number"] for k in got)
    assert search(team, document_number="Z9999999") == []


@pytest.mark.parametrize("query,field", [
    ("", "email"),
    ("email=a@example.com&name=asha", "email"),
    ("email=not-an-email", "email"),
    ("name=%20%20", "name"),
    ("document_number=" + "9" * 65, "document_number"),
    ("document_number=", "document_number"),
    ("document_number=%20-%20/", "document_number"),
    ("name=asha&after=" + "0" * 24, "after"),
    ("name=asha&limit=0", "limit"),
])
def test_a_bad_search_is_a_422(team, query, field):
    r = team["s"].get("/kyc/search?" + query, headers=team["a"])
    assert r.status_code == 422, r.text
    assert any(d["loc"] == ["query", field] for d in r.json()["detail"]), r.json()


def test_migrate_makes_older_submissions_searchable_by_name(fresh_stack):
    s = fresh_stack
    _, a = auditor(s)
    _, auth = customer(s, name="Zubin Mehta")
    r = s.post("/kyc/upload", headers=auth, json={
        "document_type": "pan", "document_number": "ZZZZZ9999Z", "document_data": SCAN})
    kid = r.json()["kyc_id"]
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["user_name_key"] == "zubin mehta"
    s.db["kyc_doc"].update_one({"_id": ObjectId(kid)}, {"$unset": {"user_name_key": ""}})
    assert s.get("/kyc/search?name=zubin", headers=a).json() == []
    r = admin(s, "migrate")
    assert r.returncode == 0 and "1 made searchable by name" in r.stdout, r.stdout + r.stderr
    assert [k["kyc_id"] for k in s.get("/kyc/search?name=zubin", headers=a).json()] == [kid]
    r = admin(s, "migrate")
    assert "0 made searchable by name" in r.stdout, r.stdout


def test_two_customers_with_one_number_are_both_flagged_and_migrate_flags_older_ones(fresh_stack):
    """The duplicate flag the queue filters by: set on both KYCs when a
    second customer submits a number, whichever order their uploads end in,
    and given by smartbank-admin migrate to KYCs stored without one."""
    s = fresh_stack
    _, a = auditor(s)
    kids = []
    for number in ("PQRST1234K", "PQRST1234K", "LMNOP5678Q"):
        _, auth = customer(s)
        r = s.post("/kyc/upload", headers=auth, json={
            "document_type": "pan", "document_number": number, "document_data": SCAN})
        assert r.status_code == 200, r.text
        kids.append(r.json()["kyc_id"])

    def flags():
        return [s.db["kyc_doc"].find_one({"_id": ObjectId(k)}).get("duplicate") for k in kids]

    def queue(dup):
        r = s.get("/kyc/pending", headers=a, params={"duplicate": dup})
        assert r.status_code == 200, r.text
        return [i["kyc_id"] for i in r.json()]

    assert flags() == [True, True, False]
    assert queue("true") == kids[:2] and queue("false") == kids[2:]
    assert s.get("/kyc/pending/summary?duplicate=true", headers=a).json()["count"] == 2
    # Stored before the flag: the queue's filter finds them in neither.
    s.db["kyc_doc"].update_many({}, {"$unset": {"duplicate": ""}})
    assert queue("true") == [] and queue("false") == []
    r = admin(s, "migrate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert flags() == [True, True, False]
    assert queue("true") == kids[:2] and queue("false") == kids[2:]
    r = admin(s, "migrate")
    assert "0 checked for a shared number" in r.stdout, r.stdout
