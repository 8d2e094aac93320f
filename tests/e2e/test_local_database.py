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
says so), and what every query answers stays exactly MongoDB's.  0003: a
find sorted by a top-level field reads SQLite's rows in that field's order
from an index, so a page costs about what it answers, not what the filter
matches (a ratio, as for 0001), and answers exactly what the handler's own
sort gave, for every kind of value.  0004: two updates of one document at
once both take effect, as on MongoDB (FerretDB read the document, changed it
in Go and wrote it back whole, so the second write undid the first).
0005: each index has a companion, a partial index of the rows whose JSON
holds an escape, from which 0003 reads those rows instead of reading every
row that the filter's equalities match."""

import datetime
import os
import random
import threading
import time

import bson
import pymongo
import pytest

from stack import FerretDB

SMALL, LARGE = 100, 20_000
LOOKUPS = 300
BOUND = 5.0


@pytest.fixture
def client(tmp_path):
    """A FerretDB of our build, its own, and a client of it."""
    db = FerretDB(str(tmp_path))
    db.start()
    c = pymongo.MongoClient(db.uri, serverSelectionTimeoutMS=5000)
    try:
        yield c
    finally:
        c.close()
        db.stop()


def both(database, *index):
    """The same test on a collection without an index and on one with
    these, as (indexed, collection)."""
    for indexed in (False, True):
        coll = database["indexed" if indexed else "plain"]
        for keys in index if indexed else ():
            coll.create_index(keys)
        yield indexed, coll


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


def test_find_by_id_uses_the_index(client):
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


def test_pushed_down_equalities_answer_what_mongodb_answers(client):
    for indexed, coll in both(client.pushdown, [("k", 1), ("j", -1)]):
        coll.insert_many(TRICKY)
        for flt, want in EXPECT:
            got = sorted(d["_id"] for d in coll.find(flt))
            assert got == want, (indexed, flt, got)
            assert coll.count_documents(flt) == len(want), (indexed, flt)
        # An update and a delete select by the same prefilter.
        assert coll.update_many({"k": "plain"}, {"$set": {"u": 1}}).modified_count == 3
        assert coll.delete_many({"k": OID}).deleted_count == 2
        assert sorted(d["_id"] for d in coll.find({"u": {"$exists": True}})) == [1, 3, 12]


def plan(client, coll, flt):
    res = client.indexcheck.command("explain", {"find": coll, "filter": flt})
    return " ".join(str(step) for step in res["queryPlanner"]["Plan"])


def test_an_equality_on_an_indexed_field_uses_the_index(client):
    """SQLite's own query plan, read through explain: an equality or a $in
    on the first field of an index is answered from that index, as the _id
    lookup is from the _id index."""
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


# Patch 0003: the rows of a sorted find come from SQLite in the order of the
# first sort key where its JSON text orders as MongoDB does, the others are
# sorted in Go, and the two are merged.  The reference is the same query as
# an aggregation ($match, $sort, $skip, $limit), which takes none of it.
SORT_VALUES = [
    "a", "ab", "ab!", "ab ", "ab#", "a b", "ab\"", "ab\\", "ab<", "a<b", "a&b", "abc",
    "b", "B", "", "\x01", "\u00e9", "\u4e2d", "\U0001F600", "z\u2028", "~", "zz",
    "2026-01-01T00:00:00.000Z/65a1", "2026-01-01T00:00:00.000Z/65a2",
    OID, str(OID), bson.Binary(b"\x00ab"), bson.Regex("^ab", "i"),
    ["b", "a"], ["zz"], ["ab!", 3], [], {"x": 1}, 1, 2.5, -3, True, False, None,
    datetime.datetime(2020, 1, 1), "MISSING",
]
STATUSES = ["s", "s", "s", "d", ["s", "x"], ["d"], 5, None, "MISSING"]
SORT_FILTERS = [
    {}, {"status": "s"}, {"status": "d"}, {"status": {"$in": ["s", "d"]}},
    {"status": "s", "k": {"$gt": "ab"}}, {"status": "s", "k": {"$gte": "a", "$lt": "b"}},
    {"k": {"$lte": "ab"}}, {"k": {"$lt": "ab!"}}, {"k": "ab"}, {"status": "s", "k": {"$gt": "a b"}},
    {"status": "s", "flag": True}, {"status": "s", "k": {"$type": "string"}},
    {"$or": [{"status": "d"}, {"k": "zz"}]}, {"status": "s", "k": {"$gt": "2026-01-01T00:00:00.000Z/65a1"}},
    # Two and three equalities, arrays in any of them (the arrays' parts).
    {"status": "s", "t": "p"}, {"t": "p", "status": "s"}, {"status": "s", "t": "q", "flag": True},
    {"t": "p", "status": {"$in": ["s", "d"]}},
]
TYPES = ["p", "p", "q", ["p", "z"], ["q"], ["z"], "MISSING"]
# Each ends with _id, so that the order is total and compared exactly (an
# array sorts as its least element, equal to that string: a tie).
SORTS = [
    [("k", 1), ("at", 1), ("_id", 1)], [("k", 1), ("_id", -1)], [("k", -1), ("_id", 1)],
    [("status", 1), ("_id", 1)], [("_id", 1)],
]
PAGES = [(0, 0), (1, 0), (5, 0), (50, 0), (7, 3)]
SORT_BOUND = 12.0


