"""Reads vCards on standard input with Python's vobject (an outside parser) and prints,
as JSON, each card's version, FN, emails, phones, notes, organization, categories and
birthday: the test compares them with Kith."""
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
        "org": [part for line in contents.get("org", [])[:1] for part in (line.value if isinstance(line.value, list) else [line.value])][:1],
        "categories": [value for line in contents.get("categories", []) for value in (line.value if isinstance(line.value, list) else [line.value])],
        "bday": [line.value for line in contents.get("bday", []) if isinstance(line.value, str)],
    })
json.dump(cards, sys.stdout)
