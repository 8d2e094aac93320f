"""The audit trail checked by an implementation that is not ours:
smartbank-auditcheck (tools/auditcheck) verifies our signed checkpoints with
golang.org/x/mod/sumdb/note and our inclusion and consistency proofs with
github.com/transparency-dev/merkle, over HTTPS, the way an outside recorder
would -- checkpoints fetched from GET /audit/checkpoint and appended to a
file -- for tree sizes 1, the powers of two and their neighbours.  Then it
must refuse what a rewritten, shrunk or forged log shows."""

import base64
import hashlib
import os
import re
import subprocess

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api import AUDITOR_PASSWORD, admin, login, register, unique_email

ORIGIN = "smartbank.local/audit"
SIZES = (1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 99, 100, 101, 127,
         128, 129)


def auditcheck(s, key, token_file, *files, inclusion=True):
    tool = os.environ["SMARTBANK_AUDITCHECK"]
    args = [tool, "-url", s.nginx.https_url, "-cacert", os.path.join(s.nginx.prefix, "local.crt"),
            "-key", key, "-token-file", token_file]
    if inclusion:
        args.append("-inclusion")
    r = subprocess.run([*args, *files], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


def tree_size(s):
    return s.db["audit_leaf"].count_documents({})


def sign(key, body):
    """A C2SP signed note of body by key, named ORIGIN (from the spec)."""
    pub = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    keyhash = hashlib.sha256(ORIGIN.encode() + b"\n\x01" + pub).digest()[:4]
    sig = base64.b64encode(keyhash + key.sign(body.encode())).decode()
    return f"{body}\n\u2014 {ORIGIN} {sig}\n"


def verifier_of(key):
    pub = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    keyhash = hashlib.sha256(ORIGIN.encode() + b"\n\x01" + pub).digest()[:4]
    vkey = base64.b64encode(b"\x01" + pub).decode()
    return f"{ORIGIN}+{keyhash.hex()}+{vkey}"


def expected_proofs(sizes, latest):
    n = sum(1 for a, b in zip(sizes, sizes[1:]) if a != b)
    n += sum(1 for a in sizes if a != latest)
    for m in sizes:
        n += len({0, m // 2, m - 1} | ({1, m - 2} if m > 2 else set()))
    return n


def test_reference_libraries_verify_our_checkpoints_and_proofs(fresh_stack, tmp_path):
    s = fresh_stack
    email = unique_email("auditor")
    r = admin(s, "checkpoint")
    assert r.returncode == 0 and r.stdout == "the audit log is empty: no checkpoint\n", r.stdout
    r = admin(s, "create-auditor", "--email", email, "--name", "Ann Auditor",
              password=AUDITOR_PASSWORD)
    assert r.returncode == 0, r.stderr
    token = None
    recorded = tmp_path / "checkpoints.log"
    while tree_size(s) <= SIZES[-1]:
        size = tree_size(s)
        if size in SIZES:
            r = admin(s, "checkpoint")
            # At 100 the worker that wrote the hundredth entry may sign first.
            assert r.returncode == 0 and r.stdout in (
                f"checkpoint of size {size} signed\n",
                f"no entry since the checkpoint of size {size}\n"), r.stdout
            first = token is None
            if first:
                token = login(s, email, AUDITOR_PASSWORD)
            resp = s.get("/audit/checkpoint", headers={"Authorization": "Bearer " + token})
            assert resp.status_code == 200
            assert resp.text.split("\n")[1] == str(size)
            with open(recorded, "a") as f:      # what docs/internals.md's cron line does
                f.write(resp.text)
            if first:       # the login was the next entry
                continue
        register(s)
    r = admin(s, "checkpoint")
    assert r.returncode == 0
    latest = int(re.fullmatch(r"checkpoint of size (\d+) signed\n", r.stdout).group(1))
    assert latest == tree_size(s) > SIZES[-1]
    r = admin(s, "checkpoint")
    assert r.stdout == f"no entry since the checkpoint of size {latest}\n"
    token_file = tmp_path / "auditor.token"
    token_file.write_text(token + "\n")
    key = admin(s, "audit-key").stdout.strip()

    rc, out = auditcheck(s, key, str(token_file), str(recorded))
    assert rc == 0, out
    assert f"latest checkpoint: {ORIGIN}, size {latest}, root " in out
    assert (f"{len(SIZES)} recorded checkpoint(s) verified, "
            f"{expected_proofs(list(SIZES), latest)} proof(s) checked") in out, out
    # Without -inclusion, the consistency proofs alone.
    rc, out = auditcheck(s, key, str(token_file), str(recorded), inclusion=False)
    assert rc == 0 and f"{len(SIZES) * 2 - 1} proof(s) checked" in out, out

    # Another key of the same name: nothing verifies.
    rc, out = auditcheck(s, verifier_of(Ed25519PrivateKey.generate()), str(token_file),
                         str(recorded))
    assert rc == 1 and "latest checkpoint: signature" in out, out

    with open(s.sbd.audit_key_file, "rb") as f:
        ours = serialization.load_pem_private_key(f.read(), None)
    notes = re.findall(r"(?s)smartbank\.local/audit\n.*?\n\n\u2014 [^\n]*\n", recorded.read_text())
    assert len(notes) == len(SIZES)
    five = next(n for n in notes if n.split("\n")[1] == "5")
    body = five.split("\n\n")[0] + "\n"
    other_root = base64.b64encode(hashlib.sha256(b"another history").digest()).decode()
    forged_body = body.replace(body.split("\n")[2], other_root)

    # A recorded checkpoint whose text was altered after signing.
    bad = tmp_path / "altered.log"
    bad.write_text(five.replace(body, forged_body))
    rc, out = auditcheck(s, key, str(token_file), str(bad))
    assert rc == 1 and f"{bad}: checkpoint 1: signature" in out, out

    # A log rewritten after size 5 was recorded elsewhere: the bank's key
    # signs the new history, but the log no longer extends what was recorded.
    bad = tmp_path / "rewritten.log"
    bad.write_text(sign(ours, forged_body))
    rc, out = auditcheck(s, key, str(token_file), str(bad))
    assert rc == 1 and f"the tree of size {latest} does not extend the one of size 5" in out, out
    # The genuine one and the rewritten one side by side.
    rc, out = auditcheck(s, key, str(token_file), str(recorded), str(bad))
    assert rc == 1 and "two checkpoints of size 5 with different roots" in out, out

    # A recorded size beyond the log's: it shrank.
    bad = tmp_path / "shrunk.log"
    bad.write_text(sign(ours, f"{ORIGIN}\n{latest + 10}\n{other_root}\n"))
    rc, out = auditcheck(s, key, str(token_file), str(bad))
    assert rc == 1 and f"size {latest + 10} is beyond the latest ({latest}): the log shrank" \
        in out, out
