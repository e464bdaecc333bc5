#!/usr/bin/env python3
"""Judges a tools/soak run from the artifacts it left in its work directory, prints the tables and writes the results.

  tools/soak-report.py --work DIR --results FILE --events N --seed N --configuration C --loris-events N
                       --loris-bound S --loris-request-timeout S --faults JSON

Reads, per phase, `<phase>.exit`, `<phase>.seconds`, `<phase>.out` (replay: its --format json summary),
`<phase>.counters.json` (the emulator's counters, reset before the phase), plus the two exports, the sinks' record
file `sinks.jsonl` and the replays' --failed files. Exits 1 when any check fails.
"""
import argparse
import collections
import json
import os
import sys

FAULT_COLUMNS = [  # (counter key(s), column title)
    (("serverBusy",), "503"),
    (("internalError", "operationTimedOut"), "500"),
    (("throttled",), "429"),
    (("droppedConnection",), "dropped"),
    (("truncatedBody",), "truncated"),
    (("responseLost",), "answer lost"),
    (("hung",), "hung"),
    (("latencySpike",), "latency spikes"),
]
# The kinds each faulted phase must actually have injected (a soak that never hit a kind proves nothing about it), with
# the plan's rate that drives each. A kind is required only when the phase made enough requests to expect 5 or more.
PLAN_RATE_OF_KIND = {"503": ["serverBusyRate"], "500": ["internalErrorRate"], "429": ["throttleRate"], "dropped": ["dropRate"],
                     "truncated": ["truncateRate"], "answer lost": ["truncateRate"], "latency spikes": ["latencySpikeRate"]}
REQUIRED_KINDS = {
    "export-faulted": ["503", "500", "429", "dropped", "truncated", "latency spikes"],
    "replay-eventhubs": ["503", "500", "429", "dropped", "answer lost", "latency spikes"],
    "replay-eventgrid": ["503", "500", "429", "dropped", "answer lost", "latency spikes"],
}
MIN_EXPECTED_FAULTS = 5
SINKS = {"replay-eventhubs": "replay-hub", "replay-eventgrid": "replay-topic", "replay-slowloris": "replay-queue"}


class Checks:
    def __init__(self):
        self.items = []

    def check(self, phase, ok, what):
        self.items.append({"phase": phase, "ok": bool(ok), "check": what})
        return ok

    @property
    def failed(self):
        return [c for c in self.items if not c["ok"]]


def read(path, default=None):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return default


def phase_facts(work, name):
    counters = json.loads(read(os.path.join(work, f"{name}.counters.json"), b"{}") or b"{}")
    faults = counters.get("faults", {})
    by_kind = {title: sum(faults.get(key, 0) for key in keys) for keys, title in FAULT_COLUMNS}
    exit_text = (read(os.path.join(work, f"{name}.exit"), b"") or b"").decode().strip()
    seconds_text = (read(os.path.join(work, f"{name}.seconds"), b"") or b"").decode().strip()
    return {
        "exit": int(exit_text) if exit_text else None,
        "seconds": float(seconds_text) if seconds_text else None,
        "faults": by_kind,
        "faultsTotal": sum(v for k, v in by_kind.items() if k != "latency spikes"),
        "requests": counters.get("requestsByService", {}),
        "counters": counters,
    }


def stderr_tail(work, name, lines=5):
    text = (read(os.path.join(work, f"{name}.err"), b"") or b"").decode("utf-8", "replace").strip().splitlines()
    return "\n".join(text[-lines:])


def replay_summary(work, name):
    out = read(os.path.join(work, f"{name}.out"), b"") or b""
    try:
        return json.loads(out)["replay"]
    except (ValueError, KeyError):
        return {}


def event_id_of_record(record):
    """The event id in one line of the sinks' record file (Event Grid: the event itself; messaging: the
    cloudEvents:id application property, as ADT sends it)."""
    if "event" in record:
        return record["event"].get("id")
    return (record.get("userProperties") or {}).get("cloudEvents:id") or record.get("messageId")


