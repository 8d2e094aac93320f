"""nginx's side of the probe's findings: its own answers are JSON with the
headers every answer has, HTTP/0.9 gets nothing, /auth/ has a per-address
limit locally too, and the production example, served for real on
loopback ports, redirects only to its own name, drops unknown hosts, sends
HSTS and nosniff once, and speaks only modern TLS."""

import json
import re
import socket
import ssl
import threading

import pytest
import requests

from stack import ProductionNginx


def raw(port, data, tls=False, host="127.0.0.1", ciphers=None, server_name=None):
    """Send bytes, read the answer until the server closes: (head, body)."""
    c = socket.create_connection((host, port), timeout=10)
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        if ciphers:
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            ctx.set_ciphers(ciphers)
        c = ctx.wrap_socket(c, server_hostname=server_name)
    c.sendall(data)
    out = b""
    while True:
        try:
            b = c.recv(65536)
        except (ConnectionResetError, ssl.SSLError):
            break
        if not b:
            break
        out += b
    c.close()
    head, _, body = out.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


def header_values(head, name):
    return [v.strip() for k, _, v in (line.partition(":") for line in head.split("\r\n")[1:])
            if k.lower() == name.lower()]


@pytest.mark.parametrize("case,port_kind,data,status", [
    ("plain HTTP to the TLS port", "https",
     b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400),
    ("unknown Transfer-Encoding", "http",
     b"POST /auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n", 501),
    ("bad HTTP version", "http",
     b"GET /healthz HTTP/2.7\r\nHost: x\r\nConnection: close\r\n\r\n", 505),
])
def test_nginx_own_errors_are_json(stack, case, port_kind, data, status):
    port = stack.nginx.https_port if port_kind == "https" else stack.nginx.http_port
    head, body = raw(port, data)
    assert head.startswith(f"HTTP/1.1 {status} "), (case, head)
    assert "text/html" not in head and "application/json" in head, case
    assert json.loads(body)["detail"], case
    assert header_values(head, "X-Content-Type-Options") == ["nosniff"]
    assert header_values(head, "Cache-Control") == ["no-store"]
    assert not re.search(r"nginx/\d", head)       # server_tokens off


def test_http_09_gets_no_headerless_body(stack):
    head, body = raw(stack.nginx.http_port, b"GET /healthz\r\n")
    assert head == "" and body == b""


def test_nosniff_once_on_smartbankd_answers(stack):
    r = requests.get(stack.url + "/healthz", timeout=10)
    assert r.raw.headers.getlist("X-Content-Type-Options") == ["nosniff"]


