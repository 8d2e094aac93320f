"""The local database, FerretDB v1.24.2 built with our patches
(tools/ferretdb/patches).  0001: a find by _id uses the _id index, so its
cost does not grow with the collection.  Without the patch SQLite scans the
table and parses every row for each lookup: at 20 000 documents a lookup
costs tens of times what it costs at 100.  The bound below is a ratio
between two sizes measured in the same test, far from both outcomes (about
1x patched, 40x and more unpatched), so that a FerretDB upgrade or build
that loses the index is noticed; it is not a speed target.  0002: the
top-level equalities and $in of a filter are pushed down to SQLite as a
prefilter that an index answers (its query plan, read through explain,
says so), and what every query answers stays exactly MongoDB's."""

import os
import time

import bson
import pymongo

from stack import FerretDB

SMALL, LARGE = 100, 20_000
LOOKUPS = 300
BOUND = 5.0


def lookup_cost(coll, ids):
    """Median seconds per find_one by _id, half of them for missing ids."""
    samples = []
    for i in range(LOOKUPS):
        want = ids[(i * 7919) % len(ids)] if i % 2 == 0 else bson.ObjectId()
        t = time.perf_counter()
        doc = coll.find_one({"_id": want})
        samples.append(time.perf_counter() - t)
        assert (doc is not None) == (i % 2 == 0)
    samples.sort()
    return samples[len(samples) // 2]


def fill(coll, n, ids):
    while len(ids) < n:
        batch = [{"_id": bson.ObjectId(), "email": f"u{len(ids) + k}@example.com",
                  "name": "x" * 40} for k in range(min(2000, n - len(ids)))]
        coll.insert_many(batch, ordered=False)
        ids.extend(d["_id"] for d in batch)


def test_find_by_id_uses_the_index(tmp_path):
    db = FerretDB(str(tmp_path))
    db.start()
    try:
        client = pymongo.MongoClient(db.uri, serverSelectionTimeoutMS=5000)
        coll = client.indexcheck.items
        ids = []
        fill(coll, SMALL, ids)
        lookup_cost(coll, ids)          # warm up the connection
        small = lookup_cost(coll, ids)
        fill(coll, LARGE, ids)
        large = lookup_cost(coll, ids)
        ratio = large / small
        print(f"find_one by _id: {small * 1e3:.2f} ms at {SMALL}, "
              f"{large * 1e3:.2f} ms at {LARGE} documents ({ratio:.1f}x)")
        assert ratio < BOUND, (small, large)
        client.close()
    finally:
        db.stop()


def test_the_patch_is_in_the_build():
    """The build applies every patch of tools/ferretdb/patches, and each
    says why it is there."""
    here = os.path.dirname(os.path.abspath(__file__))
    patches = os.path.join(here, "..", "..", "tools", "ferretdb", "patches")
    names = sorted(os.listdir(patches))
    assert names, "no patch"
    for name in names:
        with open(os.path.join(patches, name), encoding="utf-8") as f:
            text = f.read()
        why = text.split("\n--- a/", 1)[0]
        assert len(why.split()) > 30, f"{name} does not say why"
    with open(os.path.join(here, "..", "..", "scripts", "ferretdb"), encoding="utf-8") as f:
        script = f.read()
    assert "patches/*.patch" in script and "git apply" in script


# Patch 0002: top-level equalities and $in are pushed down as a prefilter.  The
# handler still applies the whole filter, so what a query answers must be
# exactly MongoDB's; these documents are the cases where a prefilter that
# was not a superset would drop a match.
OID = bson.ObjectId("64b7f0c2a1b2c3d4e5f60718")
TRICKY = [
    {"_id": 1, "k": "plain"},
    {"_id": 2, "k": "a<b>&c\"d\\e/f\u00e9\u4e2d\U0001F600\x01"},
    {"_id": 3, "k": ["x", "plain"]},                  # array holding the value
    {"_id": 4, "k": [{"v": "plain"}]},                # inside a document: no match
    {"_id": 5, "k": OID},
    {"_id": 6, "k": str(OID)},                        # the hex, as a string
    {"_id": 7, "k": [OID]},
    {"_id": 8, "k": None},
    {"_id": 9},
    {"_id": 10, "k": {"plain": 1}},
    {"_id": 11, "k": 5},
    {"_id": 12, "k": "plain", "j": "other"},
    {"_id": 13, "k": "PLAIN"},
    {"_id": 14, "k": "plain "},
    {"_id": 15, "k": []},
    {"_id": 16, "k": "[plain"},
    {"_id": 17, "k": True},
    {"_id": 18, "k": [False, True]},
    {"_id": 19, "k": False},
    {"_id": 20, "k": 1},
    {"_id": 21, "k": "true"},
]
EXPECT = [
    ({"k": "plain"}, [1, 3, 12]),
    ({"k": "a<b>&c\"d\\e/f\u00e9\u4e2d\U0001F600\x01"}, [2]),
    ({"k": OID}, [5, 7]),
    ({"k": str(OID)}, [6]),
    ({"k": "plain", "j": "other"}, [12]),
    ({"k": "plain", "j": {"$exists": False}}, [1, 3]),
    ({"k": "plain", "_id": {"$gt": 2}}, [3, 12]),
    ({"_id": 12, "k": "plain"}, [12]),
    ({"k": "[plain"}, [16]),
    ({"k": "missing"}, []),
    ({"k": None}, [8, 9]),
    ({"k": {"$in": ["plain", 5]}}, [1, 3, 11, 12]),       # a number: not pushed down
    ({"k": {"$in": ["plain", OID]}}, [1, 3, 5, 7, 12]),
    ({"k": {"$in": [str(OID), "[plain", True]}}, [6, 16, 17, 18]),
    ({"k": {"$in": []}}, []),
    ({"k": {"$in": ["plain"], "$ne": "x"}}, [1, 12]),     # 3 holds "x"
    ({"_id": {"$in": [1, 12]}, "k": "plain"}, [1, 12]),
    ({"$or": [{"k": "plain"}, {"k": 5}]}, [1, 3, 11, 12]),
    ({"k.plain": 1}, [10]),
    ({"k": True}, [17, 18]),
    ({"k": False}, [18, 19]),
    ({"k": "true"}, [21]),
]


def test_pushed_down_equalities_answer_what_mongodb_answers(tmp_path):
    db = FerretDB(str(tmp_path))
    db.start()
    try:
        client = pymongo.MongoClient(db.uri, serverSelectionTimeoutMS=5000)
        for indexed in (False, True):
            coll = client.pushdown["indexed" if indexed else "plain"]
            if indexed:
                coll.create_index([("k", 1), ("j", -1)])
            coll.insert_many(TRICKY)
            for flt, want in EXPECT:
                got = sorted(d["_id"] for d in coll.find(flt))
                assert got == want, (indexed, flt, got)
                assert coll.count_documents(flt) == len(want), (indexed, flt)
            # An update and a delete select by the same prefilter.
            assert coll.update_many({"k": "plain"}, {"$set": {"u": 1}}).modified_count == 3
            assert coll.delete_many({"k": OID}).deleted_count == 2
            assert sorted(d["_id"] for d in coll.find({"u": {"$exists": True}})) == [1, 3, 12]
        client.close()
    finally:
        db.stop()


def plan(client, coll, flt):
    res = client.indexcheck.command("explain", {"find": coll, "filter": flt})
    return " ".join(str(step) for step in res["queryPlanner"]["Plan"])


def test_an_equality_on_an_indexed_field_uses_the_index(tmp_path):
    """SQLite's own query plan, read through explain: an equality or a $in
    on the first field of an index is answered from that index, as the _id
    lookup is from the _id index."""
    db = FerretDB(str(tmp_path))
    db.start()
    try:
        client = pymongo.MongoClient(db.uri, serverSelectionTimeoutMS=5000)
        coll = client.indexcheck.items
        coll.create_index([("owner", 1), ("at", -1)], name="owner_at")
        coll.insert_many([{"owner": bson.ObjectId(), "at": i} for i in range(50)])
        p = plan(client, "items", {"owner": bson.ObjectId()})
        assert "USING INDEX" in p and "owner_at" in p, p
        p = plan(client, "items", {"_id": bson.ObjectId()})
        assert "USING INDEX" in p and "_id_" in p, p
        p = plan(client, "items", {"owner": {"$in": [bson.ObjectId(), bson.ObjectId()]}})
        assert "USING INDEX" in p and "owner_at" in p, p
        p = plan(client, "items", {"at": 3})       # a number: not pushed down
        assert "SCAN" in p and "USING INDEX" not in p, p
        client.close()
    finally:
        db.stop()