def sorted_docs(n, seed):
    rnd = random.Random(seed)
    docs = []
    for i in range(n):
        d = {"_id": i, "at": rnd.randint(0, 3), "flag": rnd.random() < 0.5}
        for field, values in (("k", SORT_VALUES), ("status", STATUSES), ("t", TYPES)):
            v = rnd.choice(values)
            if v != "MISSING":
                d[field] = v
        docs.append(d)
    return docs


def by_aggregation(coll, flt, sort, limit, skip):
    pipeline = [{"$match": flt}, {"$sort": dict(sort)}]
    if skip:
        pipeline.append({"$skip": skip})
    if limit:
        pipeline.append({"$limit": limit})
    return list(coll.aggregate(pipeline))


def test_sorted_finds_answer_what_the_handler_sort_answers(client):
    for indexed, coll in both(client.sorting, [("status", 1), ("k", 1), ("at", 1), ("_id", 1)],
                              [("k", 1)], [("status", 1), ("t", 1), ("k", 1)]):
        coll.insert_many(sorted_docs(500, 11))
        checked = 0
        for flt in SORT_FILTERS:
            for sort in SORTS:
                # The reference, whole; each page is its slice (as $skip
                # and $limit would cut it: one aggregation, not one a page).
                want = [d["_id"] for d in by_aggregation(coll, flt, sort, 0, 0)]
                for limit, skip in PAGES:
                    got = [d["_id"] for d in coll.find(flt, sort=sort, limit=limit,
                                                       skip=skip)]
                    assert got == want[skip:skip + limit if limit else None], (
                        indexed, flt, sort, limit, skip)
                    checked += 1
                # A small batch: the rest comes by getMore, still in order.
                got = [d["_id"] for d in coll.find(flt, sort=sort, batch_size=2)]
                assert got == want
        assert checked == len(SORT_FILTERS) * len(SORTS) * len(PAGES)


