#!/usr/bin/env python3
"""Validates results files (docs/results.schema.json) named on the command line.

A JSON object with schema_version is checked against the schema; one that looks
like a seed, workload or bench result but has no schema_version is an error;
anything else (other JSON, not JSON) is left alone.  Exit 1 on any error."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
check = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    try:
        doc = json.load(open(path))
    except (OSError, ValueError):
        continue
    if not isinstance(doc, dict):
        continue
    if "schema_version" not in doc:
        if "intervals" in doc or "total_rows" in doc:
            print("%s: a result without schema_version" % path, file=sys.stderr)
            bad = 1
        continue
    for e in sorted(check.iter_errors(doc), key=lambda e: list(e.path))[:5]:
        print("%s: %s: %s" % (path, "/".join(map(str, e.path)), e.message[:300]), file=sys.stderr)
        bad = 1
sys.exit(bad)
