"""The audit trail as a Merkle tree (RFC 6962 hashing; store/audit_tree.h):
one leaf per entry, in an order the database decides, no gaps, no doubles,
entries whose writer died given their leaf by the sweep once, entries from
before the tree by migrate; and smartbank-admin verify-audit, which finds
each kind of tampering at its sequence number.  The root is recomputed here
from the entries alone, by the manual's description."""

import concurrent.futures
import hashlib
import re

import bson
from bson import ObjectId

from api import PASSWORD, admin, auditor, customer, document

FIELDS = ("_id", "user_id", "actor_id", "action", "actor_role", "timestamp", "ip_address",
          "details")


def leaf_hash(entry):
    canon = bson.encode({k: entry[k] for k in FIELDS})
    return hashlib.sha256(b"\0" + canon).digest()


def mth(hashes):
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return hashlib.sha256(b"\1" + mth(hashes[:k]) + mth(hashes[k:])).digest()


def tree(s):
    """The entries in leaf order, checked against their leaves; the root."""
    leaves = {int(l["_id"]): l for l in s.db["audit_leaf"].find()}
    assert sorted(leaves) == list(range(len(leaves))), "gaps in the tree"
    entries = {e["_id"]: e for e in s.db["user_log"].find()}
    hashes = []
    for seq in range(len(leaves)):
        e = entries[leaves[seq]["entry"]]
        assert e["seq"] == seq and "leaf_pending" not in e
        assert bytes(leaves[seq]["hash"]) == leaf_hash(e)
        hashes.append(leaf_hash(e))
    return len(leaves), mth(hashes).hex() if hashes else None


def verify(s):
    r = admin(s, "verify-audit")
    return r.returncode, r.stdout.strip() + r.stderr.strip()


def activity(s):
    _, aauth = auditor(s)
    u, auth = customer(s)
    kid = s.post("/kyc/upload", headers=auth, json=document()).json()["kyc_id"]
    assert s.get(f"/kyc/{kid}", headers=aauth).status_code == 200
    assert s.put(f"/kyc/{kid}/approve", headers=aauth, json={}).status_code == 200
    s.post("/auth/login", json={"email": u["email"], "password": "wrong-password-1"})
    return kid


def test_every_entry_is_one_leaf_and_the_root_is_the_rfc_root(fresh_stack):
    s = fresh_stack
    activity(s)
    n = s.db["user_log"].count_documents({})
    assert n >= 8
    size, root = tree(s)
    assert size == n and s.db["audit_leaf"].count_documents({}) == n
    rc, out = verify(s)
    assert rc == 0, out
    assert f"tree size {size}, root {root}, {n} entries (0 awaiting" in out


def test_concurrent_changes_get_one_leaf_each_without_gaps(fresh_stack):
    s = fresh_stack

    def one(i):
        u, auth = customer(s)
        s.post("/kyc/upload", headers=auth, json=document())
        s.post("/auth/login", json={"email": u["email"], "password": PASSWORD})

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(48)))
    n = s.db["user_log"].count_documents({})
    assert n >= 48 * 4
    size, _ = tree(s)
    assert size == n
    assert verify(s)[0] == 0


def test_an_entry_whose_writer_died_gets_its_leaf_once(fresh_stack):
    s = fresh_stack
    activity(s)
    # Died after the entry, before its leaf: the flag is all there is.
    # (The last leaf's entry: taking its leaf away leaves no hole.)
    lone = s.db["user_log"].find_one({"seq": {"$exists": True}}, sort=[("seq", -1)])
    s.db["user_log"].update_one({"_id": lone["_id"]}, {"$set": {"leaf_pending": True},
                                                       "$unset": {"seq": ""}})
    s.db["audit_leaf"].delete_one({"_id": str(lone["seq"])})
    # Died after the leaf, before the entry learnt its number.
    half = s.db["user_log"].find_one({"action": "USER_REGISTERED"})
    s.db["user_log"].update_one({"_id": half["_id"]}, {"$set": {"leaf_pending": True},
                                                       "$unset": {"seq": ""}})
    before = s.db["audit_leaf"].count_documents({})
    assert verify(s)[0] == 0          # pending entries are not problems
    r = admin(s, "repair")
    assert r.returncode == 0 and "2 audit entries added to the tree" in r.stdout, r.stdout
    # One new leaf (the lone entry's); the other kept the one it had.
    assert s.db["audit_leaf"].count_documents({}) == before + 1
    assert s.db["audit_leaf"].count_documents({"entry": half["_id"]}) == 1
    size, _ = tree(s)
    assert size == s.db["user_log"].count_documents({})
    assert verify(s)[0] == 0
    r = admin(s, "repair")
    assert "0 audit entries added" in r.stdout


def test_entries_from_before_the_tree_enter_it_by_migrate(fresh_stack):
    s = fresh_stack
    activity(s)
    old = [ObjectId() for _ in range(5)]
    for oid in sorted(old):
        s.db["user_log"].insert_one({"_id": oid, "user_id": None, "actor_id": None,
                                     "action": "LOGIN_FAILED", "actor_role": "anonymous",
                                     "timestamp": oid.generation_time, "ip_address": "192.0.2.7",
                                     "details": {"reason": "unknown_email"}})
    rc, out = verify(s)
    assert rc == 1 and "5 entries in no leaf" in out, out
    r = admin(s, "migrate")
    assert r.returncode == 0 and "5 audit entries added to the tree" in r.stdout, r.stdout
    seqs = [s.db["user_log"].find_one({"_id": oid})["seq"] for oid in sorted(old)]
    assert seqs == sorted(seqs) and seqs == list(range(seqs[0], seqs[0] + 5))
    assert verify(s)[0] == 0
    r = admin(s, "migrate")
    assert "0 audit entries added" in r.stdout


def tamper_case(s, how):
    activity(s)
    entries = list(s.db["user_log"].find().sort("seq", 1))
    a, b = entries[2], entries[5]
    if how == "delete":
        s.db["user_log"].delete_one({"_id": a["_id"]})
        return a["seq"], f"entry {a['_id']} missing"
    if how == "modify":
        s.db["user_log"].update_one({"_id": b["_id"]}, {"$set": {"ip_address": "203.0.113.66"}})
        return b["seq"], f"entry {b['_id']} modified"
    if how == "swap":
        s.db["user_log"].update_one({"_id": a["_id"]}, {"$set": {"seq": b["seq"]}})
        s.db["user_log"].update_one({"_id": b["_id"]}, {"$set": {"seq": a["seq"]}})
        return a["seq"], f"entry {a['_id']} out of order"
    if how == "forge":
        forged = dict(a, _id=ObjectId(), action="USER_DISABLED")
        s.db["user_log"].insert_one(forged)
        return None, "1 entry in no leaf of the tree"
    if how == "hole":
        s.db["audit_leaf"].delete_one({"_id": str(a["seq"])})
        return a["seq"], "leaf missing"
    raise AssertionError(how)


import pytest  # noqa: E402


@pytest.mark.parametrize("how", ["delete", "modify", "swap", "forge", "hole"])
def test_verify_audit_finds_tampering_where_it_is(fresh_stack, how):
    s = fresh_stack
    assert verify(s)[0] == 0
    seq, why = tamper_case(s, how)
    rc, out = verify(s)
    assert rc == 1, out
    assert why in out, out
    if seq is not None:
        assert re.search(rf"seq {seq}\b", out), out
