"""A webhook receiver for the tests: an HTTP server on a loopback port that
records every delivery (headers, body, when) and answers as the test says
(a status, a delay, a redirect, or nothing at all while it is down)."""

import http.server
import socket
import threading
import time

from stack import free_port


class Receiver:
    def __init__(self):
        self.port = free_port()
        self.got = []                   # [(headers dict, body bytes, time)]
        self.status = 204
        self.delay = 0.0
        self.location = None
        self.lock = threading.Lock()
        self.server = None
        self.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.got.append(({k.lower(): v for k, v in self.headers.items()},
                                         body, time.time(), receiver.status))
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

            def server_bind(self):
                self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                super().server_bind()

        self.server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        """Down: connections are refused until start()."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    close = stop

    def received(self):
        with self.lock:
            return list(self.got)

    def wait(self, pred, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pred(self.received()):
                return self.received()
            time.sleep(0.1)
        raise AssertionError(f"the receiver did not see it in {timeout} s: "
                             f"{[(h.get('webhook-id'), b[:80]) for h, b, *_ in self.received()]}")
