"""Reading back what the emulator's publish sinks accepted (`GET /_emulator/sinks/<name>/received`)."""

import json

import requests


def received(endpoint, sink):
    response = requests.get(f"{endpoint}/_emulator/sinks/{sink}/received", timeout=30)
    if response.status_code != 200:
        raise AssertionError(f"GET /_emulator/sinks/{sink}/received answered {response.status_code}: {response.text[:300]}")
    return [json.loads(line) for line in response.content.decode("utf-8").splitlines() if line.strip()]


def counters(endpoint, sink):
    response = requests.get(f"{endpoint}/_emulator/sinks/{sink}/counters", timeout=30)
    if response.status_code != 200:
        raise AssertionError(f"GET /_emulator/sinks/{sink}/counters answered {response.status_code}: {response.text[:300]}")
    return response.json()