@pytest.mark.parametrize("fresh_stack", [{}], indirect=True)
def test_auth_is_limited_per_address_locally_too(fresh_stack):
    s = fresh_stack
    statuses, lock = [], threading.Lock()

    def burst():
        session = requests.Session()
        for _ in range(60):
            r = session.post(s.url + "/auth/login", data="{", timeout=30,
                             headers={"Content-Type": "application/json"})
            with lock:
                statuses.append((r.status_code, r.headers.get("Retry-After"),
                                 r.headers.get("Content-Type")))
    threads = [threading.Thread(target=burst) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    limited = [x for x in statuses if x[0] == 429]
    assert limited, "480 requests at once were never limited"
    assert all(x[1] == "1" and x[2] == "application/json" for x in limited)
    assert {x[0] for x in statuses} <= {400, 429}
    # Other paths are not limited.
    assert s.get("/healthz").status_code == 200


@pytest.fixture
def production(tmp_path, stack):
    """The production example on loopback ports, in front of the shared
    stack's smartbankd, with a certificate made here."""
    site = ProductionNginx(str(tmp_path), stack.sbd.upstream)
    site.start()
    yield site.http_port, site.https_port
    site.stop()


def test_production_redirects_only_to_its_own_name(production):
    http, _ = production
    head, _ = raw(http, b"GET /kyc/pending?x=1 HTTP/1.1\r\nHost: bank.example.com\r\n"
                        b"Connection: close\r\n\r\n")
    assert head.startswith("HTTP/1.1 301")
    assert header_values(head, "Location") == ["https://bank.example.com/kyc/pending?x=1"]
    # Another Host: no redirect to it, no answer at all.
    head, body = raw(http, b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    assert head == "" and body == b""


def test_production_refuses_tls_to_unknown_names(production):
    _, https = production
    with pytest.raises(ssl.SSLError):
        raw(https, b"GET /healthz HTTP/1.1\r\nHost: evil.example\r\n\r\n", tls=True,
            server_name="evil.example")


def test_production_headers_once_on_every_answer(production):
    _, https = production
    ok = b"GET /healthz HTTP/1.1\r\nHost: bank.example.com\r\nConnection: close\r\n\r\n"
    nginx_own = b"GET /x HTTP/1.1\r\nHost: bank.example.com\r\nConnection: close\r\n" + \
        b"Transfer-Encoding: gzip\r\n\r\n"
    for data, status in ((ok, 200), (nginx_own, 501)):
        head, _ = raw(https, data, tls=True, server_name="bank.example.com")
        assert head.startswith(f"HTTP/1.1 {status}"), head
        assert header_values(head, "Strict-Transport-Security") == [
            "max-age=63072000; includeSubDomains"], head
        assert header_values(head, "X-Content-Type-Options") == ["nosniff"], head


def test_production_serves_the_console_with_its_headers(production):
    _, https = production
    head, _ = raw(https, b"GET / HTTP/1.1\r\nHost: bank.example.com\r\nConnection: close\r\n\r\n",
                  tls=True, server_name="bank.example.com")
    assert head.startswith("HTTP/1.1 302") and header_values(head, "Location") == [
        "/console/"]
    head, body = raw(https, b"GET /console/ HTTP/1.1\r\nHost: bank.example.com\r\n"
                            b"Connection: close\r\n\r\n", tls=True, server_name="bank.example.com")
    assert head.startswith("HTTP/1.1 200") and b'<div id="root">' in body
    csp = header_values(head, "Content-Security-Policy")
    assert len(csp) == 1 and "frame-ancestors 'none'" in csp[0] and "unsafe" not in csp[0]
    for name, value in (("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
                        ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
                        ("X-Frame-Options", "DENY"), ("Cache-Control", "no-cache")):
        assert header_values(head, name) == [value], (name, head)


@pytest.mark.parametrize("cipher,accepted", [
    ("ECDHE-RSA-AES128-GCM-SHA256", True),
    ("ECDHE-RSA-CHACHA20-POLY1305", True),
    ("AES128-SHA", False),              # static RSA key exchange, CBC
    ("AES128-GCM-SHA256", False),       # static RSA key exchange
    ("ECDHE-RSA-AES128-SHA", False),    # CBC with SHA-1
])
def test_production_tls_policy(production, cipher, accepted):
    _, https = production
    req = b"GET /healthz HTTP/1.1\r\nHost: bank.example.com\r\nConnection: close\r\n\r\n"
    if accepted:
        head, _ = raw(https, req, tls=True, ciphers=cipher, server_name="bank.example.com")
        assert head.startswith("HTTP/1.1 200")
    else:
        with pytest.raises(ssl.SSLError):
            raw(https, req, tls=True, ciphers=cipher, server_name="bank.example.com")


# -- issue 25: nginx's last HTML, and HSTS on the API -----------------------------

def test_the_redirect_to_the_console_has_no_body_and_the_usual_headers(stack):
    for port, tls in ((stack.nginx.http_port, False), (stack.nginx.https_port, True)):
        head, body = raw(port, b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                         tls=tls)
        assert head.startswith("HTTP/1.1 302"), head
        assert header_values(head, "Location") == ["/console/"], head
        assert header_values(head, "X-Content-Type-Options") == ["nosniff"], head
        assert header_values(head, "Content-Length") == ["0"] and body == b"", (head, body)
        assert header_values(head, "Strict-Transport-Security") == (
            ["max-age=63072000; includeSubDomains"] if tls else []), head


def test_the_assets_folder_is_a_json_404_never_cached(stack):
    head, body = raw(stack.nginx.http_port, b"GET /console/assets/ HTTP/1.1\r\nHost: localhost\r\n"
                                            b"Connection: close\r\n\r\n")
    assert head.startswith("HTTP/1.1 404"), head
    assert json.loads(body) == {"detail": "Not Found"}
    assert header_values(head, "Cache-Control") == ["no-store"], head


def test_api_answers_over_tls_carry_hsts_once(stack):
    for request in (b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                    b"POST /auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    b"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"):
        head, _ = raw(stack.nginx.https_port, request, tls=True)
        assert header_values(head, "Strict-Transport-Security") == [
            "max-age=63072000; includeSubDomains"], head
        assert header_values(head, "X-Content-Type-Options") == ["nosniff"], head


@pytest.mark.parametrize("length", [16 * 1024 + 10, 40 * 1024, 70 * 1024])
def test_a_request_line_too_long_is_a_json_414(stack, length):
    head, body = raw(stack.nginx.http_port, b"GET /" + b"a" * length +
                     b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert head.startswith("HTTP/1.1 414"), head[:200]
    assert json.loads(body) == {"detail": "Request URI too long"}
