#!/usr/bin/python3
"""A stand-in Slack webhook for the benchmark: 127.0.0.1 only, answers every POST 200 "ok".

GET /count returns how many POSTs were received, GET /last the last body (the benchmark checks
deliveries and the rendered text with them).
HTTP/1.0 by default: one request per connection, as most simple webhook stand-ins behave.
--keep-alive answers HTTP/1.1 and keeps connections open, as Slack does. TCP_NODELAY is set
either way, as production servers do: without it the status line+headers and the body leave as
two segments and the client's delayed ACK stalls every request on a reused connection ~40 ms.
Usage: sink.py PORT [--keep-alive]. Runs until killed (run.sh kills it by pid on exit).
"""
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

count = 0
last = b""
lock = threading.Lock()


class Sink(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True

    def do_POST(self):
        global count, last
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            count += 1
            last = body
        self._answer(b"ok")

    def do_GET(self):
        self._answer(last if self.path == "/last" else str(count).encode())

    def _answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if "--keep-alive" in sys.argv[2:]:
        Sink.protocol_version = "HTTP/1.1"
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
