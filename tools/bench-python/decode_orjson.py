#!/usr/bin/env python3
"""Baseline for the decode benchmark (issue 4): parses every line of a `deadletter export` JSONL with orjson and,
with --type/--twin, counts the events of that type for that twin. Prints {"events","matched","invalid","bytes"}.

The twin rule is the one every baseline uses: telemetry takes the last segment of `source`, anything else the
subject up to `/relationships/`.
"""
import argparse
import sys

import orjson

TELEMETRY = "microsoft.iot.telemetry"


def twin_of(event):
    if str(event.get("type", "")).lower() == TELEMETRY:
        return str(event.get("source", "")).rsplit("/", 1)[-1]
    return str(event.get("subject", "")).split("/relationships/", 1)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--type")
    parser.add_argument("--twin")
    args = parser.parse_args()
    events = matched = invalid = size = 0
    with open(args.file, "rb", buffering=1 << 20) as lines:
        for line in lines:
            size += len(line)
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                invalid += 1
                continue
            events += 1
            if args.type is not None:
                event = record.get("event", record)
                if event.get("type") == args.type and twin_of(event) == args.twin:
                    matched += 1
    sys.stdout.write(orjson.dumps({"events": events, "matched": matched, "invalid": invalid, "bytes": size}).decode() + "\n")


if __name__ == "__main__":
    main()
