"""Reads vCards on standard input with Python's vobject (an outside parser) and prints,
as JSON, each card's FN, emails, phones and version: the test compares it with Kith."""
import json
import sys

import vobject

cards = []
for card in vobject.readComponents(sys.stdin.read()):
    contents = card.contents
    cards.append({
        "version": contents["version"][0].value if "version" in contents else None,
        "fn": contents["fn"][0].value if "fn" in contents else None,
        "emails": sorted(line.value for line in contents.get("email", [])),
        "phones": sorted(line.value for line in contents.get("tel", [])),
        "notes": [line.value for line in contents.get("note", [])],
    })
json.dump(cards, sys.stdout)
