"""The Postman collection (tests/postman), run by newman against the stack:
the seed's customer flow and auditor flow, with assertions in every
request."""

import json
import os
import subprocess

import api
from stack import SRCDIR

POSTMAN = os.path.join(SRCDIR, "tests", "postman")


def newman():
    path = os.environ.get("SMARTBANK_NEWMAN") or os.path.join(POSTMAN, "node_modules", ".bin", "newman")
    assert os.access(path, os.X_OK), "newman is missing: run scripts/deps --test"
    return path


def test_newman_runs_the_collection(stack, tmp_path):
    a, _ = api.auditor(stack)
    report = tmp_path / "newman.json"
    r = subprocess.run(
        [newman(), "run", os.path.join(POSTMAN, "smartbank.postman_collection.json"),
         "-e", os.path.join(POSTMAN, "local.postman_environment.json"),
         "--env-var", f"base_url={stack.url}",
         "--env-var", f"auditor_email={a['email']}",
         "--env-var", f"auditor_password={api.AUDITOR_PASSWORD}",
         "--reporters", "cli,json", "--reporter-json-export", str(report),
         "--color", "off", "--disable-unicode"],
        capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    with open(os.path.join(POSTMAN, "smartbank.postman_collection.json")) as f:
        collection = f.read()
    stats = json.loads(report.read_text())["run"]["stats"]
    # Every request ran and every pm.test in the collection ran and passed.
    assert stats["requests"]["total"] == collection.count('"request": {') == 55
    assert stats["requests"]["failed"] == 0
    assert stats["assertions"]["total"] == collection.count("pm.test(")
    assert stats["assertions"]["failed"] == 0
