#!/usr/bin/env python3
"""A forward HTTP proxy for the fetch tests (Python 3 standard library only).

    forward_proxy.py [--user U --password P] [--log FILE] [--lifetime S] [--refuse-tunnels]

It starts, stops and prints its port as `serverkit.py` says (after --lifetime seconds, default
120, or when its stdin closes).

It is a proxy as RFC 9110 describes one: `CONNECT host:port` (§9.3.6) opens a TCP tunnel to the
target and answers 200 once connected (502 when the target cannot be reached), then relays bytes
both ways; a request in absolute form (`GET http://host:port/path`, RFC 9112 §3.2.2) is
forwarded to the target and its answer relayed. With --user and --password, a request without the
matching `Proxy-Authorization: Basic ...` gets 407 with `Proxy-Authenticate: Basic realm="proxy"`
(§11.7.1). With --refuse-tunnels every CONNECT gets 403. Each request appends one JSON line to
--log: method, target, status.
"""

import argparse
import base64
import json
import select
import socket
import socketserver
import threading
import urllib.parse

import serverkit


class Handler(socketserver.StreamRequestHandler):
    # Unbuffered: nothing past the request head is read ahead, so the tunnel starts clean.
    rbufsize = 0
    def log(self, method, target, status):
        path = self.server.args.log
        if not path:
            return
        with self.server.log_lock:
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps({"method": method, "target": target, "status": status}) + "\n")

    def answer(self, status, reason, headers=None):
        lines = ["HTTP/1.1 %d %s" % (status, reason)]
        for k, v in (headers or {}).items():
            lines.append("%s: %s" % (k, v))
        lines.append("Content-Length: 0")
        lines.append("Connection: close")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        self.wfile.flush()

    def read_head(self):
        request_line = self.rfile.readline(65537).decode("latin-1").rstrip("\r\n")
        headers = {}
        raw = []
        while True:
            line = self.rfile.readline(65537)
            if not line or line in (b"\r\n", b"\n"):
                break
            raw.append(line)
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        return request_line, headers, raw

    def authorized(self, headers):
        args = self.server.args
        if args.user is None:
            return True
        expected = "Basic " + base64.b64encode(("%s:%s" % (args.user, args.password)).encode()).decode()
        return headers.get("proxy-authorization") == expected

    def handle(self):
        request_line, headers, raw = self.read_head()
        parts = request_line.split(" ")
        if len(parts) != 3:
            return
        method, target, _ = parts
        if not self.authorized(headers):
            self.log(method, target, 407)
            self.answer(407, "Proxy Authentication Required", {"Proxy-Authenticate": 'Basic realm="proxy"'})
            return
        if method == "CONNECT":
            if self.server.args.refuse_tunnels:
                self.log(method, target, 403)
                self.answer(403, "Forbidden")
                return
            host, _, port = target.rpartition(":")
            try:
                upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
            except OSError:
                self.log(method, target, 502)
                self.answer(502, "Bad Gateway")
                return
            self.log(method, target, 200)
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.wfile.flush()
            self.relay(self.connection, upstream)
            return
        url = urllib.parse.urlsplit(target)
        if url.scheme != "http" or not url.hostname:
            self.log(method, target, 400)
            self.answer(400, "Bad Request")
            return
        try:
            upstream = socket.create_connection((url.hostname, url.port or 80), timeout=10)
        except OSError:
            self.log(method, target, 502)
            self.answer(502, "Bad Gateway")
            return
        self.log(method, target, 200)
        path = (url.path or "/") + ("?" + url.query if url.query else "")
        head = ("%s %s HTTP/1.1\r\n" % (method, path)).encode("latin-1")
        for line in raw:
            name = line.split(b":", 1)[0].strip().lower()
            if name in (b"proxy-authorization", b"proxy-connection", b"connection"):
                continue
            head += line
        head += b"Connection: close\r\n\r\n"
        upstream.sendall(head)
        body_length = int(headers.get("content-length") or 0)
        if body_length:
            upstream.sendall(self.rfile.read(body_length))
        self.relay(self.connection, upstream)

    def relay(self, client, upstream):
        sockets = [client, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 30)
                if not readable:
                    return
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    (upstream if s is client else client).sendall(data)
        except OSError:
            return
        finally:
            upstream.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--log")
    p.add_argument("--lifetime", type=float, default=120)
    p.add_argument("--refuse-tunnels", action="store_true")
    args = p.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.args = args
    server.log_lock = threading.Lock()

    serverkit.run(server, args.lifetime)

if __name__ == "__main__":
    main()
