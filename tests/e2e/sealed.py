"""Opening sealed records as a third party with the key file would
(smartbankd(8), "Data protection"): AES-256-GCM boxes (nonce || ciphertext
|| tag) whose associated data is "smartbank:v1:" || record id || ":" ||
field; data keys wrapped the same way (field "dek") under the record key,
HMAC-SHA256 under the customer's key of "smartbank:record-key:v1:" ||
record id || salt, the customer's key wrapped under a KEK (field
"customer_key", the user's id) in the customer_key collection (version 2),
or under a KEK directly (version 1); and the blind index
HMAC-SHA256("TYPE:NUMBER").  Written from the manual, not from the C code,
so the tests check the format the manual promises."""

import base64
import hashlib
import hmac
import os
import re

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

OVERHEAD = 12 + 16


def read_keys(path):
    """{id: key bytes} of a key file."""
    keys = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                kid, key = line.split()
                keys[kid] = base64.b64decode(key)
    return keys


def open_box(key, oid, field, box):
    box = bytes(box)
    ad = b"smartbank:v1:" + oid.binary + b":" + field.encode()
    return AESGCM(key).decrypt(box[:12], box[12:], ad)


def record_key(keys, customer, kid):
    """The record key of KYC kid from its customer's key document, or an
    exception when its salt or the document is gone."""
    if customer is None:
        raise KeyError("no customer key")
    ck = open_box(keys[customer["kek"]], customer["_id"], "customer_key", customer["key"])
    salt = bytes(customer["salts"]["k" + str(kid)])
    return hmac.new(ck, b"smartbank:record-key:v1:" + kid.binary + salt,
                    hashlib.sha256).digest()


def data_key(keys, kyc, db=None):
    """The data key of a kyc_doc; db (the database) for a version 2 one."""
    dek = kyc["dek"]
    if dek["v"] == 1:
        return open_box(keys[dek["kek"]], kyc["_id"], "dek", dek["key"])
    assert dek["v"] == 2 and set(dek) == {"v", "key"}, dek
    customer = db["customer_key"].find_one({"_id": kyc["user_id"]})
    return open_box(record_key(keys, customer, kyc["_id"]), kyc["_id"], "dek", dek["key"])


def number(keys, kyc, db=None):
    return open_box(data_key(keys, kyc, db), kyc["_id"], "document_number",
                    kyc["document_number"]).decode()


def document(keys, kyc, record, db=None):
    assert record["sealed"] == 1
    return open_box(data_key(keys, kyc, db), kyc["_id"], "data", record["data"])


def blind_index(keys, kind, num):
    norm = kind + ":" + re.sub(r"[^A-Za-z0-9]", "", num).upper()
    return hmac.new(keys["index"], norm.encode(), hashlib.sha256).hexdigest()


def stored(stack, kid):
    """(the document's bytes, its number) of KYC kid, opened."""
    keys = read_keys(stack.sbd.key_file)
    kyc = stack.db["kyc_doc"].find_one({"_id": kid})
    rec = stack.db["kyc_document"].find_one({"_id": kid})
    return document(keys, kyc, rec, stack.db), number(keys, kyc, stack.db)


def seal_box(key, oid, field, plain):
    nonce = os.urandom(12)
    ad = b"smartbank:v1:" + oid.binary + b":" + field.encode()
    return nonce + AESGCM(key).encrypt(nonce, plain, ad)


def sealed_record(keys, kek_id, oid, user_id, kind, num, data):
    """A kyc_doc and its kyc_document as smartbankd writes them, sealed here
    from the manual: what a third party (or an older writer) could store."""
    from bson import Binary
    dek = os.urandom(32)
    kyc = {"_id": oid, "user_id": user_id, "document_type": kind,
           "document_number": Binary(seal_box(dek, oid, "document_number", num.encode())),
           "number_index": blind_index(keys, kind, num),
           "dek": {"kek": kek_id, "v": 1,
                   "key": Binary(seal_box(keys[kek_id], oid, "dek", dek))}}
    rec = {"_id": oid, "user_id": user_id, "encoding": "base64", "size": len(data), "sealed": 1,
           "data": Binary(seal_box(dek, oid, "data", data))}
    return kyc, rec


def as_version_1(db, keys, kid, kek_id="k1"):
    """Rewrite the data key of KYC kid as a release before customers' keys
    stored it: wrapped under the KEK kek_id directly (version 1)."""
    from bson import Binary
    kyc = db["kyc_doc"].find_one({"_id": kid})
    dek = data_key(keys, kyc, db)
    db["kyc_doc"].update_one({"_id": kid}, {"$set": {"dek": {
        "kek": kek_id, "v": 1, "key": Binary(seal_box(keys[kek_id], kid, "dek", dek))}}})
