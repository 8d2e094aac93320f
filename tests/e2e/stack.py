"""The services an end-to-end test talks to, each started for real in a
temporary directory: FerretDB (the database) and smartbankd (prefork master
and workers) on unix sockets, as the run command starts them, and nginx in
front of them on free loopback ports.  FerretDB and smartbankd can be asked
for TCP instead (tcp=True), as a test of the TCP option needs."""

import os
import random
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

import pymongo
import requests

SRCDIR = os.environ.get("SMARTBANK_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
SMARTBANKD = os.environ.get("SMARTBANKD") or os.path.join(SRCDIR, "src", "smartbankd")
# Not "NGINX": nginx itself reads that variable as a list of inherited sockets.
NGINX = os.environ.get("SMARTBANK_NGINX") or "nginx"


_GIVEN_PORTS = set()


def free_port():
    """A free port below the kernel's ephemeral range (32768 and up): a port
    the kernel hands out, once released, can be taken again as the source
    port of any outgoing connection before the server that was meant to
    have it binds it (seen: nginx's bind failing with EADDRINUSE).  A port
    is never handed out twice by one test process: two picks in a row are
    both free until a server binds the first (seen: nginx's "duplicate
    listen" when its HTTP and HTTPS ports came out the same)."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        if port in _GIVEN_PORTS:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            _GIVEN_PORTS.add(port)
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def wait_listening(connect, what, timeout=20.0, proc=None):
    """Until connect() succeeds (it returns a socket to close), or proc
    exits, or the timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {what} opened")
        try:
            connect().close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {what} after {timeout}s")


def wait_port(port, timeout=20.0, proc=None):
    wait_listening(lambda: socket.create_connection(("127.0.0.1", port), timeout=0.2),
                   f"port {port}", timeout, proc)


def socket_dir():
    """A short directory for unix sockets: a socket's path must fit in 108
    bytes, and test directories can be long."""
    return tempfile.mkdtemp(prefix="sb", dir="/tmp")


def wait_unix(path, timeout=20.0, proc=None):
    def connect():
        c = socket.socket(socket.AF_UNIX)
        try:
            c.settimeout(0.2)
            c.connect(path)
        except OSError:
            c.close()
            raise
        return c
    wait_listening(connect, path, timeout, proc)


def children(parent):
    """The live (not zombie) children of a process, from /proc."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == parent and fields[0] != "Z":
            pids.append(int(entry))
    return sorted(pids)


def comm(pid):
    """A process's name (/proc/PID/comm), or "" once it is gone."""
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


DELIVERER = "sb-deliver"        # the deliverer's name (server/deliver.h)


def ferretdb_binary():
    path = os.environ.get("SMARTBANK_FERRETDB")
    if not path:
        path = subprocess.run([os.path.join(SRCDIR, "scripts", "ferretdb"), "build"],
                              check=True, capture_output=True, text=True).stdout.strip()
        os.environ["SMARTBANK_FERRETDB"] = path
    return path


SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "SUMMARY: UndefinedBehaviorSanitizer")


def assert_clean_log(text, allowed_signals=(9,)):
    """No sanitizer report and no worker killed by a signal we did not send."""
    for mark in SANITIZER_MARKS:
        assert mark not in text, f"sanitizer report in smartbankd's log:\n{text[-4000:]}"
    for line in text.splitlines():
        if ("msg=worker_exited" in line or "msg=deliverer_exited" in line) \
                and "signal=" in line:
            sig = int(line.rsplit("signal=", 1)[1].split()[0])
            assert sig in allowed_signals, f"a child crashed: {line}"