def page_cost(coll, flt, sort):
    samples = []
    for _ in range(15):
        t = time.perf_counter()
        got = list(coll.find(flt, sort=sort, limit=20))
        samples.append(time.perf_counter() - t)
        assert len(got) == 20
    samples.sort()
    return samples[len(samples) // 2]


def test_a_page_of_a_sorted_find_reads_what_it_answers(client):
    """The first page of {status: "s"} sorted by a string key with an index,
    and the page after the 50th ({k: {$gt: ...}} too): about the same cost
    with 100 and with 4 000 matching documents (each also with a decided
    twin), where sorting in Go after reading them all costs tens of times
    more (about 1.3x patched; 4x without 0005, whose page still read each
    matching row once, unparsed, for an escape; 35x and more without 0003).
    The bound is a ratio, far from the unpatched."""
    coll = client.sorting.queue
    coll.create_index([("status", 1), ("k", 1), ("_id", 1)])
    sort = [("k", 1), ("_id", 1)]

    def fill(n):
        have = coll.count_documents({"status": "s"})
        docs = []
        for i in range(have, n):
            key = f"2026-01-01T00:00:{i // 1000:02d}.{i % 1000:03d}Z/{bson.ObjectId()}"
            docs.append({"status": "s", "k": key, "note": "x" * 600, "n": i})
            docs.append({"status": "d", "k": key, "note": "y" * 600})
        coll.insert_many(docs)

    def pages():
        after = coll.find_one({"status": "s", "n": 49})["k"]
        second = {"status": "s", "k": {"$gt": after}}
        assert [d["n"] for d in coll.find(second, sort=sort, limit=20)] == list(range(50, 70))
        return page_cost(coll, {"status": "s"}, sort), page_cost(coll, second, sort)

    fill(100)
    pages()                                     # warm up the connection
    small = pages()
    fill(4000)
    large = pages()
    assert [d["n"] for d in coll.find({"status": "s"}, sort=sort, limit=20)] == list(range(20))
    for name, s, b in zip(("first page", "page after the 50th"), small, large):
        print(f"{name} of 20: {s * 1e3:.2f} ms with 100, {b * 1e3:.2f} ms with 4000 "
              f"matching ({b / s:.1f}x)")
        assert b / s < SORT_BOUND, (name, s, b)


# Patch 0005: the rows with a JSON escape have their own partial index
# beside each index, which 0003's part for them reads.
def test_every_index_has_a_companion_for_the_rows_with_an_escape(client, tmp_path):
    import sqlite3
    coll = client.escapes.queue
    coll.create_index([("status", 1), ("k", 1)], name="status_k")
    coll.insert_many([{"status": "s", "k": f"k{i:04d}", "note": "a\nb" if i % 50 == 0 else "ab"}
                      for i in range(1000)])
    got = [d["k"] for d in coll.find({"status": "s"}, sort=[("k", 1)], limit=60)]
    assert got == [f"k{i:04d}" for i in range(60)]
    db = sqlite3.connect(f"file:{tmp_path}/ferretdb/data/escapes.sqlite?mode=ro", uri=True)
    table, = db.execute("SELECT table_name FROM _ferretdb_collections WHERE name = 'queue'").fetchone()
    sql = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    companion = sql[f"{table}_status_k_escaped"]
    assert companion.endswith("WHERE _ferretdb_sjson GLOB '*\\*'"), companion
    assert "UNIQUE" not in companion
    # The part of a sorted find that reads those rows (query.go) is read
    # from the companion, not from every row of the status.
    part = (f'SELECT _ferretdb_sjson FROM "{table}" WHERE _ferretdb_sjson->"status" = ? AND '
            f'_ferretdb_sjson->"k" > \'"\' AND _ferretdb_sjson->"k" < \'#\' AND '
            f"_ferretdb_sjson GLOB '*\\*'")
    plan = " ".join(str(r) for r in db.execute("EXPLAIN QUERY PLAN " + part, ['"s"']))
    assert f"{table}_status_k_escaped" in plan, plan
    assert len(db.execute(part, ['"s"']).fetchall()) == 20
    # Not a MongoDB index: listIndexes does not show it; dropped with its index.
    assert sorted(coll.index_information()) == ["_id_", "status_k"]
    coll.drop_index("status_k")
    names = [n for n, in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")]
    assert not [n for n in names if "status_k" in n], names


# Patch 0004: an update's read and write of a document are one step.
def concurrently(*calls):
    """Run the calls in threads released together."""
    start = threading.Barrier(len(calls))
    errors = []

    def run(call):
        start.wait()
        try:
            call()
        except Exception as exc:        # noqa: BLE001 -- reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_concurrent_updates_of_one_document_all_take_effect(client):
    coll = client["sb"]["doc"]
    rounds = 150
    for i in range(rounds):
        oid = bson.ObjectId()
        coll.insert_one({"_id": oid, "a": 0, "b": 0, "n": 0, "tags": []})
        concurrently(
            lambda: coll.update_one({"_id": oid}, {"$set": {"a": 1}}),
            lambda: coll.update_one({"_id": oid}, {"$set": {"b": 1}}),
            lambda: coll.update_one({"_id": oid}, {"$inc": {"n": 1}}),
            lambda: coll.find_one_and_update({"_id": oid}, {"$inc": {"n": 1}}),
            lambda: coll.update_one({"_id": oid}, {"$push": {"tags": "x"}}))
        doc = coll.find_one({"_id": oid})
        assert (doc["a"], doc["b"], doc["n"], doc["tags"]) == (1, 1, 2, ["x"]), (i, doc)


def test_a_conditional_update_raced_by_another_wins_once(client):
    """Of two updates guarded by the same condition, one matches: the other
    finds the document changed (what MongoDB answers; FerretDB let both win)."""
    coll = client["sb"]["guarded"]
    for i in range(100):
        oid = bson.ObjectId()
        coll.insert_one({"_id": oid, "status": "SUBMITTED"})
        results = []
        concurrently(*[lambda who=who: results.append(coll.update_one(
            {"_id": oid, "status": "SUBMITTED"}, {"$set": {"status": "DONE", "by": who}}
        ).modified_count) for who in ("x", "y")])
        assert sorted(results) == [0, 1], (i, results)


def test_collstats_counts_exactly(client):
    """The tests' Stack.count reads collStats's count: on FerretDB's SQLite
    backend the table's leaf cells, said to approximate.  For a table it is
    the row count, exactly: after inserts, large documents, deletes in the
    middle and an update that makes a document large, as count_documents."""
    db = client.counting
    coll = db.c
    assert db.command("collStats", "c")["count"] == 0
    for i in range(40):
        coll.insert_one({"i": i, "blob": b"x" * (300_000 if i % 7 == 0 else 10)})
        assert db.command("collStats", "c")["count"] == i + 1
    coll.delete_many({"i": {"$in": list(range(5, 40, 4))}})
    coll.update_one({"i": 2}, {"$set": {"blob": b"y" * 500_000}})
    coll.insert_many([{"i": 100 + i} for i in range(500)])
    assert db.command("collStats", "c")["count"] == coll.count_documents({}) == 40 - 9 + 500
