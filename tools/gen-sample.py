#!/usr/bin/env python3
"""Generates deterministic dead-letter data for the demo, the tests and the benchmarks.

  tools/gen-sample.py container DIR        the bundled sample container (a few hundred events, ADT and Event Grid
                                           layouts, a few bad blobs) as a directory that mirrors a container
  tools/gen-sample.py jsonl N FILE         N ADT dead letters as `deadletter export` JSONL (benchmarks)
  tools/gen-sample.py blobs N DIR          N ADT dead-letter blobs, one CloudEvent each, as a container mirror

Events follow the shapes of Microsoft's documented ADT notifications (see Fixtures/events/PROVENANCE.md): the
seven ADT types, relationship subjects `<twin>/relationships/<id>`, telemetry without `time` whose twin is the last
segment of `source`, Event Grid dead-letter arrays with deadLetterReason & co. Same seed, same bytes.
"""
import datetime as dt
import json
import os
import random
import sys
import uuid

SEED = 20261124
INSTANCE = "contoso-adt.api.wus2.digitaltwins.azure.net"
MODELS = ["dtmi:contoso:Room;2", "dtmi:contoso:Floor;1", "dtmi:contoso:Thermostat;3", "dtmi:contoso:Chiller;1"]
TWINS = [f"room-{n:03d}" for n in range(1, 41)] + [f"floor-{n}" for n in range(1, 6)] + \
        [f"thermostat-{n:02d}" for n in range(1, 21)] + ["chiller-a", "chiller-b"]
ADT_TYPES = [
    ("Microsoft.DigitalTwins.Twin.Update", 40),
    ("microsoft.iot.telemetry", 25),
    ("Microsoft.DigitalTwins.Twin.Create", 8),
    ("Microsoft.DigitalTwins.Twin.Delete", 4),
    ("Microsoft.DigitalTwins.Relationship.Create", 10),
    ("Microsoft.DigitalTwins.Relationship.Update", 9),
    ("Microsoft.DigitalTwins.Relationship.Delete", 4),
]
REASONS = [("MaxDeliveryAttemptsExceeded", 60), ("TimeToLiveExceeded", 25), ("UndeliverableDueToClientError", 15)]
OUTCOMES = {"MaxDeliveryAttemptsExceeded": "Busy", "TimeToLiveExceeded": "TimedOut", "UndeliverableDueToClientError": "Unauthorized"}


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    pick = rng.uniform(0, total)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z"


def guid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def traceparent(rng):
    return f"00-{rng.getrandbits(128):032x}-{rng.getrandbits(64):016x}-01"


def twin_payload(rng, twin, model):
    return {
        "$dtId": twin,
        "$etag": f'W/"{guid(rng)}"',
        "temperature": round(rng.uniform(16, 28), 2),
        "name": twin.replace("-", " ").title(),
        "$metadata": {"$model": model, "temperature": {"lastUpdateTime": "2026-11-24T07:59:12.1234567Z"}},
    }


def adt_event(rng, when):
    kind = weighted(rng, ADT_TYPES)
    twin = rng.choice(TWINS)
    model = rng.choice(MODELS)
    event = {"specversion": "1.0", "id": guid(rng), "type": kind, "source": INSTANCE}
    if kind == "microsoft.iot.telemetry":
        event["source"] = f"{INSTANCE}/digitaltwins/{twin}"
        event["data"] = {"temperature": round(rng.uniform(16, 35), 1), "humidity": rng.randint(20, 70)}
        event["dataschema"] = model
        event["datacontenttype"] = "application/json"
        event["traceparent"] = traceparent(rng)
        return event
    if kind.startswith("Microsoft.DigitalTwins.Twin."):
        subject = twin
        if kind.endswith("Update"):
            path = rng.choice(["/temperature", "/setpoint", "/occupancy", "/name"])
            data = {"modelId": model, "patch": [{"value": round(rng.uniform(16, 28), 1), "path": path, "op": "replace"}]}
        else:
            data = twin_payload(rng, twin, model)
    else:
        target = rng.choice([t for t in TWINS if t != twin])
        rel_id = f"{twin}-contains-{target}"
        subject = f"{twin}/relationships/{rel_id}"
        if kind.endswith("Update"):
            data = {"modelId": model, "patch": [{"value": rng.randint(1, 9), "path": "/priority", "op": "replace"}]}
        else:
            data = {"$relationshipId": rel_id, "$etag": f'W/"{guid(rng)}"', "$sourceId": twin,
                    "$relationshipName": "contains", "$targetId": target, "priority": rng.randint(1, 9)}
    event["data"] = data
    event["subject"] = subject
    event["time"] = rfc3339(when)
    event["datacontenttype"] = "application/json"
    event["traceparent"] = traceparent(rng)
    return event


