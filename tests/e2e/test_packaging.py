"""What operations rely on: systemd units that systemd accepts, manual
pages that mandoc finds nothing to fix in, an install that puts
everything in its place."""

import glob
import os
import re
import shutil
import subprocess

import pytest

from stack import SMARTBANKD, SRCDIR

UNITS = sorted(glob.glob(os.path.join(SRCDIR, "systemd", "*.service.in")))


def fill(template, out_dir):
    """The unit as make fills it, with the built binaries' directory."""
    with open(template) as f:
        text = f.read()
    text = text.replace("@sbindir@", os.path.dirname(SMARTBANKD)).replace("@sysconfdir@", "/etc")
    path = os.path.join(out_dir, os.path.basename(template)[:-3])
    with open(path, "w") as f:
        f.write(text)
    return path


@pytest.mark.parametrize("template", UNITS, ids=os.path.basename)
def test_systemd_unit_verifies(template, tmp_path):
    assert shutil.which("systemd-analyze"), "systemd-analyze is needed (Debian: systemd)"
    unit = fill(template, str(tmp_path))
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", unit],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == "", r.stderr


def test_main_unit_security_exposure(tmp_path):
    unit = fill(os.path.join(SRCDIR, "systemd", "smartbankd.service.in"), str(tmp_path))
    r = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--no-pager", unit],
                       capture_output=True, text=True, timeout=60)
    m = re.search(r"Overall exposure level for \S+: ([0-9.]+)", r.stdout + r.stderr)
    assert m, r.stdout[-500:]
    # docs/operations.md records the score; keep them in step.
    with open(os.path.join(SRCDIR, "docs", "operations.md")) as f:
        assert f"exposure level {m.group(1)}" in f.read()


@pytest.mark.parametrize("page", sorted(glob.glob(os.path.join(SRCDIR, "man", "*.[0-9]"))),
                         ids=os.path.basename)
def test_man_page_is_lint_clean(page):
    r = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", page], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_production_nginx_example_is_valid(tmp_path):
    """nginx -t accepts the production example, included in an http block
    as the comment at its top says, with its paths pointed here."""
    from stack import NGINX
    subprocess.run([os.path.join(SRCDIR, "scripts", "make-cert"), str(tmp_path)], check=True)
    with open(os.path.join(SRCDIR, "nginx", "smartbank-production.conf")) as f:
        conf = f.read()
    conf = (conf.replace("/etc/nginx/smartbank/", os.path.join(SRCDIR, "nginx") + "/")
                .replace("/etc/ssl/smartbank/fullchain.pem", str(tmp_path / "local.crt"))
                .replace("/etc/ssl/smartbank/privkey.pem", str(tmp_path / "local.key"))
                .replace("/var/log/nginx/", str(tmp_path) + "/"))
    (tmp_path / "production.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include {tmp_path}/production.conf;\n}}\n")
    env = {k: v for k, v in os.environ.items() if k != "NGINX"}
    r = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "HSTS" not in r.stderr and "syntax is ok" in r.stderr
    assert "Strict-Transport-Security" in conf and "limit_req zone=smartbank_auth" in conf
    assert "listen 443 ssl" in conf and "return 301 https://" in conf


def test_runs_unprivileged_without_capabilities(tmp_path):
    """What the unit's User=, NoNewPrivileges= and empty capability sets
    impose, imposed here with setpriv: smartbankd still serves."""
    import requests
    from stack import FerretDB, Nginx, Smartbankd, assert_clean_log
    if os.geteuid() != 0:
        pytest.fail("this test drops privileges and must start as root")
    # TCP for both: the unprivileged user may not open root's sockets.
    ferret = FerretDB(str(tmp_path), tcp=True)
    ferret.start()
    sbd = Smartbankd(str(tmp_path), ferret.uri, "unprivileged", tcp=True)
    # The key file is the service user's own (mode 0600), where it can reach it.
    import tempfile
    from stack import write_key_file
    keydir = tempfile.mkdtemp(prefix="sb-unpriv-")
    os.chown(keydir, 65534, 65534)
    sbd.env["SMARTBANK_KEY_FILE"] = os.path.join(keydir, "keys")
    write_key_file(sbd.env["SMARTBANK_KEY_FILE"])
    os.chown(sbd.env["SMARTBANK_KEY_FILE"], 65534, 65534)
    from stack import write_audit_key
    sbd.env["SMARTBANK_AUDIT_KEY_FILE"] = os.path.join(keydir, "audit.pem")
    write_audit_key(sbd.env["SMARTBANK_AUDIT_KEY_FILE"])
    os.chown(sbd.env["SMARTBANK_AUDIT_KEY_FILE"], 65534, 65534)
    argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs",
            "--inh-caps=-all", "--bounding-set=-all", "--", SMARTBANKD]
    log = open(sbd.log_path, "ab")
    sbd.proc = subprocess.Popen(argv, env=sbd.env, stdout=log, stderr=log)
    log.close()
    nginx = Nginx(str(tmp_path), sbd.upstream)
    try:
        sbd.wait_listening()
        nginx.start()
        r = requests.get(nginx.url + "/healthz", timeout=10)
        assert r.status_code == 200 and r.json()["database"] == "ok"
        r = requests.post(nginx.url + "/auth/register", timeout=10, json={
            "email": "unprivileged@example.com", "password": "securepass123",
            "name": "No Caps", "phone": "+919876543210"})
        assert r.status_code == 201
        for pid in sbd.worker_pids() + [sbd.proc.pid]:
            with open(f"/proc/{pid}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
            assert status["Uid"].split()[0] == "65534"
            assert int(status["CapEff"], 16) == 0 and int(status["CapBnd"], 16) == 0
            assert status["NoNewPrivs"].strip() == "1"
    finally:
        nginx.stop()
        assert sbd.stop() == 0
        ferret.stop()
    assert_clean_log(sbd.log())


def test_local_database_refuses_a_data_dir_it_would_lose(tmp_path):
    """FerretDB globs its directory for databases at start-up; in a path
    with glob characters it would not find them after a restart."""
    from stack import ferretdb_binary
    bad = tmp_path / "data[1]"
    r = subprocess.run([ferretdb_binary(), "-listen-addr", "127.0.0.1:0", "-data-dir", str(bad)],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2
    assert "-data-dir must not contain" in r.stderr
    assert not bad.exists()


@pytest.mark.parametrize("template", UNITS, ids=os.path.basename)
def test_units_allow_no_core_files(template):
    """Issue 25: a core file of a worker would hold the keys and the JWT
    secret (smartbankd also makes itself not dumpable)."""
    with open(template) as f:
        assert "\nLimitCORE=0\n" in f.read()
