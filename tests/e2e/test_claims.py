"""Review as a team (issue 26): auditors claim cases for a lease, so that two
never work one case; claim-next hands out the oldest case nobody holds, to
one auditor only; a decision on a case another auditor holds is a 409 that
names them; the seed's own flow (list, then decide) keeps working, the
decision taking the case in the same step.  Every claim and release that
changes a holder is audited, and the Merkle log verifies after."""

import concurrent.futures
import datetime
import threading

import pytest
from bson import ObjectId

from api import admin, auditor, customer, document


def upload(s, auth, kind="pan"):
    r = s.post("/kyc/upload", headers=auth, json=document(kind))
    assert r.status_code == 200, r.text
    return r.json()["kyc_id"]


def cases(s, n):
    return [upload(s, customer(s)[1]) for _ in range(n)]


def entries(s, action, kid):
    return list(s.db["user_log"].find({"action": action, "details.kyc_id": kid})
                .sort([("timestamp", 1), ("_id", 1)]))


def expire(s, kid):
    """The lease of kid's claim ends (as if its 15 minutes had passed)."""
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=1)
    r = s.db["kyc_doc"].update_one({"_id": ObjectId(kid)}, {"$set": {"claim.until": past}})
    assert r.modified_count == 1


def verifies(s):
    r = admin(s, "verify-audit")
    assert r.returncode == 0, r.stdout + r.stderr
    n = s.db["user_log"].count_documents({})
    assert f", {n} entries (0 awaiting their leaf)" in r.stdout, r.stdout


def test_twenty_auditors_claim_next_at_once_on_ten_cases(fresh_stack):
    s = fresh_stack
    kids = cases(s, 10)
    team = [auditor(s, f"Team Auditor {i}") for i in range(20)]
    start = threading.Barrier(len(team))

    def claim_next(a):
        start.wait()
        return a, s.post("/kyc/claim-next", headers=a[1])

    with concurrent.futures.ThreadPoolExecutor(len(team)) as pool:
        answers = list(pool.map(claim_next, team))
    won = [(a, r.json()) for a, r in answers if r.status_code == 200]
    lost = [r for _, r in answers if r.status_code != 200]
    assert len(won) == 10 and len(lost) == 10, [r.text for _, r in answers]
    assert all(r.status_code == 404 and r.json() == {"detail": "Nothing to claim"} for r in lost)
    # Ten distinct cases, each to the auditor who was told so.
    assert sorted(body["kyc_id"] for _, body in won) == sorted(kids)
    for (who, _), body in won:
        assert body["claimed_by"] == {"id": who["id"], "email": who["email"]}
        assert body["claimed_until"].endswith("Z") and body["renewed"] is False
        stored = s.db["kyc_doc"].find_one({"_id": ObjectId(body["kyc_id"])})["claim"]
        assert str(stored["by"]) == who["id"] and stored["gen"] == 1
        claimed = entries(s, "KYC_CLAIMED", body["kyc_id"])
        assert len(claimed) == 1 and str(claimed[0]["actor_id"]) == who["id"]
        assert "previous_holder" not in claimed[0]["details"]
    # The queue shows each case's holder.
    holders = {i["kyc_id"]: i["claimed_by"]["email"]
               for i in s.get("/kyc/pending?limit=100", headers=team[0][1]).json()}
    assert holders == {body["kyc_id"]: who["email"] for (who, _), body in won}
    # Each decides their own; nobody can decide another's.
    (a, _), first = won[0]
    (b, bauth), _ = won[1]
    r = s.put(f"/kyc/{first['kyc_id']}/approve", headers=bauth)
    assert r.status_code == 409 and a["email"] in r.json()["detail"]
    for (_, auth), body in won:
        r = s.put(f"/kyc/{body['kyc_id']}/approve", headers=auth)
        assert r.status_code == 200, r.text
        entry = entries(s, "KYC_APPROVED", body["kyc_id"])
        assert len(entry) == 1 and "claim" not in entry[0]["details"]
    assert s.post("/kyc/claim-next", headers=team[0][1]).status_code == 404
    verifies(s)


def test_a_lease_that_ends_goes_to_another_auditor(fresh_stack):
    s = fresh_stack
    kid, = cases(s, 1)
    a, aauth = auditor(s, "First Auditor")
    b, bauth = auditor(s, "Second Auditor")
    r = s.post(f"/kyc/{kid}/claim", headers=aauth)
    assert r.status_code == 200 and r.json()["claimed_by"]["email"] == a["email"]
    until = r.json()["claimed_until"]

    # Held: B can neither claim nor decide, and is told by whom until when.
    for method, path in (("post", f"/kyc/{kid}/claim"), ("put", f"/kyc/{kid}/reject")):
        r = getattr(s, method)(path, headers=bauth, json={"review_notes": "typed meanwhile"})
        assert r.status_code == 409, r.text
        body = r.json()
        assert body["detail"] == f"KYC is being reviewed by {a['email']} until {until}"
        assert body["claimed_by"] == {"id": a["id"], "email": a["email"]}
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert kyc["status"] == "SUBMITTED" and s.db["kyc_decision"].count_documents({}) == 0
    assert entries(s, "KYC_REJECTED", kid) == []
    r = s.delete(f"/kyc/{kid}/claim", headers=bauth)
    assert r.status_code == 409 and r.json() == {"detail": "You do not hold this KYC"}

    # The lease ends: the case is free to anyone, and B takes it over.
    expire(s, kid)
    assert s.get("/kyc/pending", headers=bauth).json()[0]["claimed_by"] is None
    r = s.post(f"/kyc/{kid}/claim", headers=bauth)
    assert r.status_code == 200 and r.json()["claimed_by"]["id"] == b["id"]
    taken = entries(s, "KYC_CLAIMED", kid)
    assert [str(e["actor_id"]) for e in taken] == [a["id"], b["id"]]
    assert taken[1]["details"]["previous_holder"] == a["id"]
    # A comes back too late.
    r = s.put(f"/kyc/{kid}/approve", headers=aauth)
    assert r.status_code == 409 and b["email"] in r.json()["detail"]
    r = s.put(f"/kyc/{kid}/reject", headers=bauth, json={"review_notes": "blurred"})
    assert r.status_code == 200
    r = s.put(f"/kyc/{kid}/approve", headers=aauth)
    assert r.status_code == 409
    assert r.json() == {"detail": "KYC already reviewed", "decision": "REJECTED",
                        "reviewed_by": {"id": b["id"], "email": b["email"]},
                        "reviewed_at": r.json()["reviewed_at"]}
    verifies(s)


