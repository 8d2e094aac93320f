"""The local database, FerretDB v1.24.2 built with our patch
(tools/ferretdb/patches): a find by _id uses the _id index, so its cost
does not grow with the collection.  Without the patch SQLite scans the
table and parses every row for each lookup: at 20 000 documents a lookup
costs tens of times what it costs at 100.  The bound below is a ratio
between two sizes measured in the same test, far from both outcomes (about
1x patched, 40x and more unpatched), so that a FerretDB upgrade or build
that loses the index is noticed; it is not a speed target."""

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
