"""Signatures and tokens computed by Microsoft's Python SDKs for fixed inputs, written as JSON so Swift tests can
check that AzureCore produces byte-identical results. See README.md for the keys and the inputs."""

import datetime
import json
import platform
from importlib.metadata import version
from urllib.parse import quote

from azure.core.pipeline import PipelineContext, PipelineRequest
from azure.core.pipeline.transport import HttpRequest
from azure.eventgrid import generate_sas as eventgrid_generate_sas
from azure.eventhub._pyamqp.utils import generate_sas_token as eventhub_sas_token
from azure.servicebus._pyamqp.utils import generate_sas_token as servicebus_sas_token
from azure.storage.blob import generate_account_sas, generate_blob_sas, generate_container_sas
from azure.storage.blob._shared.authentication import SharedKeyCredentialPolicy
from azure.storage.blob._shared.constants import X_MS_VERSION

ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
TOPIC_KEY = "ZGVhZGxldHRlci1lbXVsYXRvci1ldmVudGdyaWQtazE="
POLICY = "RootManageSharedAccessKey"
POLICY_KEY = "ZGVhZGxldHRlci1lbXVsYXRvci1zZXJ2aWNlYnVzLTE="
START = datetime.datetime(2024, 1, 1, 0, 0, 0, tzinfo=datetime.timezone.utc)
EXPIRY = datetime.datetime(2030, 1, 1, 0, 0, 0, tzinfo=datetime.timezone.utc)
SERVICE_BUS_EXPIRY = 1893456000  # 2030-01-01T00:00:00Z
SHARED_KEY_DATE = "Fri, 05 Jan 2024 13:00:00 GMT"
SHARED_KEY_VERSION = "2021-12-02"
BLOB_NAME = "ep1/a b&c+ü.json"


def shared_key_case(name, method, url, headers):
    """Signs a request with azure-storage-blob's SharedKeyCredentialPolicy and captures its string-to-sign."""
    policy = SharedKeyCredentialPolicy(ACCOUNT, ACCOUNT_KEY)
    request = HttpRequest(method, url, headers=dict(headers))
    pipeline_request = PipelineRequest(request, PipelineContext(None))
    captured = {}
    original = policy._add_authorization_header

    def capture(req, string_to_sign):
        captured["stringToSign"] = string_to_sign
        original(req, string_to_sign)

    policy._add_authorization_header = capture
    policy.on_request(pipeline_request)
    return {
        "name": name,
        "account": ACCOUNT,
        "accountKey": ACCOUNT_KEY,
        "method": method,
        "url": url,
        "headers": [[k, v] for k, v in headers],
        "stringToSign": captured["stringToSign"],
        "authorization": request.headers["Authorization"],
    }


def sas_case(name, generate, **fields):
    captured = {}
    token = generate(sts_hook=lambda text: captured.setdefault("stringToSign", text))
    return dict(name=name, token=token, stringToSign=captured.get("stringToSign"), version=X_MS_VERSION, **fields)


def build():
    blob_path = f"/{ACCOUNT}/deadletters/{quote(BLOB_NAME, safe='~/')}"
    shared_key = [
        shared_key_case("list-blobs", "GET",
                        f"http://127.0.0.1:10000/{ACCOUNT}/deadletters?restype=container&comp=list&prefix=ep1%2F2024%2F&maxresults=7&include=metadata",
                        [("x-ms-date", SHARED_KEY_DATE), ("x-ms-version", SHARED_KEY_VERSION), ("x-ms-client-request-id", "req-1")]),
        shared_key_case("put-blob", "PUT", f"http://127.0.0.1:10000{blob_path}",
                        [("x-ms-date", SHARED_KEY_DATE), ("x-ms-version", SHARED_KEY_VERSION), ("x-ms-blob-type", "BlockBlob"),
                         ("x-ms-meta-Origin", "crosscheck"), ("Content-Type", "application/json"), ("Content-Length", "12")]),
        shared_key_case("get-blob-range", "GET", f"http://127.0.0.1:10000{blob_path}",
                        [("x-ms-date", SHARED_KEY_DATE), ("x-ms-version", SHARED_KEY_VERSION), ("x-ms-range", "bytes=0-99"),
                         ("If-Match", '"0x8DC0D1E2F3A4B5C"')]),
    ]
    service_sas = [
        sas_case("container", lambda **kw: generate_container_sas(ACCOUNT, "deadletters", account_key=ACCOUNT_KEY, permission="rl",
                                                                     expiry=EXPIRY, start=START, **kw),
                 account=ACCOUNT, accountKey=ACCOUNT_KEY, container="deadletters", blob=None, permission="rl",
                 start="2024-01-01T00:00:00Z", expiry="2030-01-01T00:00:00Z", resource="c"),
        sas_case("blob", lambda **kw: generate_blob_sas(ACCOUNT, "deadletters", BLOB_NAME, account_key=ACCOUNT_KEY, permission="r",
                                                           expiry=EXPIRY, start=START, **kw),
                 account=ACCOUNT, accountKey=ACCOUNT_KEY, container="deadletters", blob=BLOB_NAME, permission="r",
                 start="2024-01-01T00:00:00Z", expiry="2030-01-01T00:00:00Z", resource="b"),
    ]
    account_sas = sas_case("account", lambda **kw: generate_account_sas(ACCOUNT, ACCOUNT_KEY, resource_types="sco", permission="rl",
                                                                          expiry=EXPIRY, start=START, **kw),
                           account=ACCOUNT, accountKey=ACCOUNT_KEY, services="b", resourceTypes="sco", permission="rl",
                           start="2024-01-01T00:00:00Z", expiry="2030-01-01T00:00:00Z")
    eventgrid = []
    for endpoint in ("https://replay-topic.westeurope-1.eventgrid.azure.net/api/events", "http://127.0.0.1:10000/replay-topic/api/events"):
        eventgrid.append({
            "endpoint": endpoint,
            "signedResource": f"{endpoint}?apiVersion=2018-01-01",
            "key": TOPIC_KEY,
            "expiry": str(EXPIRY),
            "token": eventgrid_generate_sas(endpoint, TOPIC_KEY, EXPIRY),
        })
    messaging = []
    for sdk, factory, audience in (
        ("azure-servicebus", servicebus_sas_token, "https://crosscheck.servicebus.windows.net/replay-queue"),
        ("azure-eventhub", eventhub_sas_token, "sb://crosscheck.servicebus.windows.net/replay-hub"),
        ("azure-servicebus", servicebus_sas_token, "http://127.0.0.1:10000/replay-queue"),
    ):
        messaging.append({"sdk": sdk, "audience": audience, "keyName": POLICY, "key": POLICY_KEY, "expiry": SERVICE_BUS_EXPIRY,
                          "token": factory(audience, POLICY, POLICY_KEY, SERVICE_BUS_EXPIRY)})
    return {
        "generatedBy": {
            "python": platform.python_version(),
            **{name: version(name) for name in ("azure-core", "azure-storage-blob", "azure-eventgrid", "azure-servicebus", "azure-eventhub")},
        },
        "sharedKey": shared_key,
        "serviceSAS": service_sas,
        "accountSAS": account_sas,
        "eventGridSAS": eventgrid,
        "serviceBusSAS": messaging,
    }


def write(path):
    document = build()
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    return document