def judge_exports(work, facts, checks):
    clean = read(os.path.join(work, "export-clean.jsonl"))
    faulted = read(os.path.join(work, "export-faulted.jsonl"))
    result = {"identical": False, "identicalAfterSorting": False, "lines": 0, "lost": None, "repeated": None}
    checks.check("export-clean", facts["export-clean"]["exit"] == 0,
                 f"fault-free export exits 0 (got {facts['export-clean']['exit']}; {stderr_tail(work, 'export-clean', 2)!r})")
    checks.check("export-faulted", facts["export-faulted"]["exit"] == 0,
                 f"faulted export exits 0 (got {facts['export-faulted']['exit']}; {stderr_tail(work, 'export-faulted', 2)!r})")
    if clean is None:
        checks.check("export-clean", False, "the fault-free export exists")
        return result, []
    clean_lines = clean.splitlines()
    ids = [json.loads(line)["event"]["id"] for line in clean_lines]
    if faulted is None:
        checks.check("export-faulted", False, "the faulted export exists")
        return result, ids
    faulted_lines = faulted.splitlines()
    lost = collections.Counter(clean_lines) - collections.Counter(faulted_lines)
    repeated = collections.Counter(faulted_lines) - collections.Counter(clean_lines)
    result.update({
        "lines": len(clean_lines),
        "faultedLines": len(faulted_lines),
        "identical": clean == faulted,
        "identicalAfterSorting": sorted(clean_lines) == sorted(faulted_lines),
        "lost": sum(lost.values()),
        "repeated": sum(repeated.values()),
    })
    checks.check("export-faulted", result["lost"] == 0, f"no event lost by the faulted export (lost {result['lost']})")
    checks.check("export-faulted", result["repeated"] == 0, f"no event repeated by the faulted export (repeated {result['repeated']})")
    checks.check("export-faulted", result["identicalAfterSorting"], "the faulted export holds the same lines as the fault-free one")
    return result, ids


def sink_records(work):
    by_sink = collections.defaultdict(list)
    path = os.path.join(work, "sinks.jsonl")
    if not os.path.exists(path):  # no sink accepted anything
        return by_sink
    with open(path, "rb") as f:
        for line in f:
            record = json.loads(line)
            by_sink[record["sink"]].append((record["sequence"], event_id_of_record(record)))
    return by_sink


def runs(numbers):
    """The lengths of the runs of consecutive integers the sorted numbers make."""
    lengths, previous = [], None
    for n in sorted(numbers):
        if previous is None or n != previous + 1:
            lengths.append(0)
        lengths[-1] += 1
        previous = n
    return lengths


def judge_replay(phase, work, expected_ids, records, facts, checks):
    summary = replay_summary(work, phase)
    received = records.get(SINKS[phase], [])
    copies = collections.Counter(event_id for _, event_id in received)
    expected = set(expected_ids)
    lost = len(expected - set(copies))
    unexpected = sum(count for event_id, count in copies.items() if event_id not in expected)
    extra = sum(count - 1 for count in copies.values())
    # Every copy of an event but its last was recorded by a request whose answer the client never got (it then
    # resent the batch). One request's messages are recorded together, so those copies form runs of consecutive sink
    # sequence numbers: at most one run per lost answer.
    last_copy = {}
    for sequence, event_id in received:
        last_copy[event_id] = max(sequence, last_copy.get(event_id, 0))
    earlier = [sequence for sequence, event_id in received if sequence != last_copy[event_id]]
    run_lengths = runs(earlier)
    duplicated_batches = len(run_lengths)
    lost_answers = facts[phase]["faults"]["answer lost"]
    possible = summary.get("possibleDuplicates", 0)
    result = {
        "exit": facts[phase]["exit"], "sent": summary.get("sent"), "failed": summary.get("failed"),
        "received": len(received), "distinctReceived": len(copies), "lost": lost, "unexpected": unexpected,
        "duplicates": extra, "duplicatedBatches": duplicated_batches, "duplicatedBatchSizes": dict(collections.Counter(run_lengths)),
        "answersLost": lost_answers,
        "possibleDuplicatesCounted": possible, "retries": summary.get("retries"), "requests": summary.get("requests"),
        "throttled": summary.get("throttled"), "failureReasons": summary.get("failureReasons", {}),
    }
    checks.check(phase, facts[phase]["exit"] == 0, f"replay exits 0 (got {facts[phase]['exit']}; {stderr_tail(work, phase, 2)!r})")
    checks.check(phase, summary.get("sent") == len(expected) and summary.get("failed") == 0,
                 f"the replay reports every event sent (sent {summary.get('sent')}, failed {summary.get('failed')} of {len(expected)})")
    checks.check(phase, lost == 0, f"every event id arrived at least once (missing {lost})")
    checks.check(phase, unexpected == 0, f"nothing arrived that was not sent ({unexpected})")
    checks.check(phase, extra <= possible,
                 f"every duplicate was counted by the replay as possible ({extra} duplicates ≤ {possible} possible)")
    checks.check(phase, duplicated_batches <= lost_answers,
                 f"every duplicated batch follows an answer the emulator lost ({duplicated_batches} batches ≤ {lost_answers} lost answers)")
    sizes = ", ".join(f"{count} × {size}" for size, count in sorted(collections.Counter(run_lengths).items()))
    result["explanation"] = (
        f"{extra} extra copies = {duplicated_batches} runs of consecutive sink records ({sizes or 'none'} events); the "
        f"emulator recorded {lost_answers} requests and then closed the connection instead of answering (truncation of an "
        f"empty 201/200), so the replay could not know they had arrived and resent them. The replay counted {possible} "
        f"events as possible duplicates (acknowledged after an attempt with an unknown outcome: a lost answer, a dropped "
        f"connection or a 500; only lost answers had been processed)"
    )
    return result


