#!/usr/bin/env python3
"""Seeds the working corpora of the fuzzers from the project's fixtures and tests.

    seed-corpus.py ROOT CORPUS_DIR TARGET...

Each seed is written as CORPUS_DIR/<target>/seed-<sha1 of its bytes>, so re-seeding is idempotent and the files
libFuzzer adds next to them stay. Every seed starts with the target's control bytes (see FuzzInput.swift): one
copy decoded whole, one fed in chunks, and for the JSON targets one per input kind.

- list-blobs:        Fixtures/listings/**.xml
- json-stream:       Fixtures/events/**.json, Fixtures/sample-container/** (document mode), plus each event as
                     JSON Lines
- dead-letter:       the same blobs, the events as bare lines and as export record lines
- where:             string literals of Tests/DeadLetterKitTests/Query/*.swift and the examples of `help-where`
- connection-string: string literals of the tests that look like connection strings
- sas:               string literals of the tests that look like SAS tokens or container URLs
"""
import hashlib
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1])
CORPUS = pathlib.Path(sys.argv[2])
TARGETS = sys.argv[3:]

# Plan bytes: 0 = whole; 0x47 = chunks of 1..16 bytes; 0x85 = chunks of 1..64; 0xC9 = chunks of 1..512.
WHOLE, SMALL_CHUNKS, CHUNKS, LARGE_CHUNKS = 0x00, 0x47, 0x85, 0xC9


def write(target, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("seed-" + hashlib.sha1(data).hexdigest())
    if not path.exists():
        path.write_bytes(data)


def files(*patterns):
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and path.name != "PROVENANCE.md":
                yield path


# Swift string literals: "…" with escapes, and #"…"# raw strings. Interpolated ones are skipped.
LITERAL = re.compile(r'#"(.*?)"#|"((?:[^"\\\n]|\\.)*)"')
ESCAPE = re.compile(r'\\(u\{[0-9a-fA-F]+\}|.)')


def unescape(text):
    def one(match):
        code = match.group(1)
        if code.startswith("u{"):
            return chr(int(code[2:-1], 16))
        return {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}.get(code, code)
    return ESCAPE.sub(one, text)


def literals(*patterns):
    seen = set()
    for path in files(*patterns):
        for match in LITERAL.finditer(path.read_text(encoding="utf-8", errors="replace")):
            raw, escaped = match.group(1), match.group(2)
            if escaped is not None:
                if "\\(" in escaped:
                    continue
                text = unescape(escaped)
            else:
                text = raw
            if text and text not in seen:
                seen.add(text)
                yield text


def event_values():
    """Every JSON value of the event fixtures and the sample container: whole blobs, and each array element."""
    for path in files("Fixtures/events/**/*.json", "Fixtures/sample-container/**/*"):
        data = path.read_bytes()
        try:
            value = json.loads(data)
        except ValueError:
            yield path, data, []  # the sample's bad blobs: seeds for the error paths
            continue
        yield path, data, value if isinstance(value, list) else [value]


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def record_line(path, index, event):
    record = {"blob": str(path.relative_to(ROOT)), "index": index, "endpoint": "adt-ep",
              "deadletteredHour": "2024-01-05T13:00:00Z", "lastModified": "Fri, 05 Jan 2024 13:02:11 GMT",
              "etag": "0x8DC0D1E2F3A4B5C", "schema": "cloudEvents", "deadLetter": {}, "event": event}
    return compact(record)


def seed_list_blobs():
    for path in files("Fixtures/listings/**/*.xml"):
        data = path.read_bytes()
        for plan in (WHOLE, SMALL_CHUNKS, LARGE_CHUNKS):
            write("list-blobs", bytes([plan]) + data)


def seed_json(target):
    # Second control byte 1: JSON Lines mode for json-stream (settings bit 0), event lines for dead-letter (kind 1).
    lines_kind = 1
    for path, data, values in event_values():
        write(target, bytes([WHOLE, 0]) + data)
        write(target, bytes([CHUNKS, 0]) + data)
        if values:
            lines = b"\n".join(compact(value) for value in values) + b"\n"
            write(target, bytes([WHOLE, lines_kind]) + lines)
            write(target, bytes([SMALL_CHUNKS, lines_kind]) + lines)
        if target == "json-stream":
            # Tiny limits: depth 3 and 40-byte values make the decoder skip and resynchronise.
            write(target, bytes([CHUNKS, 0b0001_0100]) + data)
        elif values:
            records = b"\n".join(record_line(path, i, v) for i, v in enumerate(values) if isinstance(v, dict)) + b"\n"
            write(target, bytes([WHOLE, 2]) + records)
            write(target, bytes([CHUNKS, 2]) + records)


def seed_where():
    from_tests = literals("Tests/DeadLetterKitTests/Query/*.swift")
    help_text = (ROOT / "Sources/DeadLetterKit/Query/WhereExpression+Help.swift").read_text(encoding="utf-8")
    examples = [line.strip().removeprefix("examples: ") for line in help_text.splitlines()
                if "==" in line or " ~ " in line or " exists" in line]
    for text in list(from_tests) + examples:
        write("where", text.encode())


CONNECTION_STRING = re.compile(r"(?i)(accountname|accountkey|blobendpoint|usedevelopment|endpoint|sharedaccess|entitypath)\w*=")
SAS = re.compile(r"(?i)(^|[?&])(sig|sv|se|sp|srt|sr)=|^https?://|&s=")


def seed_credentials(target):
    sources = ("Tests/AzureCoreTests/*.swift", "Tests/DeadLetterKitTests/Auth/*.swift",
               "Tests/DeadLetterKitTests/Storage/BlobContainerLocationTests.swift",
               "Tests/AzureEmulatorTests/*.swift", "Tests/EndToEndTests/*.swift", "Tests/DeadLetterKitTests/Replay/**/*.swift")
    for text in literals(*sources):
        if target == "connection-string" and CONNECTION_STRING.search(text):
            write(target, text.encode())
        elif target == "sas" and SAS.search(text):
            if text.startswith("http"):
                write(target, b"\x00" + text.encode())
            else:
                write(target, b"\x01" + text.encode())
                write(target, b"\x02" + text.encode())


for target in TARGETS:
    if target == "list-blobs":
        seed_list_blobs()
    elif target in ("json-stream", "dead-letter"):
        seed_json(target)
    elif target == "where":
        seed_where()
    elif target in ("connection-string", "sas"):
        seed_credentials(target)
    else:
        sys.exit(f"seed-corpus: unknown target {target}")
    count = sum(1 for _ in (CORPUS / target).glob("seed-*"))
    print(f"{target}: {count} seeds")
