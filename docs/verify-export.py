#!/usr/bin/env python3
"""Verify a Process Ledger audit export on your own, without the server.

Usage: python3 verify-export.py EXPORT.ndjson

Checks, for every line of `GET /api/v1/audit/export` (see docs/audit.md):
  1. the line's `hash` is SHA-256 of the canonical JSON of the line without `hash` and `global_position`;
  2. per process, sequence numbers follow each other and each `prev_hash` is the previous line's `hash`
     (the first event of a process, sequence 0, has `prev_hash` null).
An export filtered by time or namespace, or resumed with `after`, may start a process mid-chain; that is
reported, not failed. An export the server could not finish ends with an error line
(`{"error": ..., "after": N}`): that fails, and says where to resume. Prints each process's head hash
(compare with GET /processes/{id}/verify). Handles any nesting the server accepts (no recursion).
Exit status 0 when everything verifies, 1 otherwise. Needs only the Python 3 standard library.
"""
import hashlib
import json
import sys


class RawNumber(str):
    """A non-integer number kept exactly as written in the export, which is its canonical form."""


class Text(str):
    """Output written as it is: punctuation and keys, queued beside the values still to write."""


def canonical(value):
    """The canonical JSON of a value, built with an explicit stack so depth never hits Python's recursion limit."""
    out = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, Text):
            out.append(item)
        elif item is None:
            out.append("null")
        elif item is True:
            out.append("true")
        elif item is False:
            out.append("false")
        elif isinstance(item, RawNumber):
            out.append(str(item))
        elif isinstance(item, int):
            out.append(str(item))
        elif isinstance(item, str):
            out.append(json.dumps(item, ensure_ascii=False))
        elif isinstance(item, list):
            parts = [Text("[")]
            for index, element in enumerate(item):
                if index:
                    parts.append(Text(","))
                parts.append(element)
            parts.append(Text("]"))
            pending.extend(reversed(parts))
        elif isinstance(item, dict):
            parts = [Text("{")]
            for index, key in enumerate(sorted(item, key=lambda k: k.encode("utf-16-be"))):
                if index:
                    parts.append(Text(","))
                parts.append(Text(json.dumps(key, ensure_ascii=False) + ":"))
                parts.append(item[key])
            parts.append(Text("}"))
            pending.extend(reversed(parts))
        else:
            raise ValueError("unexpected JSON value %r" % (item,))
    return "".join(out)


def main(path):
    failures = 0
    heads = {}
    with open(path, encoding="utf-8") as export:
        for number, line in enumerate(export, start=1):
            if not line.strip():
                continue
            event = json.loads(line, parse_float=RawNumber)
            if "error" in event and "hash" not in event:
                print("FAIL line %d: the export ended early: %s (resume with ?after=%s)"
                      % (number, event["error"], event.get("after")))
                failures += 1
                continue
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
    # json.loads parses nested values recursively; leave room for the deepest data the server ever accepted
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
