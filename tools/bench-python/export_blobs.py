#!/usr/bin/env python3
"""Baseline for the emulator export benchmark (issue 5 b): what a user would write with azure-storage-blob to export
a dead-letter container to JSONL. Lists every blob, downloads them on a thread pool (32 threads, the HTTP connection
pool sized to match so connections are reused), and writes one line per blob in listing order:
{"blob","index","lastModified","etag","event"} with the blob's JSON re-serialized compactly by orjson.

The connection string comes from AZURE_STORAGE_CONNECTION_STRING (never the command line).
"""
import argparse
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import orjson
import requests
from azure.core.pipeline.transport import RequestsTransport
from azure.storage.blob import ContainerClient


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--container", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    logging.getLogger("azure").setLevel(logging.WARNING)

    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=args.threads)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    container = ContainerClient.from_connection_string(os.environ["AZURE_STORAGE_CONNECTION_STRING"], args.container,
                                                       transport=RequestsTransport(session=session, session_owner=False))

    def download(blob):
        body = container.download_blob(blob.name, max_concurrency=1).readall()
        return blob, body

    count = 0
    with open(args.out, "wb", buffering=1 << 20) as out, ThreadPoolExecutor(max_workers=args.threads) as pool:
        for blob, body in pool.map(download, container.list_blobs()):
            record = {"blob": blob.name, "index": 0, "lastModified": blob.last_modified.isoformat(), "etag": blob.etag,
                      "event": orjson.loads(body)}
            out.write(orjson.dumps(record))
            out.write(b"\n")
            count += 1
    sys.stdout.write(f"{count}\n")


if __name__ == "__main__":
    main()
