"""A proxy between Kith and a CardDAV server that injects the faults the sync tests need.

    fault_proxy.py PORT_FILE UPSTREAM_URL RULES_FILE LOG_FILE

Listens on 127.0.0.1 on a free port (written to PORT_FILE once listening) and forwards
every request to UPSTREAM_URL. Before each request it reads RULES_FILE (JSON; missing or
empty: no faults), so that a test changes the faults between two syncs:

    {"hang": true}                       answer nothing for an hour (the client times out);
    {"hang": "PUT"}                      only requests with this method
    {"status": {"ann.vcf": 500}}         answer GET, PUT and multiget of hrefs ending so with this status
    {"malformed": "ann.vcf"}             give that card's data as a broken vCard (GET and multiget)
    {"strip_data": true}                 leave the cards' data out of sync-collection answers (as servers
                                         that send only ETags there do), so that they are read by multiget
    {"no_sync_collection": true}         answer every sync-collection REPORT with 501, as a server without it
    {"put_412": true}                    answer every PUT that carries If-Match with 412
    {"expire_token": true}               answer a sync-collection REPORT with a token with 403 valid-sync-token
    {"cut_after_put": true}              forward each PUT, then close the connection without an answer
    {"phone_first": {"href": "ann.vcf", "card": "BEGIN:VCARD…"}}
                                         before the next PUT to that href, PUT this card as another
                                         client would (once: the rule is then removed)

Every request is appended to LOG_FILE as "METHOD PATH STATUS".
"""
import http.server
import json
import os
import re
import socket
import struct
import sys
import time
import urllib.error
import urllib.request

port_file, upstream, rules_file, log_file = sys.argv[1:5]
upstream = upstream.rstrip("/")
BROKEN = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\nthis line has no colon\r\n"


def rules():
    try:
        with open(rules_file) as file:
            return json.load(file)
    except (OSError, ValueError):
        return {}


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *arguments):
        pass

    def record(self, status):
        with open(log_file, "a") as file:
            file.write(f"{self.command} {self.path} {status}\n")

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.record(status)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        faults = rules()
        text = (body or b"").decode("utf-8", "replace")
        if faults.get("hang") in (True, self.command):
            time.sleep(3600)
        for suffix, status in faults.get("status", {}).items():
            if self.path.endswith(suffix) or (self.command == "REPORT" and suffix + "<" in text):
                return self.answer(status)
        if faults.get("no_sync_collection") and self.command == "REPORT" and "sync-collection" in text:
            return self.answer(501)
        if faults.get("put_412") and self.command == "PUT" and self.headers.get("If-Match"):
            return self.answer(412)
        if faults.get("expire_token") and self.command == "REPORT" and "sync-collection" in text \
                and re.search(r"<d:sync-token>[^<]+</d:sync-token>", text):
            error = b'<?xml version="1.0"?><d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>'
            return self.answer(403, error, [("Content-Type", "application/xml")])
        phone = faults.get("phone_first")
        if phone and self.command == "PUT" and self.path.endswith(phone["href"]):
            del faults["phone_first"]
            with open(rules_file, "w") as file:
                json.dump(faults, file)
            edit = urllib.request.Request(upstream + self.path, data=phone["card"].encode(), method="PUT")
            edit.add_header("Authorization", self.headers["Authorization"])
            edit.add_header("Content-Type", "text/vcard; charset=utf-8")
            urllib.request.urlopen(edit, timeout=120).read()
        request = urllib.request.Request(upstream + self.path, data=body, method=self.command)
        for name, value in self.headers.items():
            if name.lower() not in ("host", "content-length", "connection", "accept-encoding"):  # plain text, to rewrite
                request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=120) as reply:
                status, reply_headers, data = reply.status, reply.getheaders(), reply.read()
        except urllib.error.HTTPError as error:
            status, reply_headers, data = error.code, error.headers.items(), error.read()
        if faults.get("cut_after_put") and self.command == "PUT":
            self.record("cut")
            self.close_connection = True  # reset, as a cut line or a middlebox would
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        if faults.get("strip_data") and self.command == "REPORT" and "sync-collection" in text:
            data = re.sub(rb"<(\w+:)?address-data[^>]*>.*?</(\w+:)?address-data>", b"", data, flags=re.S)
        broken = faults.get("malformed")
        if broken and data:
            if self.command == "GET" and self.path.endswith(broken):
                data = BROKEN.encode()
            elif self.command == "REPORT":
                data = re.sub(
                    (r"(" + re.escape(broken) + r"</(?:\w+:)?href>.*?<(?:\w+:)?address-data[^>]*>).*?(</)").encode(),
                    lambda match: match.group(1) + BROKEN.encode() + match.group(2), data, flags=re.S)
        kept = [(name, value) for name, value in reply_headers
                if name.lower() not in ("content-length", "transfer-encoding", "connection")]
        self.answer(status, data, kept)

    do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_MKCOL = do_OPTIONS = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
with open(port_file + ".part", "w") as file:
    file.write(str(server.server_address[1]))
os.replace(port_file + ".part", port_file)
server.serve_forever()
