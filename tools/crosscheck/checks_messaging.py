"""Service Bus and Event Hubs sink checks over REST with `requests`, signed with the SDKs' own `generate_sas_token`
(azure.servicebus._pyamqp.utils / azure.eventhub._pyamqp.utils). What arrived is rebuilt as binary-mode CloudEvents
with the `cloudevents` SDK."""

import json
import time

import requests
from azure.eventhub._pyamqp.utils import generate_sas_token as eventhub_sas_token
from azure.servicebus._pyamqp.utils import generate_sas_token as servicebus_sas_token
from cloudevents.v1.http import from_http as cloudevent_from_http

import sinks
from harness import expect, expect_equal

POLICY = "RootManageSharedAccessKey"
POLICY_KEY = "ZGVhZGxldHRlci1lbXVsYXRvci1zZXJ2aWNlYnVzLTE="
BATCH_TYPE = "application/vnd.microsoft.servicebus.json"
TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


class MessagingChecks:
    def __init__(self, harness, endpoint, run_id):
        self.h = harness
        self.endpoint = endpoint
        self.run_id = run_id

    def run(self):
        h = self.h
        h.check("servicebus: batch send with generate_sas_token (201)", self.servicebus_batch)
        h.check("servicebus: resend of the same MessageIds is acknowledged (201) but dropped", self.servicebus_duplicates)
        h.check("servicebus: single send with BrokerProperties and custom property headers", self.servicebus_single)
        h.check("servicebus: received messages rebuild as binary-mode CloudEvents", self.servicebus_read_back)
        h.check("eventhubs: batch send with an sb:// audience token (201)", self.eventhubs_batch)
        h.check("eventhubs: received messages keep PartitionKey and cloudEvents:* properties", self.eventhubs_read_back)
        h.check("messaging: wrong key, expired token and foreign audience are refused (401)", self.refusals)
        h.check("messaging: unknown entity is 410", self.unknown_entity)
        h.check("messaging: Service Bus message over 256 KB is 403, Event Hubs batch over 1 MB is 413", self.size_limits)

    def url(self, entity):
        return f"{self.endpoint}/{entity}/messages?timeout=60&api-version=2014-01"

    def token(self, entity, audience=None, key=POLICY_KEY, seconds=600, factory=servicebus_sas_token):
        return factory(audience or f"{self.endpoint}/{entity}", POLICY, key, int(time.time()) + seconds)

    def post(self, entity, body, token=None, content_type=BATCH_TYPE, headers=None):
        all_headers = {"Authorization": token or self.token(entity), "Content-Type": content_type}
        all_headers.update(headers or {})
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        return requests.post(self.url(entity), data=data, headers=all_headers, timeout=30)

    def adt_message(self, index, message_id=None, partition_key=None):
        """The shape ADT delivers: body = CE data, attributes as `cloudEvents:` properties (wire-formats §2.3)."""
        event_id = f"{self.run_id}-{index}"
        broker = {"Label": "Microsoft.DigitalTwins.Twin.Update"}
        if message_id:
            broker["MessageId"] = message_id
        if partition_key:
            broker["PartitionKey"] = partition_key
        return {
            "Body": json.dumps({"patch": [{"op": "replace", "path": "/t", "value": index}]}),
            "BrokerProperties": broker,
            "UserProperties": {
                "cloudEvents:id": event_id,
                "cloudEvents:source": f"crosscheck.example/digitaltwins/twin-{index % 3}",
                "cloudEvents:specversion": "1.0",
                "cloudEvents:type": "Microsoft.DigitalTwins.Twin.Update",
                "cloudEvents:time": "2024-01-05T13:00:00Z",
                "cloudEvents:subject": f"twin-{index % 3}",
                "cloudEvents:traceparent": TRACEPARENT,
            },
        }

    def expect_created(self, response, what):
        expect_equal(response.status_code, 201, f"{what} ({response.text[:300]})")

    def servicebus_batch(self):
        self.queue_batch = [self.adt_message(i, message_id=f"{self.run_id}-{i}") for i in range(3)]
        self.expect_created(self.post("replay-queue", self.queue_batch), "batch send")

    def servicebus_duplicates(self):
        before = sinks.counters(self.endpoint, "replay-queue")["duplicatesDropped"]
        self.expect_created(self.post("replay-queue", self.queue_batch), "resend")
        after = sinks.counters(self.endpoint, "replay-queue")["duplicatesDropped"]
        expect_equal(after - before, len(self.queue_batch), "duplicates dropped by the resend")

    def servicebus_single(self):
        broker = {"MessageId": f"{self.run_id}-single", "Label": "Crosscheck.Single", "TimeToLive": 60}
        response = self.post("replay-queue", b'{"single":true}', content_type="application/json",
                             headers={"BrokerProperties": json.dumps(broker), "Priority": "High", "Customer": '"ACME Ltd"'})
        self.expect_created(response, "single send")

    def _ours(self, sink):
        return [r for r in sinks.received(self.endpoint, sink) if str(r.get("messageId") or r["userProperties"].get("cloudEvents:id", "")).startswith(self.run_id)]

    def servicebus_read_back(self):
        records = self._ours("replay-queue")
        expect_equal([r["messageId"] for r in records], [f"{self.run_id}-{i}" for i in range(3)] + [f"{self.run_id}-single"],
                     "received MessageIds (each once, in order)")
        for record, sent in zip(records, self.queue_batch):
            expect_equal(record["kind"], "serviceBusMessage", "kind")
            expect_equal(record["brokerProperties"]["Label"], "Microsoft.DigitalTwins.Twin.Update", "Label")
            event = _binary_cloudevent(record)
            expect_equal(event["id"], sent["UserProperties"]["cloudEvents:id"], "CloudEvent id")
            expect_equal(event["source"], sent["UserProperties"]["cloudEvents:source"], "CloudEvent source")
            expect_equal(event["type"], "Microsoft.DigitalTwins.Twin.Update", "CloudEvent type")
            expect_equal(event["traceparent"], TRACEPARENT, "traceparent extension")
            expect_equal(event.data, json.loads(sent["Body"]), "CloudEvent data")
        single = records[-1]
        expect_equal(single["contentType"], "application/json", "single send content type")
        expect_equal(single["body"], '{"single":true}', "single send body")
        expect_equal(single["userProperties"], {"Priority": "High", "Customer": "ACME Ltd"}, "custom properties from headers")
        expect_equal(single["brokerProperties"]["TimeToLive"], 60, "TimeToLive")

    def eventhubs_batch(self):
        self.hub_batch = [self.adt_message(i + 100, partition_key=f"twin-{i % 3}") for i in range(4)]
        token = self.token("replay-hub", audience="sb://crosscheck.servicebus.windows.net/replay-hub", factory=eventhub_sas_token)
        self.expect_created(self.post("replay-hub", self.hub_batch, token=token), "Event Hubs batch send")

    def eventhubs_read_back(self):
        records = self._ours("replay-hub")
        expect_equal(len(records), len(self.hub_batch), "Event Hubs messages received from this run")
        for record, sent in zip(records, self.hub_batch):
            expect_equal(record["kind"], "eventHubsMessage", "kind")
            expect_equal(record["partitionKey"], sent["BrokerProperties"]["PartitionKey"], "PartitionKey")
            expect_equal(record["userProperties"], sent["UserProperties"], "UserProperties")
            expect_equal(record["body"], sent["Body"], "Body")
            expect_equal(_binary_cloudevent(record)["subject"], sent["UserProperties"]["cloudEvents:subject"], "CloudEvent subject")

    def refusals(self):
        probe = [{"Body": "refused"}]
        wrong = self.post("replay-queue", probe, token=self.token("replay-queue", key="wrong-key"))
        expect_equal(wrong.status_code, 401, f"wrong key ({wrong.text[:200]})")
        expired = self.post("replay-queue", probe, token=self.token("replay-queue", seconds=-60))
        expect_equal(expired.status_code, 401, "expired token")
        foreign = self.post("replay-queue", probe, token=self.token("replay-hub"))
        expect_equal(foreign.status_code, 401, "token for another entity")
        expect("<Error><Code>401</Code>" in foreign.text, f"Service Bus error body: {foreign.text[:200]}")
        counters = sinks.counters(self.endpoint, "replay-queue")["rejected"]
        for reason in ("invalidCredential", "expiredToken", "wrongResource"):
            expect(counters.get(reason, 0) >= 1, f"replay-queue counted a '{reason}' refusal: {counters}")

    def unknown_entity(self):
        response = self.post("no-such-queue", [{"Body": "x"}])
        expect_equal(response.status_code, 410, "unknown entity")

    def size_limits(self):
        big = self.post("replay-queue", [{"Body": "x" * (256 * 1024 + 1)}])
        expect_equal(big.status_code, 403, "Service Bus message over 256 KB")
        expect("message size exceeded" in big.text, f"reason names the size: {big.text[:200]}")
        batch = [{"Body": "y" * 200_000} for _ in range(6)]
        too_big = self.post("replay-hub", batch, token=self.token("replay-hub", factory=eventhub_sas_token))
        expect_equal(too_big.status_code, 413, "Event Hubs batch over 1 MB")


def _binary_cloudevent(record):
    """A binary-mode CloudEvent from a received message: `cloudEvents:<name>` properties become `ce-<name>` headers."""
    headers = {"ce-" + name[len("cloudEvents:"):]: str(value)
               for name, value in record["userProperties"].items() if name.startswith("cloudEvents:")}
    headers["content-type"] = record.get("contentType") or "application/json"
    return cloudevent_from_http(headers, record["body"].encode("utf-8"))
