#!/usr/bin/env python3
"""Verify a Process Ledger audit export, a signed digest and inclusion proofs on your own, without the server.

Usage:
  python3 verify-export.py EXPORT.ndjson
  python3 verify-export.py EXPORT.ndjson --digest DIGEST.json --public-key PUBLIC-KEY.pem
  python3 verify-export.py --proof PROOF.json --public-key PUBLIC-KEY.pem

EXPORT.ndjson is `GET /api/v1/audit/export`, DIGEST.json `GET /api/v1/audit/digest` (or a line of the digest
file), PUBLIC-KEY.pem `GET /api/v1/audit/public-key`, PROOF.json
`GET /api/v1/processes/{id}/events/{sequence}/proof`, each saved exactly as the server sent it.

Checks (docs/audit.md defines every step):
  1. each line's `hash` is SHA-256 of the RFC 8785 (JCS) canonical JSON of the line without `hash` and
     `global_position`;
  2. per process, sequence numbers follow each other and each `prev_hash` is the previous line's `hash`
     (sequence 0 has `prev_hash` null); an export filtered by time or namespace, or resumed with `after`,
     may start a process mid-chain: that is reported, not failed; an export the server could not finish
     ends with an error line (`{"error": ..., "after": N}`): that fails and says where to resume;
  3. with --digest: the digest's Ed25519 signature over the JCS of the digest without `signature`, and that
     the export's events up to the digest's `position` (an unfiltered export from the start) are exactly
     `size` events whose RFC 9162 Merkle tree hash is the digest's `root`: nothing before the digest was
     changed, removed, added or moved;
  4. with --proof: the digest's signature, and that the event's hash at `leaf_index` with the audit `path`
     leads to the digest's `root`.
Exit status 0 when everything verifies, 1 otherwise, 2 for wrong usage. Needs Python 3's standard library,
and for signatures the `openssl` command (OpenSSL 3) or the `cryptography` package.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile


# ---- RFC 8785: the JSON Canonicalization Scheme -------------------------------------------------------------

def es_number(value):
    """A number as ECMAScript's Number.prototype.toString writes the nearest IEEE-754 double."""
    x = float(value)
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("JSON has no %r" % x)
    if x == 0:
        return "0"
    if x < 0:
        return "-" + es_number(-x)
    # repr gives the shortest digits that read back as the same double
    mantissa, _, exponent = repr(x).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole) + (int(exponent) if exponent else 0)
    point -= len(whole + fraction) - len(digits)
    digits = digits.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    e = n - 1
    return (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + ("+" if e >= 0 else "-") + str(abs(e))


class Text(str):
    """Output written as it is: punctuation and member names, queued beside the values still to write."""


def jcs(value):
    """The canonical JSON of a value, with an explicit stack: no nesting depth hits Python's recursion limit."""
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
        elif isinstance(item, (int, float)):
            out.append(es_number(item))
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


# ---- RFC 9162: Merkle tree hashes and audit paths -----------------------------------------------------------

def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def tree_root(leaves):
    """The tree hash of the leaves (their data), built leaf by leaf from perfect subtrees."""
    subtrees = []  # (height, hash), largest first
    for data in leaves:
        height, digest = 0, leaf_hash(data)
        while subtrees and subtrees[-1][0] == height:
            digest = node_hash(subtrees.pop()[1], digest)
            height += 1
        subtrees.append((height, digest))
    if not subtrees:
        return hashlib.sha256(b"").digest()
    root = subtrees[-1][1]
    for _, digest in reversed(subtrees[:-1]):
        root = node_hash(digest, root)
    return root


def root_from_proof(index, size, data, path):
    """RFC 9162 section 2.1.3.2: the root an audit path leads to, or None when it cannot be a path there."""
    if index < 0 or index >= size:
        return None
    fn, sn, r = index, size - 1, leaf_hash(data)
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


# ---- Ed25519 signatures -------------------------------------------------------------------------------------

def signature_holds(public_key_pem, message, signature):
    try:
        from cryptography.hazmat.primitives.serialization import load_pem_public_key
        from cryptography.exceptions import InvalidSignature
        try:
            load_pem_public_key(public_key_pem).verify(signature, message)
            return True
        except InvalidSignature:
            return False
    except ImportError:
        pass
    with tempfile.TemporaryDirectory() as work:
        paths = {}
        for name, content in (("key.pem", public_key_pem), ("message", message), ("signature", signature)):
            paths[name] = os.path.join(work, name)
            with open(paths[name], "wb") as f:
                f.write(content)
        run = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", paths["key.pem"], "-rawin",
                              "-in", paths["message"], "-sigfile", paths["signature"]], capture_output=True)
        return run.returncode == 0


