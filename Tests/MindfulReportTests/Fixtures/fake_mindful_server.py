#!/usr/bin/env python3
"""A fake Mindful Historical Data API for the fetch tests (Python 3 standard library only).

    fake_mindful_server.py --root DIR [--faults FILE] [--log FILE] [--latency S]
                           [--token T ...] [--client-id ID --client-secret SECRET]
                           [--expires-in S] [--lifetime S] [--tls-cert PEM --tls-key PEM]
                           [--gzip] [--insufficient-scope] [--token-error-description TEXT]

It starts, stops and prints its port as `serverkit.py` says (after --lifetime seconds, default
120, or when its stdin closes). Commands on stdin, each answered by one line on stdout:
    idle [AUTHORIZATION]   answers `idle` once no request is being served (with that exact
                           Authorization header, when given) and every request served is logged
    served N               answers `served` once N data requests have been answered 200 (or
                           `timeout` after 60 s)
    busy N                 answers `busy` once N requests are being served at the same time (or
                           `timeout` after 60 s)
    answered AUTHORIZATION once idle for that Authorization header, answers how many data
                           requests with it were answered 200

GET /v2/data/historical/YYYYMMDD/HH serves ROOT/YYYYMMDD/HH.json byte for byte (404 when absent)
to requests carrying `Authorization: Bearer <token>` with a --token or a live issued token. It is a
resource server as RFC 6750 §3 describes one: a request without a token gets 401 and
`WWW-Authenticate: Bearer realm="mindful"` (no error code); an unknown or expired token gets 401
with `error="invalid_token"`; with --insufficient-scope every valid token gets 403 with
`error="insufficient_scope"`. With --gzip, an answer to a request whose Accept-Encoding names gzip
is sent gzip-compressed (Content-Encoding: gzip).

POST /oauth2/token is an authorization server's token endpoint as RFC 6749 describes it (§2.3.1,
§4.4, §5.1, §5.2): the client authenticates with HTTP Basic over the form-urlencoded client id and
secret; the body must be application/x-www-form-urlencoded with grant_type=client_credentials.
Errors are JSON `{"error": ..., "error_description": ...}` with Cache-Control: no-store: 400
invalid_request (not a form, no grant_type), 400 unsupported_grant_type, and 401 invalid_client
with `WWW-Authenticate: Basic realm="mindful-token"` when the client authentication fails (the
description is --token-error-description when given, where {client_id} and {secret} are replaced
by what the client sent, as a careless server might echo them). A token is issued with
`expires_in` = --expires-in.

With --tls-cert and --tls-key the server speaks HTTPS (HTTP/1.1) with that certificate.

Faults, per path, from --faults (a JSON object) or POSTed to /_control/faults (which replaces
them): {"/v2/data/historical/20230608/04": [step, ...]}. Each request to the path uses the first
step, whose "times" (default 1; -1 = forever) counts down; after the last step the path answers
normally. A step is an object with any of:
    "status": 429           answer this status with a small JSON body
    "retry_after": "2"      Retry-After header as given
    "retry_after_in": 1.5   Retry-After as an HTTP date that many seconds from now
    "reset": true           reset the connection (RST) without answering
    "truncate": true        send the headers and half of the real body, then close
    "body": "{...}"         answer 200 with this body instead of the file
    "delay": 5              wait this long before answering (stops early if the client hangs up)
A path may also be "/oauth2/token" (e.g. [{"status": 400}]).

Every request appends one JSON line to --log: start and end (time.time()), method, path, status
(0 when reset or abandoned), auth (first 16 hex digits of SHA-256 of the Authorization header, or
null; never the header itself), inflight (requests being served when this one started,
including itself), max_inflight so far, fault (the step used, or null), user_agent and
accept_encoding (the request's headers, or null).
"""

import argparse
import base64
import email.utils
import gzip
import hashlib
import json
import os
import re
import secrets
import select
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import serverkit

HOUR_PATH = re.compile(r"^/v2/data/historical/(\d{8})/(\d{2})$")