class FerretDB:
    def __init__(self, workdir, tcp=False):
        self.dir = os.path.join(workdir, "ferretdb")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port() if tcp else None
        self.sock = None if tcp else os.path.join(socket_dir(), "ferretdb.sock")
        self.proc = None

    @property
    def uri(self):
        if self.sock is None:
            return f"mongodb://127.0.0.1:{self.port}/"
        return "mongodb://" + urllib.parse.quote(self.sock, safe="") + "/"

    def start(self):
        log = open(os.path.join(self.dir, "ferretdb.log"), "ab")
        listen = (["-listen-addr", f"127.0.0.1:{self.port}"] if self.sock is None
                  else ["-listen-unix", self.sock])
        self.proc = subprocess.Popen(
            [ferretdb_binary(), *listen, "-data-dir", os.path.join(self.dir, "data")],
            stdout=log, stderr=log)
        log.close()
        if self.sock is None:
            wait_port(self.port, proc=self.proc)
        else:
            wait_unix(self.sock, proc=self.proc)

    def freeze(self, timeout=10.0):
        """SIGSTOP, and wait until every thread has stopped: the stop is
        asynchronous, and a thread still running (a busy machine may leave a
        virtual CPU unscheduled a while) could yet answer one request."""
        self.proc.send_signal(signal.SIGSTOP)
        deadline = time.monotonic() + timeout
        task = f"/proc/{self.proc.pid}/task"
        while True:
            states = []
            for tid in os.listdir(task):
                try:
                    with open(f"{task}/{tid}/stat") as f:
                        states.append(f.read().rsplit(")", 1)[1].split()[0])
                except FileNotFoundError:
                    continue
            if states and all(st in ("T", "t") for st in states):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"FerretDB did not stop: {states}")
            time.sleep(0.01)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def random_key():
    """A 32-byte key in base64, as the key file holds it."""
    import base64
    return base64.b64encode(secrets.token_bytes(32)).decode()


def write_key_file(path, keks=None, index=None, mode=0o600):
    """A key file (smartbankd(8)): the blind-index key, then the KEKs in
    order (the last wraps).  Returns {id: key} of what it holds."""
    keks = keks if keks is not None else [("k1", random_key())]
    index = index or random_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(f"# test keys\nindex {index}\n")
        for kid, key in keks:
            f.write(f"{kid} {key}\n")
    os.chmod(path, mode)
    return {"index": index, **dict(keks)}


def write_audit_key(path, mode=0o600):
    """An Ed25519 private key in PEM, the audit checkpoints' signing key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    os.chmod(path, mode)
    return key


class Smartbankd:
    """smartbankd as its own prefork master on a unix socket (or a TCP port,
    with tcp=True)."""

    def __init__(self, workdir, mongodb_uri, database, name="smartbankd", tcp=False,
                 **settings):
        self.dir = workdir
        self.port = free_port() if tcp else None
        self.sock = None if tcp else os.path.join(socket_dir(), "fcgi.sock")
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTBANK_")}
        self.key_file = os.path.join(workdir, f"{name}.keys")
        if not os.path.exists(self.key_file):
            write_key_file(self.key_file)
        self.audit_key_file = os.path.join(workdir, f"{name}.audit.pem")
        if not os.path.exists(self.audit_key_file):
            write_audit_key(self.audit_key_file)
        self.env.update({
            "SMARTBANK_JWT_SECRET": secrets.token_urlsafe(48),
            "SMARTBANK_KEY_FILE": self.key_file,
            "SMARTBANK_AUDIT_KEY_FILE": self.audit_key_file,
            "SMARTBANK_MONGODB_URI": mongodb_uri,
            "SMARTBANK_DATABASE": database,
            "SMARTBANK_LISTEN": self.listen,
            "SMARTBANK_WORKERS": "2",
            # Below the floor of 10, which only this key may go (the
            # service says so at start): the suite hashes thousands of times.
            "SMARTBANK_BCRYPT_TEST_COST": "4",
            # The suite registers and logs in thousands of times from one
            # address: the per-address limits are tested where a test says
            # so (an empty list), or from other loopback addresses.
            "SMARTBANK_LOGIN_TRUSTED_ADDRS": "127.0.0.1",
            # The local database on a two-core CI machine has stalled
            # single calls past the production default of 1.5 s under the
            # suite's load (unexplained yet: see the session notes); the
            # tests of the timeout itself and of outages set 1500.
            "SMARTBANK_DB_TIMEOUT_MS": "4000",
        })
        self.env.update({k: str(v) for k, v in settings.items()})
        self.proc = None

    @property
    def listen(self):
        """SMARTBANK_LISTEN, and nginx's upstream: unix:/path or host:port."""
        return f"unix:{self.sock}" if self.sock else f"127.0.0.1:{self.port}"

    upstream = listen

    def wait_listening(self):
        if self.sock:
            wait_unix(self.sock, proc=self.proc)
        else:
            wait_port(self.port, proc=self.proc)

    def start(self):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([SMARTBANKD], env=self.env, stdout=log, stderr=log)
        log.close()
        self.wait_listening()
        deadline = time.monotonic() + 10
        while len(self.worker_pids()) < int(self.env["SMARTBANK_WORKERS"]):
            if time.monotonic() > deadline:
                raise RuntimeError("workers did not start")
            time.sleep(0.05)

    def worker_pids(self):
        """The live workers of the master, from /proc: its children but the
        deliverer."""
        return [p for p in children(self.proc.pid) if comm(p) != DELIVERER]

    def deliverer_pid(self):
        """The master's live deliverer, or None."""
        found = [p for p in children(self.proc.pid) if comm(p) == DELIVERER]
        return found[0] if found else None

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self, timeout=15):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode if self.proc else None
        self.proc = None
        return rc