def outage_times(rng, start, hours, count):
    """Times shaped like an outage: a ramp up, a plateau, a tail."""
    weights = [1, 3, 8, 14, 14, 12, 6, 3, 1, 1][:hours]
    times = []
    for _ in range(count):
        hour = weighted(rng, list(enumerate(weights)))
        times.append(start + dt.timedelta(hours=hour, seconds=rng.uniform(0, 3599)))
    return sorted(times)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def folder(when, padded):
    if padded:
        return f"{when.year:04d}/{when.month:02d}/{when.day:02d}/{when.hour:02d}"
    return f"{when.year}/{when.month}/{when.day}/{when.hour}"


def sample_container(root):
    rng = random.Random(SEED)
    start = dt.datetime(2026, 11, 24, 6, 0, 0)
    # 1. An ADT endpoint whose dead letters are CloudEvents, one per blob (unpadded date folders).
    for when in outage_times(rng, start, 10, 180):
        event = adt_event(rng, when)
        dead = when + dt.timedelta(minutes=rng.uniform(5, 50))
        write(f"{root}/adt-eventgrid-ep/{folder(dead, False)}/{event['id']}.json",
              json.dumps(event, indent=2).encode())
    # 2. An ADT endpoint towards Event Hubs, zero-padded folders, compact JSON.
    for when in outage_times(rng, start + dt.timedelta(hours=1), 8, 90):
        event = adt_event(rng, when)
        dead = when + dt.timedelta(minutes=rng.uniform(5, 50))
        write(f"{root}/adt-eventhub-ep/{folder(dead, True)}/{event['id']}.json",
              json.dumps(event, separators=(",", ":")).encode())
    # 3. Event Grid's own dead letters for a subscription with the Event Grid schema: arrays of 1-6 events,
    #    upper-case subscription name, unpadded folders, GUID file names (not event ids).
    for when in outage_times(rng, start + dt.timedelta(hours=2), 6, 20):
        batch = []
        for _ in range(rng.randint(1, 6)):
            ce = adt_event(rng, when)
            reason = weighted(rng, REASONS)
            eg = {
                "id": ce["id"], "subject": ce.get("subject", ""), "data": {"data": ce["data"], "contenttype": "application/json",
                                                                           "traceparent": ce["traceparent"]},
                "eventType": ce["type"], "eventTime": ce.get("time", "0001-01-01T00:00:00Z"), "dataVersion": "1.0",
                "metadataVersion": "1",
                "topic": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.EventGrid/topics/twin-events",
                "deadLetterReason": reason, "deliveryAttempts": 30 if reason == "MaxDeliveryAttemptsExceeded" else rng.randint(1, 12),
                "lastDeliveryOutcome": OUTCOMES[reason], "lastHttpStatusCode": 503 if reason != "UndeliverableDueToClientError" else 401,
                "publishTime": rfc3339(when + dt.timedelta(seconds=1)),
                "lastDeliveryAttemptTime": rfc3339(when + dt.timedelta(minutes=rng.uniform(1, 60))),
            }
            if "dataschema" in ce:
                eg["data"]["dataschema"] = ce["dataschema"]
            batch.append(eg)
        dead = when + dt.timedelta(minutes=rng.uniform(5, 59))
        write(f"{root}/TWIN-ROUTER-SUB/{folder(dead, False)}/{guid(rng)}.json", json.dumps(batch, indent=2).encode())
    # 4. Event Grid dead letters of a CloudEvents-schema subscription (lower-case extension attributes).
    for when in outage_times(rng, start + dt.timedelta(hours=3), 4, 8):
        batch = []
        for _ in range(rng.randint(1, 4)):
            ce = adt_event(rng, when)
            reason = weighted(rng, REASONS)
            ce.update({"deadletterreason": reason, "deliveryattempts": rng.randint(1, 30), "lastdeliveryoutcome": OUTCOMES[reason],
                       "lasthttpstatuscode": 503, "publishtime": rfc3339(when)})
            batch.append(ce)
        dead = when + dt.timedelta(minutes=rng.uniform(5, 59))
        write(f"{root}/ALERTS-CE-SUB/{folder(dead, False)}/{guid(rng)}.json", json.dumps(batch).encode())
    # 5. An Event Grid namespace topic subscription: one CloudEvent per record with deadletterProperties.
    for when in outage_times(rng, start + dt.timedelta(hours=2), 3, 6):
        ce = adt_event(rng, when)
        ce["deadletterProperties"] = {"deadletterreason": "Undeliverable due to client error", "deliveryattempts": 3,
                                      "deliveryresult": "Unauthorized", "publishutc": rfc3339(when),
                                      "deliveryattemptutc": rfc3339(when + dt.timedelta(minutes=2))}
        dead = when + dt.timedelta(minutes=rng.uniform(5, 59))
        write(f"{root}/contoso-ns/twin-topic/audit-sub/{folder(dead, False)}/{guid(rng)}.json", json.dumps([ce]).encode())
    # 6. Bad blobs that every command must name and count, not drop.
    bad_hour = "adt-eventgrid-ep/2026/11/24/9"
    good = json.dumps(adt_event(rng, start + dt.timedelta(hours=3)), indent=2).encode()
    write(f"{root}/{bad_hour}/{guid(rng)}.json", good[: len(good) // 2])                       # truncated upload
    write(f"{root}/{bad_hour}/{guid(rng)}.json", b"<html>502 Bad Gateway</html>")             # not JSON
    write(f"{root}/{bad_hour}/{guid(rng)}.json", b'{"id":"x","type":"bad\xff\xfe","source":"s","specversion":"1.0"}')  # invalid UTF-8
    write(f"{root}/{bad_hour}/{guid(rng)}.json", b"")                                          # empty blob
    write(f"{root}/{bad_hour}/{guid(rng)}.json", b'{"hello":"world"}')                         # JSON, not an event
    write(f"{root}/adt-eventgrid-ep/README.txt", b"dead letters for the twin-events endpoint\n")  # fits no layout


def jsonl(count, path):
    rng = random.Random(SEED + 1)
    start = dt.datetime(2026, 11, 24, 6, 0, 0)
    span = 10 * 3600
    with open(path, "w", buffering=1 << 20) as out:
        for i in range(count):
            when = start + dt.timedelta(seconds=span * i / count)
            event = adt_event(rng, when)
            dead = when + dt.timedelta(minutes=10)
            hour = dead.replace(minute=0, second=0, microsecond=0)
            blob = f"adt-eventgrid-ep/{folder(dead, False)}/{event['id']}.json"
            record = {"blob": blob, "index": 0, "endpoint": "adt-eventgrid-ep", "deadletteredHour": hour.strftime("%Y-%m-%dT%H:%M:%SZ"),
                      "lastModified": dead.strftime("%a, %d %b %Y %H:%M:%S GMT"), "etag": f"0x8DD{i:013X}",
                      "schema": "cloudevents", "deadLetter": {}, "event": event}
            out.write(json.dumps(record, separators=(",", ":")))
            out.write("\n")


def blobs(count, root):
    rng = random.Random(SEED + 2)
    start = dt.datetime(2026, 11, 24, 6, 0, 0)
    span = 10 * 3600
    for i in range(count):
        when = start + dt.timedelta(seconds=span * i / count)
        event = adt_event(rng, when)
        dead = when + dt.timedelta(minutes=10)
        write(f"{root}/adt-eventgrid-ep/{folder(dead, False)}/{event['id']}.json", json.dumps(event, separators=(",", ":")).encode())


def main(argv):
    if len(argv) == 3 and argv[1] == "container":
        sample_container(argv[2])
    elif len(argv) == 4 and argv[1] == "jsonl":
        jsonl(int(argv[2]), argv[3])
    elif len(argv) == 4 and argv[1] == "blobs":
        blobs(int(argv[2]), argv[3])
    else:
        sys.stderr.write(__doc__)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