def digest_signed(digest, public_key_pem):
    """Whether the digest's signature is the key's over the JCS of the digest without its signature."""
    signed = {k: v for k, v in digest.items() if k != "signature"}
    return signature_holds(public_key_pem, jcs(signed).encode("utf-8"), base64.b64decode(digest["signature"]))


# ---- the checks ---------------------------------------------------------------------------------------------

def verify_export(path, digest=None, public_key=None):
    failures = 0
    heads = {}
    leaves = []
    with open(path, encoding="utf-8") as export:
        for number, line in enumerate(export, start=1):
            if not line.strip():
                continue
            event = json.loads(line)
            if "error" in event and "hash" not in event:
                print("FAIL line %d: the export ended early: %s (resume with ?after=%s)"
                      % (number, event["error"], event.get("after")))
                failures += 1
                continue
            stated = event.pop("hash")
            position = event.pop("global_position", None)
            computed = hashlib.sha256(jcs(event).encode("utf-8")).hexdigest()
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
            if digest is not None and position is not None and position <= digest["position"]:
                leaves.append(bytes.fromhex(stated))
    for process, (sequence, head) in sorted(heads.items()):
        print("process %s: %d events up to sequence %d, head %s" % (process, sequence + 1, sequence, head))
    if digest is not None:
        failures += check_digest(digest, public_key, leaves)
    print("%s: %d processes, %d failures" % ("OK" if failures == 0 else "FAILED", len(heads), failures))
    return failures


def check_digest(digest, public_key, leaves):
    failures = 0
    if not digest_signed(digest, public_key):
        print("FAIL digest: the signature does not verify with this public key")
        failures += 1
    if len(leaves) != digest["size"]:
        print("FAIL digest: the export holds %d events up to position %d, the digest covers %d"
              % (len(leaves), digest["position"], digest["size"]))
        failures += 1
    elif tree_root(leaves).hex() != digest["root"]:
        print("FAIL digest: the events up to position %d do not make the digest's root: something before it "
              "was changed, removed or moved" % digest["position"])
        failures += 1
    else:
        print("digest: %d events up to position %d make root %s, signed by key %s at %s"
              % (digest["size"], digest["position"], digest["root"], digest.get("key_id"), digest.get("issued_at")))
    return failures


def verify_proof(proof, public_key):
    failures = 0
    digest = proof["digest"]
    if not digest_signed(digest, public_key):
        print("FAIL proof: the digest's signature does not verify with this public key")
        failures += 1
    root = root_from_proof(proof["leaf_index"], digest["size"], bytes.fromhex(proof["hash"]),
                           [bytes.fromhex(p) for p in proof["path"]])
    if root is None or root.hex() != digest["root"]:
        print("FAIL proof: event %s of process %s is not at leaf %d of the digest's tree"
              % (proof["sequence"], proof["process_id"], proof["leaf_index"]))
        failures += 1
    else:
        print("proof: event %s of process %s (hash %s) is leaf %d of the %d-event tree with root %s"
              % (proof["sequence"], proof["process_id"], proof["hash"], proof["leaf_index"], digest["size"],
                 digest["root"]))
    print("%s: %d failures" % ("OK" if failures == 0 else "FAILED", failures))
    return failures


def main(arguments):
    options = {}
    positional = []
    while arguments:
        argument = arguments.pop(0)
        if argument in ("--digest", "--public-key", "--proof") and arguments:
            options[argument] = arguments.pop(0)
        elif argument.startswith("--"):
            return None
        else:
            positional.append(argument)
    public_key = None
    if "--public-key" in options:
        with open(options["--public-key"], "rb") as f:
            public_key = f.read()
    if "--proof" in options:
        if public_key is None or positional:
            return None
        with open(options["--proof"], encoding="utf-8") as f:
            return verify_proof(json.load(f), public_key)
    if len(positional) != 1 or ("--digest" in options) != (public_key is not None):
        return None
    digest = None
    if "--digest" in options:
        with open(options["--digest"], encoding="utf-8") as f:
            digest = json.load(f)
    return verify_export(positional[0], digest, public_key)


if __name__ == "__main__":
    # json.loads parses nested values recursively; leave room for the deepest data the server ever accepted
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    result = main(sys.argv[1:])
    if result is None:
        print(__doc__)
        sys.exit(2)
    sys.exit(0 if result == 0 else 1)