class Nginx:
    def __init__(self, workdir, upstream, auth_rate="100r/s", workers=0):
        self.prefix = os.path.join(workdir, "nginx")
        os.makedirs(self.prefix, exist_ok=True)
        self.http_port = free_port()
        self.https_port = free_port()
        self.upstream = upstream
        self.auth_rate = auth_rate
        self.workers = workers

    @property
    def url(self):
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def https_url(self):
        return f"https://127.0.0.1:{self.https_port}"

    def start(self):
        conf = subprocess.run(
            [os.path.join(SRCDIR, "scripts", "nginx-conf"), self.prefix,
             str(self.http_port), str(self.https_port), self.upstream, self.auth_rate,
             str(self.workers)],
            check=True, capture_output=True, text=True).stdout.strip()
        self.conf = conf
        env = {k: v for k, v in os.environ.items() if k != "NGINX"}
        subprocess.run([NGINX, "-p", self.prefix, "-c", conf, "-e",
                        os.path.join(self.prefix, "nginx-error.log")], check=True, env=env)
        wait_port(self.http_port)

    def stop(self):
        pidfile = os.path.join(self.prefix, "nginx.pid")
        try:
            with open(pidfile) as f:
                pid = int(f.read())
        except (OSError, ValueError):
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)


def console_root():
    """Where the built console is (scripts/console), as make install would
    put it: a directory called console under the root."""
    built = os.environ.get("SMARTBANK_CONSOLE") or subprocess.run(
        [os.path.join(SRCDIR, "scripts", "console"), "build"], check=True,
        capture_output=True, text=True).stdout.strip()
    assert os.path.basename(built) == "console"
    return os.path.dirname(built)


