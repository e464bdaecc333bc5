#!/usr/bin/env python3
"""Baseline for the replay benchmark (issue 6): publishes the events of a `deadletter export` JSONL to an Event Grid
topic with azure-eventgrid's EventGridPublisherClient.send, as CloudEvents in batches, without the dead-letter
attributes. The topic key comes from DEADLETTER_TARGET_KEY (never the command line).
"""
import argparse
import os
import sys

import orjson
from azure.core.credentials import AzureKeyCredential
from azure.core.messaging import CloudEvent
from azure.eventgrid import EventGridPublisherClient

DEAD_LETTER = {"deadletterreason", "deliveryattempts", "lastdeliveryoutcome", "lasthttpstatuscode", "publishtime",
               "lastdeliveryattempttime", "deadletterproperties"}


def cloud_event(event):
    return CloudEvent.from_dict({k: v for k, v in event.items() if k.lower() not in DEAD_LETTER})


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    client = EventGridPublisherClient(args.endpoint, AzureKeyCredential(os.environ["DEADLETTER_TARGET_KEY"]))
    batch, sent = [], 0
    with open(args.file, "rb", buffering=1 << 20) as lines:
        for line in lines:
            if not line.strip():
                continue
            record = orjson.loads(line)
            batch.append(cloud_event(record.get("event", record)))
            if len(batch) == args.batch_size:
                client.send(batch)
                sent += len(batch)
                batch = []
    if batch:
        client.send(batch)
        sent += len(batch)
    sys.stdout.write(f"{sent}\n")


if __name__ == "__main__":
    main()
