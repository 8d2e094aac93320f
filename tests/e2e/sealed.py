"""Opening sealed records as a third party with the key file would
(smartbankd(8), "Data protection"): AES-256-GCM boxes (nonce || ciphertext
|| tag) whose associated data is "smartbank:v1:" || record id || ":" ||
field, data keys wrapped the same way (field "dek"), and the blind index
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


def data_key(keys, kyc):
    dek = kyc["dek"]
    assert dek["v"] == 1
    return open_box(keys[dek["kek"]], kyc["_id"], "dek", dek["key"])


def number(keys, kyc):
    return open_box(data_key(keys, kyc), kyc["_id"], "document_number",
                    kyc["document_number"]).decode()


def document(keys, kyc, record):
    assert record["sealed"] == 1
    return open_box(data_key(keys, kyc), kyc["_id"], "data", record["data"])


def blind_index(keys, kind, num):
    norm = kind + ":" + re.sub(r"[^A-Za-z0-9]", "", num).upper()
    return hmac.new(keys["index"], norm.encode(), hashlib.sha256).hexdigest()


def stored(stack, kid):
    """(the document's bytes, its number) of KYC kid, opened."""
    keys = read_keys(stack.sbd.key_file)
    kyc = stack.db["kyc_doc"].find_one({"_id": kid})
    rec = stack.db["kyc_document"].find_one({"_id": kid})
    return document(keys, kyc, rec), number(keys, kyc)


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