class State:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.inflight_by_auth = {}
        self.served = 0
        self.served_by_auth = {}
        self.root = args.root
        self.latency = args.latency
        self.static_tokens = set(args.token or [])
        self.client_id = args.client_id
        self.client_secret = args.client_secret
        self.expires_in = args.expires_in
        self.issued = {}  # token -> expiry (time.time())
        self.faults = {}
        self.inflight = 0
        self.max_inflight = 0
        self.log_path = args.log
        self.log_lock = threading.Lock()
        self.gzip = args.gzip
        self.insufficient_scope = args.insufficient_scope
        self.token_error_description = args.token_error_description
        if args.faults:
            with open(args.faults, "r", encoding="utf-8") as f:
                self.faults = json.load(f)

    def next_fault(self, path):
        with self.lock:
            steps = self.faults.get(path)
            if not steps:
                return None
            step = steps[0]
            times = step.get("times", 1)
            if times > 0:
                times -= 1
                if times == 0:
                    steps.pop(0)
                else:
                    step["times"] = times
            return dict(step)

    def enter(self, auth):
        with self.lock:
            self.inflight += 1
            self.inflight_by_auth[auth] = self.inflight_by_auth.get(auth, 0) + 1
            self.max_inflight = max(self.max_inflight, self.inflight)
            self.changed.notify_all()
            return self.inflight, self.max_inflight

    def leave(self, auth, served):
        with self.lock:
            self.inflight -= 1
            self.inflight_by_auth[auth] -= 1
            if served:
                self.served += 1
                self.served_by_auth[auth] = self.served_by_auth.get(auth, 0) + 1
            self.changed.notify_all()

    def wait_idle(self, auth):
        with self.lock:
            self.changed.wait_for(lambda: (self.inflight_by_auth.get(auth, 0) if auth else self.inflight) == 0)
        return "idle"

    def answered(self, auth):
        self.wait_idle(auth)
        with self.lock:
            return str(self.served_by_auth.get(auth, 0))

    def wait_busy(self, count):
        with self.lock:
            done = self.changed.wait_for(lambda: self.inflight >= int(count), timeout=60)
        return "busy" if done else "timeout"

    def wait_served(self, count):
        with self.lock:
            done = self.changed.wait_for(lambda: self.served >= int(count), timeout=60)
        return "served" if done else "timeout"

    def log(self, entry):
        if not self.log_path:
            return
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self.log_lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line)

    def token_ok(self, header):
        if not header or not header.startswith("Bearer "):
            return False
        token = header[len("Bearer "):].strip()
        if token in self.static_tokens:
            return True
        with self.lock:
            expiry = self.issued.get(token)
        return expiry is not None and time.time() < expiry


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "FakeMindful/1"

    def log_message(self, *args):  # quiet
        pass

    # -- plumbing ---------------------------------------------------------------------------

    def _handle(self, answer):
        """Answers with `answer`, counting the request in flight meanwhile and logging it."""
        self._begin()
        try:
            answer()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True
        finally:
            self._end()

    def _begin(self):
        self._start = time.time()
        self._inflight, _ = self.server.state.enter(self.headers.get("Authorization"))
        self._status = 0
        self._fault = None
        self._done = False

    def _end(self):
        if self._done:
            return
        self._done = True
        state = self.server.state
        auth = self.headers.get("Authorization")
        state.log({
            "start": self._start,
            "end": time.time(),
            "method": self.command,
            "path": self.path,
            "status": self._status,
            "auth": hashlib.sha256(auth.encode()).hexdigest()[:16] if auth else None,
            "inflight": self._inflight,
            "max_inflight": state.max_inflight,
            "fault": self._fault,
            "user_agent": self.headers.get("User-Agent"),
            "accept_encoding": self.headers.get("Accept-Encoding"),
        })
        state.leave(auth, self._status == 200 and HOUR_PATH.match(self.path.split("?", 1)[0]) is not None)

    def _send(self, status, body, headers=None):
        self._status = status
        if self.server.state.gzip and "gzip" in (self.headers.get("Accept-Encoding") or "").lower():
            body = gzip.compress(body, 6)
            headers = dict(headers or {})
            headers["Content-Encoding"] = "gzip"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _reset(self):
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def _client_gone(self):
        try:
            r, _, _ = select.select([self.connection], [], [], 0)
            if r:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True
        return False

    def _wait(self, seconds):
        """Sleeps, returning False as soon as the client hangs up."""
        deadline = time.time() + seconds
        while True:
            left = deadline - time.time()
            if left <= 0:
                return True
            if self._client_gone():
                return False
            time.sleep(min(left, 0.01))

    def _read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    # -- faults -----------------------------------------------------------------------------

    def _apply_fault(self, step, real_body):
        """Answers per `step`; returns True when the request has been dealt with."""
        self._fault = step
        if step.get("delay"):
            if not self._wait(float(step["delay"])):
                self.close_connection = True
                return True
        if step.get("reset"):
            self._reset()
            return True
        if step.get("truncate"):
            body = real_body if real_body is not None else b'{"data": []}'
            self._status = 200
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return True
        if "body" in step:
            self._send(200, step["body"].encode("utf-8"))
            return True
        if "status" in step:
            headers = {}
            if "retry_after" in step:
                headers["Retry-After"] = str(step["retry_after"])
            if "retry_after_in" in step:
                headers["Retry-After"] = email.utils.formatdate(time.time() + float(step["retry_after_in"]), usegmt=True)
            status = int(step["status"])
            self._send(status, json.dumps({"error": "fault %d" % status}).encode(), headers)
            return True
        return False  # a pure delay: answer normally

    # -- endpoints --------------------------------------------------------------------------

    def do_GET(self):
        self._handle(self._get)

    def _get(self):
        state = self.server.state
        path = self.path.split("?", 1)[0]
        if path == "/_control/log":
            self._send(200, b"{}")
            return
        m = HOUR_PATH.match(path)
        step = state.next_fault(path)
        if state.latency > 0:
            if not self._wait(state.latency):
                self.close_connection = True
                return
        real_body = None
        if m:
            file = os.path.join(state.root, m.group(1), m.group(2) + ".json")
            if os.path.isfile(file):
                with open(file, "rb") as f:
                    real_body = f.read()
        if step is not None and self._apply_fault(step, real_body):
            return
        if not m:
            self._send(404, b'{"error": "no such endpoint"}')
            return
        auth = self.headers.get("Authorization")
        if not auth or not auth.startswith("Bearer "):
            # RFC 6750 §3.1: no token, no error code.
            self._send(401, b'{}', {"WWW-Authenticate": 'Bearer realm="mindful"'})
            return
        if not state.token_ok(auth):
            self._send(401, b'{}', {"WWW-Authenticate":
                       'Bearer realm="mindful", error="invalid_token", error_description="The access token is invalid or expired"'})
            return
        if state.insufficient_scope:
            self._send(403, b'{}', {"WWW-Authenticate":
                       'Bearer realm="mindful", error="insufficient_scope", error_description="historical data not allowed", scope="historical:read"'})
            return
        if real_body is None:
            self._send(404, b'{"error": "not found"}')
            return
        self._send(200, real_body)

    def do_POST(self):
        self._handle(self._post)

    def _post(self):
        state = self.server.state
        path = self.path.split("?", 1)[0]
        body = self._read_body()
        if path == "/_control/faults":
            with state.lock:
                state.faults = json.loads(body.decode("utf-8"))
            self._send(200, b"{}")
            return
        if path != "/oauth2/token":
            self._send(404, b'{"error": "no such endpoint"}')
            return
        step = state.next_fault(path)
        if step is not None and self._apply_fault(step, None):
            return
        no_store = {"Cache-Control": "no-store", "Pragma": "no-cache"}

        def error(status, code, description, extra=None):
            headers = dict(no_store)
            headers.update(extra or {})
            self._send(status, json.dumps({"error": code, "error_description": description}).encode(), headers)

        # RFC 6749 §2.3.1: HTTP Basic over the form-urlencoded client id and password.
        sent_id, sent_secret = None, None
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Basic "):
            try:
                decoded = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
                raw_id, _, raw_secret = decoded.partition(":")
                sent_id, sent_secret = urllib.parse.unquote_plus(raw_id), urllib.parse.unquote_plus(raw_secret)
            except Exception:
                sent_id, sent_secret = None, None
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            error(400, "invalid_request", "the request body must be application/x-www-form-urlencoded")
            return
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        if state.client_id is None or sent_id != state.client_id or sent_secret != state.client_secret:
            description = "Client authentication failed"
            if state.token_error_description is not None:
                description = state.token_error_description.replace("{client_id}", sent_id or "").replace("{secret}", sent_secret or "")
            # §5.2: the client tried HTTP Basic, so 401 with a Basic challenge.
            extra = {"WWW-Authenticate": 'Basic realm="mindful-token"'} if auth else {}
            error(401 if auth else 400, "invalid_client", description, extra)
            return
        grant = form.get("grant_type")
        if not grant:
            error(400, "invalid_request", "grant_type is missing")
            return
        if grant != ["client_credentials"]:
            error(400, "unsupported_grant_type", "only client_credentials is supported")
            return
        token = "tok-" + secrets.token_hex(12)
        with state.lock:
            state.issued[token] = time.time() + state.expires_in
        answer = {"access_token": token, "token_type": "Bearer", "expires_in": state.expires_in}
        self._send(200, json.dumps(answer).encode(), no_store)


class Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # a client hanging up is not news
            super().handle_error(request, client_address)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--faults")
    p.add_argument("--log")
    p.add_argument("--latency", type=float, default=0.0)
    p.add_argument("--token", action="append")
    p.add_argument("--client-id")
    p.add_argument("--client-secret")
    p.add_argument("--expires-in", type=float, default=3600)
    p.add_argument("--lifetime", type=float, default=120)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--gzip", action="store_true")
    p.add_argument("--insufficient-scope", action="store_true")
    p.add_argument("--token-error-description")
    args = p.parse_args()

    server = Server(("127.0.0.1", 0), Handler)
    state = server.state = State(args)
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)

    serverkit.run(server, args.lifetime, {"idle": state.wait_idle, "served": state.wait_served, "answered": state.answered, "busy": state.wait_busy})


if __name__ == "__main__":
    main()
