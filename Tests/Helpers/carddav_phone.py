"""Plays "the phone" for the sync tests: a second CardDAV client of the same address book,
speaking plain HTTP to the server (Python's standard library only).

    carddav_phone.py URL USER PASSWORD mkbook NAME     create the address book at URL
    carddav_phone.py URL USER PASSWORD put HREF        PUT the vCard on standard input
    carddav_phone.py URL USER PASSWORD delete HREF
    carddav_phone.py URL USER PASSWORD get HREF        print the card
    carddav_phone.py URL USER PASSWORD list            print every card: href, then the vCard, as JSON

URL is the address book's; HREF is a card's name in it ("ann.vcf"). Exits 1 with the
HTTP status on standard error when the server refuses.
"""
import base64
import json
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree

url, user, password, command = sys.argv[1:5]
arguments = sys.argv[5:]
login = base64.b64encode(f"{user}:{password}".encode()).decode()


def request(method, target, body=None, headers=None):
    sent = urllib.request.Request(target, data=body, method=method)
    sent.add_header("Authorization", "Basic " + login)
    for name, value in (headers or {}).items():
        sent.add_header(name, value)
    try:
        with urllib.request.urlopen(sent, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        sys.stderr.write(f"{method} {target}: {error.code}\n")
        sys.exit(1)


if command == "mkbook":
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>
<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype><d:displayname>{arguments[0]}</d:displayname>
</d:prop></d:set></d:mkcol>"""
    request("MKCOL", url, body.encode(), {"Content-Type": "application/xml"})
elif command == "put":
    request("PUT", url + arguments[0], sys.stdin.buffer.read(), {"Content-Type": "text/vcard; charset=utf-8"})
elif command == "delete":
    request("DELETE", url + arguments[0])
elif command == "get":
    sys.stdout.write(request("GET", url + arguments[0])[1].decode())
elif command == "list":
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>"""
    status, answer = request("PROPFIND", url, body, {"Depth": "1", "Content-Type": "application/xml"})
    cards = {}
    for response in ElementTree.fromstring(answer).iter("{DAV:}response"):
        name = response.find("{DAV:}href").text.rstrip("/").rsplit("/", 1)[-1]
        if not response.find("{DAV:}href").text.endswith("/"):
            cards[name] = request("GET", url + name)[1].decode()
    json.dump(cards, sys.stdout, sort_keys=True)
else:
    sys.exit(f"unknown command {command}")