def test_renewing_viewing_and_releasing(fresh_stack):
    s = fresh_stack
    kid, = cases(s, 1)
    a, aauth = auditor(s, "First Auditor")
    b, bauth = auditor(s, "Second Auditor")
    first = s.post(f"/kyc/{kid}/claim", headers=aauth).json()
    again = s.post(f"/kyc/{kid}/claim", headers=aauth).json()
    assert again["renewed"] is True and again["claimed_until"] >= first["claimed_until"]
    # A view is an action on the case: the holder's lease goes on.
    before = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["claim"]["until"]
    body = s.get(f"/kyc/{kid}", headers=aauth).json()
    after = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["claim"]["until"]
    assert after >= before and body["claimed_by"]["email"] == a["email"]
    # Another's view changes nothing.
    s.get(f"/kyc/{kid}", headers=bauth)
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["claim"]["until"] == after
    # Renewals are not audited: the holder did not change.
    assert len(entries(s, "KYC_CLAIMED", kid)) == 1

    r = s.delete(f"/kyc/{kid}/claim", headers=aauth)
    assert r.status_code == 200 and r.json()["claimed_by"] is None
    released = entries(s, "KYC_RELEASED", kid)
    assert len(released) == 1 and str(released[0]["actor_id"]) == a["id"]
    r = s.post(f"/kyc/{kid}/claim", headers=bauth)
    assert r.status_code == 200
    assert "previous_holder" not in entries(s, "KYC_CLAIMED", kid)[-1]["details"]
    assert s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})["claim"]["gen"] == 2
    verifies(s)


def test_the_seeds_flow_takes_the_case_with_the_decision(stack):
    s = stack
    kid, = cases(s, 1)
    a, aauth = auditor(s)
    assert kid in [i["kyc_id"] for i in s.get("/kyc/pending?limit=100", headers=aauth).json()]
    r = s.put(f"/kyc/{kid}/approve", headers=aauth)
    assert r.status_code == 200 and r.json() == {"message": "KYC approved successfully"}
    entry = entries(s, "KYC_APPROVED", kid)
    assert len(entry) == 1 and entry[0]["details"]["claim"] == "taken"
    assert entries(s, "KYC_CLAIMED", kid) == []
    kyc = s.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert kyc["status"] == "APPROVED" and str(kyc["claim"]["by"]) == a["id"]


@pytest.mark.parametrize("path", ["/kyc/{}/claim", "/kyc/claim-next"])
def test_what_a_claim_refuses(stack, path):
    s = stack
    kid, = cases(s, 1)
    _, cauth = customer(s)
    _, aauth = auditor(s)
    r = s.post(path.format(kid), headers=cauth)
    assert r.status_code == 403 and r.json() == {"detail": "Only auditors can claim KYCs"}
    assert s.post(path.format(kid)).status_code == 401
    if "{}" not in path:
        return
    assert s.post(path.format("nope"), headers=aauth).status_code == 422
    r = s.post(path.format(ObjectId()), headers=aauth)
    assert r.status_code == 404 and r.json() == {"detail": "KYC not found"}
    assert s.put(f"/kyc/{kid}/approve", headers=aauth).status_code == 200
    r = s.post(path.format(kid), headers=aauth)
    assert r.status_code == 409 and r.json() == {"detail": "KYC already reviewed"}
    r = s.delete(path.format(kid), headers=aauth)
    assert r.status_code == 409 and r.json() == {"detail": "KYC already reviewed"}


def test_claim_next_never_hands_back_a_case_the_caller_holds(fresh_stack):
    """One auditor in two tabs: each claim-next is a case nobody held."""
    s = fresh_stack
    kids = cases(s, 4)
    _, aauth = auditor(s)
    start = threading.Barrier(4)

    def claim_next(_):
        start.wait()
        return s.post("/kyc/claim-next", headers=aauth)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(claim_next, range(4)))
    got = [r.json()["kyc_id"] for r in answers if r.status_code == 200]
    assert sorted(got) == sorted(kids), [r.text for r in answers]
    r = s.post("/kyc/claim-next", headers=aauth)
    assert r.status_code == 404
