"""The payment provider simulator (loket.payments.simulator) as the tests run it: its own process on a free port,
and a stand-in receiver for its callbacks."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "rahasia-uji"
KEY = "kunci-api-uji"
CONTROL_KEY = "kunci-kontrol-uji"


class Receiver:
    """Loket's callback endpoint stand-in: records each callback, answers with the next scripted status."""

    def __init__(self, statuses=()):
        self.calls: list[tuple[dict, bytes]] = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/notifikasi"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count: int, timeout: float = 15) -> list[tuple[dict, bytes]]:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.calls


class Simulator:
    def __init__(self, data, callback_url, *extra):
        self.args = [sys.executable, "-m", "loket.payments.simulator", "--port", "0", "--data", str(data),
                     "--secret", SECRET, "--api-key", KEY, "--control-key", CONTROL_KEY,
                     "--callback-url", callback_url, *extra]  # fmt: skip
        self.start()

    def start(self):
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        line = self.process.stdout.readline()
        self.base = line.split(" on ")[1].strip().rstrip("/")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def outage(self, down: bool) -> None:
        """Play (or end) an outage: every API call answers 503 meanwhile."""
        assert self.call("POST", "/v1/_kontrol", {"down": down}, key=CONTROL_KEY) == (200, {"down": down})

    def call(self, method, path, data=None, key=KEY):
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Authorization", f"Bearer {key}")
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode()
