"""Event Grid sink checks through azure-eventgrid's EventGridPublisherClient; what arrived is parsed with the
`cloudevents` SDK."""

import datetime
import json

import requests

from azure.core.credentials import AzureKeyCredential, AzureSasCredential
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError
from azure.core.messaging import CloudEvent
from azure.eventgrid import EventGridEvent, EventGridPublisherClient, generate_sas
from cloudevents.v1.http import from_json as cloudevent_from_json

import sinks
from harness import CheckFailure, expect, expect_equal

TOPIC_KEY = "ZGVhZGxldHRlci1lbXVsYXRvci1ldmVudGdyaWQtazE="
CLOUDEVENTS_TOPIC = "replay-topic"
EVENTGRID_TOPIC = "replay-topic-eg"
TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


class EventGridChecks:
    def __init__(self, harness, endpoint, run_id):
        self.h = harness
        self.endpoint = endpoint
        self.run_id = run_id
        self.sent_cloud_events = {}
        self.sent_eventgrid_events = {}

    def topic_url(self, topic):
        return f"{self.endpoint}/{topic}/api/events"

    def run(self):
        h = self.h
        h.check("eventgrid: CloudEvents with AzureKeyCredential", self.cloud_events_with_key)
        h.check("eventgrid: CloudEvents with generate_sas + AzureSasCredential", self.cloud_events_with_sas)
        h.check("eventgrid: EventGridEvents with AzureKeyCredential", self.eventgrid_events_with_key)
        h.check("eventgrid: EventGridEvents with generate_sas + AzureSasCredential", self.eventgrid_events_with_sas)
        h.check("eventgrid: wrong key is refused (401)", self.wrong_key)
        h.check("eventgrid: expired SAS is refused (401)", self.expired_sas)
        h.check("eventgrid: SAS for another topic is refused (401)", self.sas_for_other_topic)
        h.check("eventgrid: CloudEvents to an Event Grid schema topic are refused (400)", self.schema_mismatch)
        h.check("eventgrid: unknown topic is 404", self.unknown_topic)
        h.check("eventgrid: received CloudEvents parse with the cloudevents SDK and match what was sent", self.read_back_cloud_events)
        h.check("eventgrid: received Event Grid events match what was sent", self.read_back_eventgrid_events)
        h.check("eventgrid: sink counters saw the refusals", self.counters)

    def _cloud_events(self, label):
        events = [
            CloudEvent(source=f"/crosscheck/{self.run_id}/twin-{i}", type="Microsoft.DigitalTwins.Twin.Update",
                       data={"patch": [{"op": "replace", "path": "/t", "value": i}], "text": "é & <tag> \"q\" 'a' %+"},
                       subject=f"twin-{i}", datacontenttype="application/json",
                       extensions={"traceparent": TRACEPARENT, "crosscheckrun": self.run_id, "crosscheckseq": i})
            for i in range(5)
        ]
        events.append(CloudEvent(source=f"/crosscheck/{self.run_id}/binary", type="Crosscheck.Binary",
                                 data=bytes([0, 1, 2, 254, 255]), datacontenttype="application/octet-stream"))
        for event in events:
            self.sent_cloud_events[str(event.id)] = (label, event)
        return events

    def cloud_events_with_key(self):
        client = EventGridPublisherClient(self.topic_url(CLOUDEVENTS_TOPIC), AzureKeyCredential(TOPIC_KEY))
        client.send(self._cloud_events("key"))

    def _sas(self, topic, hours=1):
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours)
        return generate_sas(self.topic_url(topic), TOPIC_KEY, expiry)

    def cloud_events_with_sas(self):
        client = EventGridPublisherClient(self.topic_url(CLOUDEVENTS_TOPIC), AzureSasCredential(self._sas(CLOUDEVENTS_TOPIC)))
        client.send(self._cloud_events("sas"))

    def _eventgrid_events(self, label):
        events = [
            EventGridEvent(subject=f"twin-{i}", event_type="Microsoft.DigitalTwins.Twin.Update",
                           data={"data": {"n": i}, "contenttype": "application/json", "traceparent": TRACEPARENT},
                           data_version="1.0")
            for i in range(4)
        ]
        for event in events:
            self.sent_eventgrid_events[str(event.id)] = (label, event)
        return events

    def eventgrid_events_with_key(self):
        client = EventGridPublisherClient(self.topic_url(EVENTGRID_TOPIC), AzureKeyCredential(TOPIC_KEY))
        client.send(self._eventgrid_events("key"))

    def eventgrid_events_with_sas(self):
        client = EventGridPublisherClient(self.topic_url(EVENTGRID_TOPIC), AzureSasCredential(self._sas(EVENTGRID_TOPIC)))
        client.send(self._eventgrid_events("sas"))

    def _expect_refusal(self, client, events, exception_type, status, what):
        try:
            client.send(events)
        except exception_type as error:
            expect_equal(error.status_code, status, f"{what}: status")
            body = error.response.text()
            expect(json.loads(body)["error"]["message"], f"{what}: Event Grid error body with a message")
            return
        raise CheckFailure(f"{what}: expected HTTP {status}, but the send succeeded")

    def _probe_event(self):
        return [CloudEvent(source="/crosscheck/refused", type="Crosscheck.Refused", data={"refused": True})]

    def wrong_key(self):
        client = EventGridPublisherClient(self.topic_url(CLOUDEVENTS_TOPIC), AzureKeyCredential("d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk="))
        self._expect_refusal(client, self._probe_event(), ClientAuthenticationError, 401, "wrong key")

    def expired_sas(self):
        client = EventGridPublisherClient(self.topic_url(CLOUDEVENTS_TOPIC), AzureSasCredential(self._sas(CLOUDEVENTS_TOPIC, hours=-1)))
        self._expect_refusal(client, self._probe_event(), ClientAuthenticationError, 401, "expired SAS")

    def sas_for_other_topic(self):
        client = EventGridPublisherClient(self.topic_url(CLOUDEVENTS_TOPIC), AzureSasCredential(self._sas(EVENTGRID_TOPIC)))
        self._expect_refusal(client, self._probe_event(), ClientAuthenticationError, 401, "SAS for another topic")

    def schema_mismatch(self):
        client = EventGridPublisherClient(self.topic_url(EVENTGRID_TOPIC), AzureKeyCredential(TOPIC_KEY))
        self._expect_refusal(client, self._probe_event(), HttpResponseError, 400, "CloudEvents to an Event Grid schema topic")

    def unknown_topic(self):
        # azure-eventgrid replaces the 404 with its own ResourceNotFoundError (no response attached), so the status
        # and body are checked on the wire as well.
        client = EventGridPublisherClient(self.topic_url("no-such-topic"), AzureKeyCredential(TOPIC_KEY))
        try:
            client.send(self._probe_event())
        except ResourceNotFoundError:
            pass
        else:
            raise CheckFailure("unknown topic: the SDK did not raise ResourceNotFoundError")
        response = requests.post(self.topic_url("no-such-topic") + "?api-version=2018-01-01", data=b"[]",
                                 headers={"aeg-sas-key": TOPIC_KEY, "Content-Type": "application/cloudevents-batch+json; charset=utf-8"},
                                 timeout=30)
        expect_equal(response.status_code, 404, "unknown topic: status")
        expect_equal(response.json()["error"]["code"], "NotFound", "unknown topic: error code")

    def read_back_cloud_events(self):
        records = [r for r in sinks.received(self.endpoint, CLOUDEVENTS_TOPIC) if r["event"].get("id") in self.sent_cloud_events]
        expect_equal(len(records), len(self.sent_cloud_events), "CloudEvents received from this run")
        expect_equal([r["event"]["id"] for r in records], list(self.sent_cloud_events), "arrival order")
        for record in records:
            expect(record["contentType"].startswith("application/cloudevents-batch+json"), f"content type {record['contentType']}")
            parsed = cloudevent_from_json(json.dumps(record["event"]))
            _, sent = self.sent_cloud_events[parsed["id"]]
            expect_equal(parsed["specversion"], "1.0", "specversion")
            expect_equal(parsed["source"], sent.source, "source")
            expect_equal(parsed["type"], sent.type, "type")
            expect_equal(parsed.get("subject"), sent.subject, "subject")
            expect_equal(parsed.get("datacontenttype"), sent.datacontenttype, "datacontenttype")
            expect_equal(parsed.data, sent.data, f"data of {parsed['id']}")
            for name, value in (sent.extensions or {}).items():
                expect_equal(parsed.get(name), value, f"extension {name}")
            expect(parsed.get("time"), "time is carried")

    def read_back_eventgrid_events(self):
        records = [r for r in sinks.received(self.endpoint, EVENTGRID_TOPIC) if r["event"].get("id") in self.sent_eventgrid_events]
        expect_equal(len(records), len(self.sent_eventgrid_events), "Event Grid events received from this run")
        for record in records:
            event = record["event"]
            _, sent = self.sent_eventgrid_events[event["id"]]
            expect_equal(record["kind"], "eventGridEvent", "record kind")
            expect_equal(event["subject"], sent.subject, "subject")
            expect_equal(event["eventType"], sent.event_type, "eventType")
            expect_equal(event["dataVersion"], sent.data_version, "dataVersion")
            expect_equal(event["data"], sent.data, "data")
            expect(event["eventTime"], "eventTime is carried")

    def counters(self):
        topic = sinks.counters(self.endpoint, CLOUDEVENTS_TOPIC)
        for reason in ("invalidCredential", "expiredToken", "wrongResource"):
            expect(topic["rejected"].get(reason, 0) >= 1, f"{CLOUDEVENTS_TOPIC} counted a '{reason}' refusal: {topic}")
        eventgrid = sinks.counters(self.endpoint, EVENTGRID_TOPIC)
        expect(eventgrid["rejected"].get("schemaMismatch", 0) >= 1, f"{EVENTGRID_TOPIC} counted the schema mismatch: {eventgrid}")
