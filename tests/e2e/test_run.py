"""The README's run command, as a newcomer uses it: scripts/run starts
FerretDB, smartbankd and nginx with a local auditor, and `scripts/run admin
COMMAND` runs smartbank-admin against what it started (its configuration
and its database, which the configuration file alone does not name)."""

import os
import shutil
import subprocess
import tempfile
import threading
import time

from pathlib import Path

import requests

from stack import SRCDIR, free_port

RUN = os.path.join(SRCDIR, "scripts", "run")
SMARTBANKD_ENV = os.environ.get("SMARTBANKD")


def test_run_starts_the_service_and_admin_commands_reach_its_database():
    # Short: unix sockets' paths are (scripts/run refuses 80 bytes or more).
    tmp_path = Path(tempfile.mkdtemp(prefix="sb-run-"))
    run_dir = tmp_path / "run"
    http, https = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k != "SMARTBANK_MONGODB_URI"}
    env.update(SMARTBANK_RUN_DIR=str(run_dir), SMARTBANK_HTTP_PORT=str(http),
               SMARTBANK_HTTPS_PORT=str(https))
    if SMARTBANKD_ENV:          # the suite's own build (plain, sanitizers, coverage)
        env["SMARTBANK_BUILD_DIR"] = os.path.dirname(os.path.dirname(SMARTBANKD_ENV))
    proc = subprocess.Popen([RUN], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    out = []
    # Read by a thread: what scripts/run prints stays in a pipe until then.
    reader = threading.Thread(target=lambda: out.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 170
        while not any("smartbank is running" in line for line in list(out)):
            assert time.monotonic() < deadline and proc.poll() is None, "".join(out)
            time.sleep(0.5)
        r = requests.get(f"http://127.0.0.1:{http}/healthz", timeout=10)
        assert r.json() == {"status": "ok", "database": "ok"}

        def admin(*args):
            return subprocess.run([RUN, "admin", *args], env=env, capture_output=True,
                                  text=True, timeout=120)

        r = admin("list-auditors")
        assert r.returncode == 0 and "auditor@smartbank.local" in r.stdout, r.stdout + r.stderr
        password = (run_dir / "auditor.password").read_text().strip()
        login = requests.post(f"http://127.0.0.1:{http}/auth/login", timeout=10, json={
            "email": "auditor@smartbank.local", "password": password})
        assert login.status_code == 200, login.text
        # The login is audited in the database the admin command reads.
        r = admin("verify-audit")
        assert r.returncode == 0, r.stdout + r.stderr
        r = admin("no-such-command")
        assert r.returncode != 0 and r.stderr
    finally:
        subprocess.run([RUN, "stop"], env=env, capture_output=True, timeout=120)
        proc.wait(timeout=60)
    # Without a run, nothing to administer: said, not a database timeout.
    r = subprocess.run([RUN, "admin", "list-auditors"], capture_output=True, text=True,
                       env=dict(env, SMARTBANK_RUN_DIR=str(tmp_path / "none")), timeout=60)
    assert r.returncode != 0 and "start scripts/run first" in r.stderr, r.stderr
    shutil.rmtree(tmp_path, ignore_errors=True)