class ProductionNginx:
    """nginx/smartbank-production.conf served for real on loopback ports, in
    front of a smartbankd upstream, with a certificate made here and the
    main and events contexts its header asks for.  names: more server names
    for the site (a load generator that cannot set SNI connects to
    localhost)."""

    def __init__(self, workdir, upstream, names=()):
        self.prefix = os.path.join(workdir, "production")
        os.makedirs(self.prefix, exist_ok=True)
        self.upstream = upstream
        self.names = names
        self.http_port = free_port()
        self.https_port = free_port()

    def start(self):
        d = self.prefix
        subprocess.run([os.path.join(SRCDIR, "scripts", "make-cert"), d], check=True)
        with open(os.path.join(SRCDIR, "nginx", "smartbank-production.conf")) as f:
            conf = f.read()
        conf = (conf.replace("/etc/nginx/smartbank/", os.path.join(SRCDIR, "nginx") + "/")
                    .replace("/etc/ssl/smartbank/fullchain.pem", os.path.join(d, "local.crt"))
                    .replace("/etc/ssl/smartbank/privkey.pem", os.path.join(d, "local.key"))
                    .replace("/var/log/nginx/", d + "/")
                    .replace("root /usr/local/share/smartbank;", f"root {console_root()};")
                    .replace("unix:/run/smartbank/smartbankd.sock", self.upstream)
                    .replace("listen [::]:80 default_server;", "")
                    .replace("listen [::]:443 ssl default_server;", "")
                    .replace("listen [::]:80;", "").replace("listen [::]:443 ssl http2;", "")
                    .replace("listen 80", f"listen 127.0.0.1:{self.http_port}")
                    .replace("listen 443", f"listen 127.0.0.1:{self.https_port}")
                    .replace("server_name bank.example.com;",
                             " ".join(["server_name bank.example.com", *self.names]) + ";"))
        with open(os.path.join(d, "production.conf"), "w") as f:
            f.write(conf)
        user = "user root;\n" if os.geteuid() == 0 else ""
        with open(os.path.join(d, "nginx.conf"), "w") as f:
            f.write(f"{user}pid {d}/nginx.pid;\nerror_log {d}/error.log;\n"
                    "worker_processes auto;\nworker_rlimit_nofile 65536;\n"
                    "events { worker_connections 16384; }\n"
                    f"http {{\n  client_body_temp_path {d}/body;\n"
                    f"  fastcgi_temp_path {d}/fastcgi;\n  include {d}/production.conf;\n}}\n")
        env = {k: v for k, v in os.environ.items() if k != "NGINX"}
        subprocess.run([NGINX, "-p", d, "-c", os.path.join(d, "nginx.conf")],
                       check=True, env=env)
        wait_port(self.https_port)

    @property
    def certificate(self):
        """The certificate made for the site (it names localhost)."""
        return os.path.join(self.prefix, "local.crt")

    def stop(self):
        with open(os.path.join(self.prefix, "nginx.pid")) as f:
            os.kill(int(f.read()), signal.SIGTERM)


class Stack:
    """FerretDB + smartbankd + nginx, and clients for HTTP and the database."""

    def __init__(self, workdir, nginx_auth_rate="100r/s", **settings):
        self.workdir = workdir
        self.database = "sb" + secrets.token_hex(4)
        self.ferret = FerretDB(workdir)
        self.ferret.start()
        self.sbd = Smartbankd(workdir, self.ferret.uri, self.database, **settings)
        self.sbd.start()
        self.nginx = Nginx(workdir, self.sbd.upstream, auth_rate=nginx_auth_rate,
                           workers=int(self.sbd.env.get("SMARTBANK_WORKERS", "0")))
        self.nginx.start()
        self.url = self.nginx.url
        self.sbd_path = SMARTBANKD
        self.http = requests.Session()
        self.mongo = pymongo.MongoClient(self.ferret.uri, serverSelectionTimeoutMS=5000)
        self.db = self.mongo[self.database]

    def request(self, method, path, **kw):
        kw.setdefault("timeout", 30)
        return self.http.request(method, self.url + path, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def count(self, coll):
        """How many documents coll holds, from collStats: on FerretDB's SQLite
        the table's leaf cells, exact (test_local_database checks it against
        count_documents), where count_documents reads every document, scans
        included: seconds on the shared stack late in a run."""
        return self.db.command("collStats", coll)["count"]

    def counts(self, colls=("user", "kyc_doc", "user_log")):
        """How many documents each collection holds: to show nothing changed."""
        return {c: self.count(c) for c in colls}

    def close(self):
        self.mongo.close()
        self.nginx.stop()
        self.sbd.stop()
        self.ferret.stop()