def judge_slowloris(work, args, records, facts, checks):
    phase = "replay-slowloris"
    summary = replay_summary(work, phase)
    failed_lines = (read(os.path.join(work, f"{phase}.failed.jsonl"), b"") or b"").splitlines()
    reasons = [json.loads(line).get("replayError", "") for line in failed_lines]
    timed_out = sum(1 for reason in reasons if "timed out" in reason)
    seconds = facts[phase]["seconds"] or 0
    result = {
        "exit": facts[phase]["exit"], "seconds": seconds, "bound": args.loris_bound, "requestTimeout": args.loris_request_timeout,
        "events": args.loris_events, "failed": summary.get("failed"), "failedFileLines": len(failed_lines),
        "reasonsNamingTimeout": timed_out, "hungRequests": facts[phase]["faults"]["hung"], "requests": summary.get("requests"),
        "retries": summary.get("retries"), "recordedBySink": len(records.get(SINKS[phase], [])),
        "firstReason": reasons[0] if reasons else None, "stderr": stderr_tail(work, phase, 3),
    }
    checks.check(phase, facts[phase]["exit"] != 124, f"the run ended by itself (no hang past {args.loris_bound} s)")
    checks.check(phase, seconds < args.loris_bound, f"the run ended within {args.loris_bound} s ({seconds} s)")
    checks.check(phase, facts[phase]["exit"] == 2, f"the exit code says events were not sent (2; got {facts[phase]['exit']})")
    checks.check(phase, summary.get("failed") == args.loris_events and len(failed_lines) == args.loris_events,
                 f"every event is reported failed and written to --failed ({summary.get('failed')}, {len(failed_lines)} lines of {args.loris_events})")
    checks.check(phase, timed_out == args.loris_events, f"each failure names the timeout ({timed_out} of {len(reasons)})")
    checks.check(phase, result["hungRequests"] >= 1 and result["hungRequests"] == summary.get("requests"),
                 f"every request hung at the sink ({result['hungRequests']} hung, {summary.get('requests')} sent)")
    checks.check(phase, result["recordedBySink"] == 0, "the sink processed nothing")
    return result


