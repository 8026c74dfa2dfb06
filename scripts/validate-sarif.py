#!/usr/bin/env python3
"""Validate SARIF files against the SARIF 2.1.0 JSON schema kept in schemas/.

    python3 scripts/validate-sarif.py report.sarif [more.sarif ...]

Exits 1 and prints each violation (with its JSON path) when a file is invalid.
"""
import json, os, sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate-sarif: needs the jsonschema package: pip install jsonschema")

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas", "sarif-schema-2.1.0.json")

def main(paths):
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator = jsonschema.validators.validator_for(schema)(schema)
    failed = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
        for error in errors:
            print("%s: %s: %s" % (path, "/".join(str(p) for p in error.path) or "(root)", error.message))
        results = sum(len(run.get("results", [])) for run in document.get("runs", []))
        print("%s: %s (%d results)" % (path, "invalid" if errors else "valid SARIF 2.1.0", results))
        failed += bool(errors)
    return 1 if failed else 0

if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
