"""Error answers: always JSON {"detail": ...} with the right status, whether
smartbankd or nginx produced them."""

import socket

import pytest


def assert_json_error(r, status, detail=None):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"detail"}
    if detail is not None:
        assert body["detail"] == detail


@pytest.mark.parametrize("path", ["/nope", "/healthz/", "/HEALTHZ", "/auth", "/kyc/",
                                  "/users/me/kyc-status/x",
                                  pytest.param("/" + "a" * 3000, id="very-long")])
def test_unknown_path_is_404(stack, path):
    assert_json_error(stack.get(path), 404, "Not Found")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_wrong_method_is_405_with_allow(stack, method):
    r = stack.request(method, "/healthz")
    assert_json_error(r, 405, "Method Not Allowed")
    assert r.headers["Allow"] == "GET"


def test_dot_segments_are_normalised_by_nginx(stack):
    r = stack.get("/nope/../healthz")
    assert r.status_code == 200


def test_body_over_limit_is_413_json(stack):
    r = stack.post("/healthz", data=b"x" * (9 * 1024 * 1024),
                   headers={"Content-Type": "application/json"})
    assert_json_error(r, 413, "Request body too large")


def test_header_too_large_is_431_json(stack):
    r = stack.get("/healthz", headers={"Authorization": "Bearer " + "a" * 100_000})
    assert_json_error(r, 431, "Request header too large")


def raw_http(port, data):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    return b"".join(chunks)


def test_bad_request_from_nginx_is_json(stack):
    resp = raw_http(stack.nginx.http_port,
                    b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
    head, _, body = resp.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"Content-Type: application/json" in head
    assert body.strip() == b'{"detail":"Bad request"}'


@pytest.mark.parametrize("path", ["/kyc/%00/reject", "/%00", "/healthz%00"])
def test_nul_in_path_is_400_json(stack, path):
    """Found by schemathesis: nginx refused these with an HTML 500 when its
    error pages were named locations."""
    resp = raw_http(stack.nginx.http_port, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    head, _, body = resp.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"Content-Type: application/json" in head
    assert body.strip() == b'{"detail":"Bad request"}'


def test_error_pages_are_not_reachable_from_outside(stack):
    assert_json_error(stack.get("/.smartbank-error/400"), 404, "Not Found")
