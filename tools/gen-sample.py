#!/usr/bin/env python3
"""Generates deterministic dead-letter data for the demo, the tests and the benchmarks.

  tools/gen-sample.py container DIR        the bundled sample container (a few hundred events, ADT and Event Grid
                                           layouts, a few bad blobs) as a directory that mirrors a container
  tools/gen-sample.py bad-container DIR    the bad-input corpus (Fixtures/bad/container): one malformed blob per
                                           problem next to a few good ones, as a container mirror
  tools/gen-sample.py bad-listings DIR     malformed List Blobs bodies (Fixtures/bad/listings) for the listing reader
  tools/gen-sample.py jsonl N FILE         N ADT dead letters as `deadletter export` JSONL (benchmarks)
  tools/gen-sample.py blobs N DIR          N ADT dead-letter blobs, one CloudEvent each, as a container mirror

Events follow the shapes of Microsoft's documented ADT notifications (see Fixtures/events/PROVENANCE.md): the
seven ADT types, relationship subjects `<twin>/relationships/<id>`, telemetry without `time` whose twin is the last
segment of `source`, Event Grid dead-letter arrays with deadLetterReason & co. Same seed, same bytes.
"""
import datetime as dt
import gzip
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


def eventgrid_dead_letter(rng, ce, when):
    """An ADT CloudEvent as an Event Grid-schema subscription dead-letters it: payload under `data.data`, the
    delivery facts as extra members."""
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
    return eg


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
            batch.append(eventgrid_dead_letter(rng, adt_event(rng, when), when))
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


