"""Checks JSON documents against a definition of a JSON Schema with Python's jsonschema
(an outside validator). Arguments: the schema file, then one definition name per document;
standard input holds the documents, one per line. Prints one line per document that breaks
its definition (the definition, the path in the document, why) and exits 1 if any did."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
failures = 0
for name, line in zip(sys.argv[2:], sys.stdin.read().splitlines(), strict=True):
    validator = jsonschema.Draft202012Validator(dict(schema, **{"$ref": "#/$defs/" + name}))
    for error in validator.iter_errors(json.loads(line)):
        failures += 1
        print(f"{name}: {'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}")
sys.exit(1 if failures else 0)
