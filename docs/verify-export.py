#!/usr/bin/env python3
"""Verify a Process Ledger audit export on your own, without the server.

Usage: python3 verify-export.py EXPORT.ndjson

Checks, for every line of `GET /api/v1/audit/export` (see docs/audit.md):
  1. the line's `hash` is SHA-256 of the canonical JSON of the line without `hash` and `global_position`;
  2. per process, sequence numbers follow each other and each `prev_hash` is the previous line's `hash`
     (the first event of a process, sequence 0, has `prev_hash` null).
An export filtered by time or namespace, or resumed with `after`, may start a process mid-chain; that is
reported, not failed. Prints each process's head hash (compare with GET /processes/{id}/verify).
Exit status 0 when everything verifies, 1 otherwise. Needs only the Python 3 standard library.
"""
import hashlib
import json
import sys


class RawNumber(str):
    """A non-integer number kept exactly as written in the export, which is its canonical form."""


def canonical(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, RawNumber):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(value[k]) for k in keys) + "}"
    raise ValueError("unexpected JSON value %r" % (value,))


def main(path):
    failures = 0
    heads = {}
    with open(path, encoding="utf-8") as export:
        for number, line in enumerate(export, start=1):
            if not line.strip():
                continue
            event = json.loads(line, parse_float=RawNumber)
            stated = event.pop("hash")
            event.pop("global_position", None)
            computed = hashlib.sha256(canonical(event).encode("utf-8")).hexdigest()
            process, sequence = event["process_id"], event["sequence"]
            where = "line %d (process %s, sequence %d)" % (number, process, sequence)
            if computed != stated:
                print("FAIL %s: content does not match its hash" % where)
                failures += 1
            previous = heads.get(process)
            if previous is None:
                if sequence == 0 and event["prev_hash"] is not None:
                    print("FAIL %s: the first event has a prev_hash" % where)
                    failures += 1
                elif sequence > 0:
                    print("note %s: the export starts this process mid-chain" % where)
            elif sequence != previous[0] + 1:
                print("FAIL %s: follows sequence %d" % (where, previous[0]))
                failures += 1
            elif event["prev_hash"] != previous[1]:
                print("FAIL %s: prev_hash is not the previous event's hash" % where)
                failures += 1
            heads[process] = (sequence, stated)
    for process, (sequence, head) in sorted(heads.items()):
        print("process %s: %d events up to sequence %d, head %s" % (process, sequence + 1, sequence, head))
    print("%s: %d processes, %d failures" % ("OK" if failures == 0 else "FAILED", len(heads), failures))
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