def bad_container(root):
    """The bad-input corpus (Fixtures/bad/container): one problem per blob, each a way real dead-letter blobs have
    been seen to break (cut-off uploads, proxy error pages, other encodings, hand edits) or a way the fuzzers and the
    decoder's unit tests broke the parser, next to a few good and edge-but-valid blobs. Fixtures/bad/README.md says
    what every command must report for each; blobs over the per-event size limit are made by the tests themselves."""
    rng = random.Random(SEED + 3)
    when = dt.datetime(2026, 3, 14, 8, 40, 0)
    adt = f"{root}/adt-bad-ep/2026/3/14/9"
    eg = f"{root}/BAD-EG-SUB/2026/3/14/9"
    ce_sub = f"{root}/BAD-CE-SUB/2026/3/14/9"

    def event(**changes):
        e = adt_event(rng, when)
        e.update(changes)
        return e

    def pretty(e):
        return json.dumps(e, indent=2).encode()

    def compact(e):
        return json.dumps(e, separators=(",", ":")).encode()

    def nested(depth):
        """`depth` levels of objects: {"n":{"n":…{"n":1}…}}."""
        return "{\"n\":" * depth + "1" + "}" * depth

    def with_data(e, data_text):
        """The event with `data` replaced by raw JSON text (for values json.dumps cannot write)."""
        e = dict(e, data="@DATA@")
        return compact(e).replace(b'"@DATA@"', data_text.encode())

    # Good and edge-but-valid single-event blobs (ADT layout): all must be read.
    write(f"{adt}/good-twin-update.json", pretty(event()))
    write(f"{adt}/good-compact.json", compact(event()))
    write(f"{adt}/good-utf8-bom.json", b"\xef\xbb\xbf" + pretty(event()))
    write(f"{adt}/good-huge-number.json", with_data(event(), '{"reading":1e999999,"tiny":-1e-999999}'))
    write(f"{adt}/good-escaped-nul-and-pair.json", with_data(event(), '{"note":"a\\u0000b","emoji":"\\ud83d\\ude00"}'))
    # The root object is level 1, `data` level 2: 62 more levels inside reach exactly the limit of 64.
    write(f"{adt}/good-depth-64.json", with_data(event(), nested(63)))

    # Bad single-object blobs: each is named once with the reason.
    good = pretty(event())
    write(f"{adt}/truncated-object.json", good[: len(good) // 2])
    write(f"{adt}/empty.json", b"")
    write(f"{adt}/whitespace-only.json", b"  \n\t\r\n  ")
    write(f"{adt}/html-gateway-page.json", b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>\n")
    write(f"{adt}/storage-error-body.json",
          b'<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>')
    write(f"{adt}/invalid-utf8.json", compact(event(subject="room-@")).replace(b"room-@", b"room-\xff\xfe"))
    write(f"{adt}/overlong-utf8.json", compact(event(subject="room-@")).replace(b"room-@", b"room-\xc0\xaf"))
    write(f"{adt}/utf16-encoded.json", "\ufeff".encode("utf-16-le") + json.dumps(event()).encode("utf-16-le"))
    write(f"{adt}/double-bom.json", b"\xef\xbb\xbf\xef\xbb\xbf" + compact(event()))
    write(f"{adt}/lone-surrogate-escape.json", compact(event(subject="@")).replace(b'"@"', b'"room-\\ud800"'))
    write(f"{adt}/nesting-too-deep.json", with_data(event(), nested(100)))
    write(f"{adt}/duplicate-keys.json", compact(event()).replace(b'{"specversion"', b'{"id":"dup-1","specversion"', 1))
    write(f"{adt}/not-an-event.json", b'{"hello":"world","count":3}')
    write(f"{adt}/top-level-string.json", b'"Microsoft.DigitalTwins.Twin.Update"')
    write(f"{adt}/nul-padding.json", compact(event()) + b"\x00" * 512)
    write(f"{adt}/raw-nul-in-string.json", compact(event(subject="room-@")).replace(b"room-@", b"room-\x00"))
    write(f"{adt}/raw-tab-in-string.json", compact(event(subject="room-@")).replace(b"room-@", b"room-\t1"))
    write(f"{adt}/invalid-escape.json", compact(event(subject="room-@")).replace(b"room-@", b"room-\\x41"))
    write(f"{adt}/number-leading-zero.json", with_data(event(), '{"floor":01}'))
    write(f"{adt}/nan-literal.json", with_data(event(), '{"temperature":NaN}'))
    write(f"{adt}/single-quotes.json", b"{'specversion':'1.0','id':'sq-1','type':'Microsoft.DigitalTwins.Twin.Update'}")
    write(f"{adt}/leading-comment.json", b"// exported by a script\n" + compact(event()))
    write(f"{adt}/trailing-comma.json", compact(event())[:-1] + b",}")
    write(f"{adt}/json-lines-in-blob.json", compact(event()) + b"\n" + compact(event()) + b"\n")
    write(f"{adt}/gzip-named-json.json", gzip.compress(pretty(event()), mtime=0))
    write(f"{root}/adt-bad-ep/notes.txt", b"dead letters of adt-bad-ep; see Fixtures/bad/README.md\n")

    # Event Grid subscription (Event Grid schema): arrays, GUID file names as Event Grid writes them.
    def eg_events(count):
        return [eventgrid_dead_letter(rng, adt_event(rng, when), when) for _ in range(count)]

    def eg_blob(number):
        return f"{eg}/0000{number:04x}-bad0-4000-8000-000000000000.json"

    def array(parts):
        return b"[\n" + b",\n".join(parts) + b"\n]\n"

    write(eg_blob(1), json.dumps(eg_events(3), indent=2).encode())                        # good
    write(eg_blob(2), b"[]")                                                              # good, no events
    a, b_, c = (compact(e) for e in eg_events(3))
    write(eg_blob(3), array([a, b_.replace(b'{"id"', b'{"subject":"dup","id"', 1), c]))  # element 1: duplicate key
    a, b_, c = eg_events(3)
    del b_["eventType"]
    c.pop("id")
    write(eg_blob(4), array([compact(a), compact(b_), compact(c)]))                        # elements 1, 2: no eventType / id
    a, c = (compact(e) for e in eg_events(2))
    write(eg_blob(5), array([a, b"42", c]))                                               # element 1: a number
    parts = [compact(e) for e in eg_events(3)]
    whole = array(parts)
    write(eg_blob(6), whole[: len(parts[0]) + len(parts[1]) + 8 + len(parts[2]) // 2])   # cut inside element 2
    a, c = (compact(e) for e in eg_events(2))
    write(eg_blob(7), b"[" + a + b"\n" + c + b"]")                                       # no comma after element 0
    a, b_, c = eg_events(3)
    write(eg_blob(8), array([compact(a), with_data(b_, nested(80)), compact(c)]))         # element 1 too deep
    a, b_ = (compact(e) for e in eg_events(2))
    write(eg_blob(9), array([a, b_]) + b"garbage\n")                                      # trailing content after ]

    # Event Grid subscription (CloudEvents schema): CloudEvents attributes that are present but wrong.
    def ce_events(count):
        events = []
        for _ in range(count):
            e = adt_event(rng, when)
            e.update({"deadletterreason": "MaxDeliveryAttemptsExceeded", "deliveryattempts": 30,
                      "lastdeliveryoutcome": "Busy", "lasthttpstatuscode": 503, "publishtime": rfc3339(when)})
            events.append(e)
        return events

    def ce_blob(number):
        return f"{ce_sub}/0000{number:04x}-bad0-4ce0-8000-000000000000.json"

    write(ce_blob(1), json.dumps(ce_events(2)).encode())                                  # good
    a, b_, c = ce_events(3)
    b_["specversion"] = "0.3"
    c["specversion"] = 1.0
    write(ce_blob(2), json.dumps([a, b_, c]).encode())                                    # elements 1, 2: wrong specversion


def bad_listings(root):
    """Malformed List Blobs bodies (Fixtures/bad/listings) for the listing reader: each must give a typed error that
    names the request, never a crash or a silently shorter listing. Derived from one well-formed page of an ADT
    hour folder (the service's UTF-8 BOM included, as Azure sends it); Fixtures/bad/README.md gives each reason."""
    bom = b"\xef\xbb\xbf"
    declaration = b'<?xml version="1.0" encoding="utf-8"?>'
    head = (b'<EnumerationResults ServiceEndpoint="https://acct.blob.core.windows.net/" ContainerName="deadletters">'
            b"<Prefix>adt-ep/2026/3/14/9/</Prefix><MaxResults>3</MaxResults><Delimiter>/</Delimiter><Blobs>")

    def blob(name):
        return (b"<Blob><Name>" + name + b"</Name><Properties><Creation-Time>Sat, 14 Mar 2026 09:12:01 GMT</Creation-Time>"
                b"<Last-Modified>Sat, 14 Mar 2026 09:12:01 GMT</Last-Modified><Etag>0x8DE6A1B2C3D4E5F</Etag>"
                b"<Content-Length>1234</Content-Length><Content-Type>application/json</Content-Type>"
                b"<BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier></Properties><OrMetadata /></Blob>")

    names = [b"adt-ep/2026/3/14/9/%08x-0000-4000-8000-000000000000.json" % n for n in range(1, 4)]
    blobs = b"".join(blob(n) for n in names)
    tail = b"</Blobs><NextMarker>2!120!MDAwMDY0IWFkdC1lcC8yMDI2LzMvMTQvOS8wMDAwMDAwNC5qc29uITAwMDAyOCE5OTk5LTEyLTMxVDIzOjU5OjU5Ljk5OTk5OTlaIQ--</NextMarker></EnumerationResults>"
    page = bom + declaration + head + blobs + tail

    def named(name):
        return bom + declaration + head + blob(name) + tail

    out = {
        "ok-page.xml": page,                                                             # the well-formed original
        "empty-body.xml": b"",
        "truncated-mid-blob.xml": page[: len(bom + declaration + head + blob(names[0])) + 40],
        "truncated-before-root-end.xml": page[: -len(b"</EnumerationResults>")],
        "truncated-in-declaration.xml": page[:20],
        "wrong-root-html.xml": b"<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>",
        "wrong-root-error.xml": bom + declaration + b"<Error><Code>AuthenticationFailed</Code><Message>Server failed to "
                                b"authenticate the request.</Message></Error>",
        "json-body.xml": b'{"error":{"code":"InvalidQueryParameterValue","message":"Value for one of the query parameters is not valid."}}',
        "undefined-entity.xml": named(b"adt-ep/2026/3/14/9/a&nbsp;b.json"),
        "external-entity.xml": bom + declaration + b'<!DOCTYPE EnumerationResults [<!ENTITY leak SYSTEM "file:///etc/hostname">]>'
                               + head + blob(b"&leak;") + tail,
        "entity-expansion.xml": declaration + b"<!DOCTYPE EnumerationResults [" + b'<!ENTITY a0 "dead-letter">'
                                + b"".join(b'<!ENTITY a%d "&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;">' % ((k,) + (k - 1,) * 10)
                                           for k in range(1, 10))
                                + b"]>" + head + blob(b"&a9;") + tail,
        "invalid-utf8-name.xml": named(b"adt-ep/2026/3/14/9/room-\xff\xfe.json"),
        "invalid-char-reference.xml": named(b"adt-ep/2026/3/14/9/room-&#1;.json"),
        "nul-byte.xml": named(b"adt-ep/2026/3/14/9/room-\x00.json"),
        "nextmarker-not-closed.xml": bom + declaration + head + blobs + b"</Blobs><NextMarker>2!120!MDAwMDY0IWFkdC1lcC8yMDI2</EnumerationResults>",
        "mismatched-tags.xml": bom + declaration + head + blobs.replace(b"</Name>", b"</Nmae>", 1) + tail,
        "two-roots.xml": page + declaration[:0] + head + blobs + tail,
        "utf16-bom-utf8-body.xml": b"\xff\xfe" + declaration + head + blobs + tail,
        "bom-after-declaration.xml": declaration + bom + head + blobs + tail,
        "declared-utf16-is-utf8.xml": b'<?xml version="1.0" encoding="UTF-16"?>' + head + blobs + tail,
        "unterminated-cdata.xml": named(b"<![CDATA[adt-ep/2026/3/14/9/x.json"),
        "garbage-after-root.xml": page + b"\r\n<!-- proxy -->\r\nHTTP/1.1 200 OK\r\n",
    }
    os.makedirs(root, exist_ok=True)
    for name, data in out.items():
        write(f"{root}/{name}", data)


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
    elif len(argv) == 3 and argv[1] == "bad-container":
        bad_container(argv[2])
    elif len(argv) == 3 and argv[1] == "bad-listings":
        bad_listings(argv[2])
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