def table(headers, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--configuration", required=True)
    parser.add_argument("--loris-events", type=int, required=True)
    parser.add_argument("--loris-bound", type=float, required=True)
    parser.add_argument("--loris-request-timeout", type=float, required=True)
    parser.add_argument("--faults", required=True)
    args = parser.parse_args()

    phases = ["export-clean", "export-faulted", "replay-eventhubs", "replay-eventgrid", "replay-slowloris"]
    facts = {phase: phase_facts(args.work, phase) for phase in phases}
    checks = Checks()
    export, expected_ids = judge_exports(args.work, facts, checks)
    checks.check("export-clean", len(expected_ids) == args.events, f"the container holds {args.events} events (exported {len(expected_ids)})")
    records = sink_records(args.work)
    replays = {phase: judge_replay(phase, args.work, expected_ids, records, facts, checks) for phase in ["replay-eventhubs", "replay-eventgrid"]}
    loris = judge_slowloris(args.work, args, records, facts, checks)
    plan = json.loads(args.faults)
    for phase, kinds in REQUIRED_KINDS.items():
        requests = sum(facts[phase]["requests"].values())
        expected = {kind: requests * sum(plan.get(key, 0) for key in PLAN_RATE_OF_KIND[kind]) for kind in kinds}
        required = [kind for kind in kinds if expected[kind] >= MIN_EXPECTED_FAULTS]
        missing = [kind for kind in required if facts[phase]["faults"][kind] == 0]
        too_few = [kind for kind in kinds if kind not in required]
        checks.check(phase, not missing, "every fault kind was injected" + (f" (never: {', '.join(missing)})" if missing else "")
                     + (f" (too few requests to require {', '.join(too_few)})" if too_few else ""))

    blob_extra = facts["export-faulted"]["requests"].get("blob", 0) - facts["export-clean"]["requests"].get("blob", 0)
    fault_rows = []
    for phase in phases:
        f = facts[phase]
        requests = sum(f["requests"].values())
        share = f"{100 * f['faultsTotal'] / requests:.1f}%" if requests else "-"
        fault_rows.append([phase] + [f["faults"][title] for _, title in FAULT_COLUMNS] + [f["faultsTotal"], requests, share])
    outcome_rows = [
        ["export-clean", facts["export-clean"]["exit"], export["lines"], "-", "-", "-", facts["export-clean"]["seconds"]],
        ["export-faulted", facts["export-faulted"]["exit"], export.get("faultedLines", 0), export["lost"], export["repeated"],
         f"{blob_extra} (extra requests)", facts["export-faulted"]["seconds"]],
    ]
    for phase, r in replays.items():
        outcome_rows.append([phase, r["exit"], r["sent"], r["lost"], r["duplicates"], r["retries"], facts[phase]["seconds"]])
    outcome_rows.append(["replay-slowloris", loris["exit"], f"{loris['failed']} failed", "-", "-", loris["retries"], loris["seconds"]])
    total_seconds = round(sum(facts[phase]["seconds"] or 0 for phase in phases), 1)
    outcome_rows.append(["total", "", "", "", "", "", total_seconds])

    print(f"\nfault soak: {args.events} events, seed {args.seed}, {args.configuration} build\n")
    print("faults injected by kind (emulator counters; 'answer lost' = processed, then the connection closed unanswered)")
    print(table(["phase"] + [title for _, title in FAULT_COLUMNS] + ["faults", "requests", "share"], fault_rows))
    print()
    print(table(["phase", "exit", "events", "lost", "duplicates", "retries", "wall s"], outcome_rows))
    print()
    print("export: " + ("identical to the fault-free export byte for byte" if export["identical"] else
                        "same lines as the fault-free export, in another order" if export["identicalAfterSorting"] else
                        "DIFFERENT from the fault-free export"))
    for phase, r in replays.items():
        print(f"{phase}: {r['explanation']}")
    print(f"replay-slowloris: {loris['events']} events into a sink that never answers, --request-timeout {args.loris_request_timeout:g} s: "
          f"exit {loris['exit']} after {loris['seconds']} s (bound {args.loris_bound:g} s), {loris['hungRequests']} requests hung, "
          f"{loris['reasonsNamingTimeout']} failures name the timeout, e.g. {loris['firstReason']!r}")
    print()
    for c in checks.failed:
        print(f"FAILED  {c['phase']}: {c['check']}")
    verdict = "passed" if not checks.failed else "FAILED"
    print(f"soak {verdict}: {len(checks.items) - len(checks.failed)} of {len(checks.items)} checks hold; results in {args.results}")

    results = {
        "events": args.events, "seed": args.seed, "configuration": args.configuration, "faultPlan": json.loads(args.faults),
        "phases": {phase: {k: v for k, v in facts[phase].items() if k != "counters"} | {"counters": facts[phase]["counters"]} for phase in phases},
        "export": export, "replays": replays, "slowLoris": loris, "totalPhaseSeconds": total_seconds,
        "checks": checks.items, "passed": not checks.failed,
    }
    with open(args.results, "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
        f.write("\n")
    return 0 if not checks.failed else 1


if __name__ == "__main__":
    sys.exit(main())
