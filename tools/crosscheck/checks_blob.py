"""Blob service checks through azure-storage-blob: upload, flat and hierarchical listing, download, delete, SAS."""

import datetime
import hashlib
import math

from azure.core.exceptions import HttpResponseError
from azure.storage.blob import (
    AccountSasPermissions,
    BlobPrefix,
    BlobServiceClient,
    ContainerClient,
    ContainerSasPermissions,
    ContentSettings,
    ResourceTypes,
    generate_account_sas,
    generate_container_sas,
)

from harness import expect, expect_equal, expect_status

ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
PAGE_SIZE = 7

# Names a dead-letter container can hold that trip naive encoders: XML specials, %, +, spaces, non-ASCII.
SPECIAL_NAMES = [
    "special/a&b.json",
    "special/<tag>.json",
    'special/"quoted".json',
    "special/it's.json",
    "special/100%.json",
    "special/100%25.json",
    "special/a+b c.json",
    "special/with space/inner.json",
    "special/ünïcødé-日本語.json",
    "special/emoji-😀.json",
    "special/&<>\"'%+ mix.json",
    "top-level&name.json",
]


def blob_names():
    names = [f"ep1/2024/01/05/{hour:02d}/{index:03d}.json" for hour in range(10, 15) for index in range(50)]
    names += [f"ep2/2024/01/06/09/{index}.json" for index in range(40)]
    return names + SPECIAL_NAMES


def azure_order(names):
    """List Blobs orders names by their UTF-8 bytes."""
    return sorted(names, key=lambda name: name.encode("utf-8"))


def walk_order(names, prefix=""):
    """The order `walk_blobs` yields: per level (one page here), the SDK puts every BlobPrefix before the blobs
    (`current_page = blob_prefixes + blob_items` in azure-storage-blob), each group in the service's UTF-8 order."""
    prefixes, blobs = set(), []
    for name in names:
        if not name.startswith(prefix):
            continue
        rest = name[len(prefix):]
        if "/" in rest:
            prefixes.add(prefix + rest.split("/", 1)[0] + "/")
        else:
            blobs.append(name)
    order = []
    for child in azure_order(prefixes):
        order.extend(walk_order(names, child))
    return order + azure_order(blobs)


def blob_bytes(name):
    """Deterministic content per name; every 25th blob is binary so byte-exact download matters."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    if int(digest[:2], 16) % 25 == 0:
        return bytes(range(256)) + digest.encode()
    return ('{"id":"%s","name":%s,"data":{"n":%d}}' % (digest[:16], _json_string(name), len(name))).encode("utf-8")


def _json_string(text):
    import json

    return json.dumps(text, ensure_ascii=False)


class BlobChecks:
    def __init__(self, harness, endpoint, run_id):
        self.h = harness
        self.blob_endpoint = f"{endpoint}/{ACCOUNT}"
        self.connection_string = (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};BlobEndpoint={self.blob_endpoint};"
        )
        self.container_name = f"crosscheck-{run_id}"
        self.names = blob_names()
        self.service = None
        self.container = None
        self.remaining = list(self.names)

    def run(self):
        h = self.h
        if h.check("blob: connect with connection string and create container", self.create_container) is None:
            return
        h.check(f"blob: upload {len(self.names)} blobs (incl. & < > \" ' % + spaces non-ASCII)", self.upload)
        h.check(f"blob: flat list with results_per_page={PAGE_SIZE} pages and orders like Azure", self.list_flat)
        h.check("blob: list with prefix and include=metadata", self.list_prefix_with_metadata)
        h.check("blob: walk_blobs hierarchy (delimiter '/') yields every blob once, in the SDK's order", self.walk)
        h.check("blob: top level of walk_blobs shows prefixes and root blobs", self.walk_top_level)
        h.check("blob: download every blob byte-exact", self.download_all)
        h.check("blob: ranged download", self.ranged_download)
        h.check("blob: block upload (Put Block + Put Block List, 8 parallel blocks) downloads byte-exact", self.block_upload)
        h.check("blob: properties (size, content type, metadata)", self.properties)
        h.check("blob: delete some, listing reflects it", self.delete_some)
        h.check("blob: deleted blob answers 404 BlobNotFound", self.deleted_is_404)
        h.check("blob: container SAS (r+l) from generate_container_sas lists and reads", self.container_sas_list)
        h.check("blob: container SAS without 'l' is refused for listing (403)", self.container_sas_without_list)
        h.check("blob: expired container SAS is refused (403)", self.expired_container_sas)
        h.check("blob: account SAS (r+l) from generate_account_sas lists and reads", self.account_sas_list)
        h.check("blob: account SAS without 'l' is refused for listing (403)", self.account_sas_without_list)
        h.check("blob: wrong account key is refused (403)", self.wrong_key)

    def create_container(self):
        self.service = BlobServiceClient.from_connection_string(self.connection_string)
        self.container = self.service.create_container(self.container_name)
        expect_equal(self.container.get_container_properties().name, self.container_name, "container name")
        return True

    def upload(self):
        for index, name in enumerate(self.names):
            metadata = {"origin": "crosscheck", "index": str(index)} if index % 50 == 0 else None
            self.container.upload_blob(
                name, blob_bytes(name), overwrite=True, metadata=metadata,
                content_settings=ContentSettings(content_type="application/json"),
            )

    def _flat_pages(self, container, **kwargs):
        return [[blob.name for blob in page] for page in container.list_blobs(results_per_page=PAGE_SIZE, **kwargs).by_page()]

    def list_flat(self):
        pages = self._flat_pages(self.container)
        expect(all(len(page) <= PAGE_SIZE for page in pages), f"a page held more than {PAGE_SIZE} blobs")
        expect_equal(len(pages), math.ceil(len(self.names) / PAGE_SIZE), "page count")
        expect_equal([name for page in pages for name in page], azure_order(self.names), "flat listing")

    def list_prefix_with_metadata(self):
        listed = list(self.container.list_blobs(name_starts_with="ep1/2024/01/05/10/", include=["metadata"]))
        expected = azure_order([n for n in self.names if n.startswith("ep1/2024/01/05/10/")])
        expect_equal([b.name for b in listed], expected, "prefix listing")
        first = listed[0]
        expect_equal(dict(first.metadata or {}), {"origin": "crosscheck", "index": "0"}, f"metadata of {first.name}")
        expect_equal(first.size, len(blob_bytes(first.name)), f"size of {first.name}")

    def _walk(self, prefix=""):
        leaves = []
        for item in self.container.walk_blobs(name_starts_with=prefix, delimiter="/"):
            if isinstance(item, BlobPrefix):
                leaves.extend(self._walk(item.name))
            else:
                leaves.append(item.name)
        return leaves

    def walk(self):
        walked = self._walk()
        expect_equal(sorted(walked), sorted(self.names), "blobs reached by the walk")
        expect_equal(walked, walk_order(self.names), "hierarchical walk order")

    def walk_top_level(self):
        top = [item.name for item in self.container.walk_blobs(delimiter="/")]
        expect_equal(top, ["ep1/", "ep2/", "special/", "top-level&name.json"], "top level")

    def download_all(self):
        for name in self.names:
            data = self.container.download_blob(name).readall()
            expect_equal(data, blob_bytes(name), f"bytes of {name!r}")

    def block_upload(self):
        # Above max_single_put_size the SDK stages blocks and commits a block list (64 MB by default; small here).
        client = BlobServiceClient.from_connection_string(self.connection_string, max_single_put_size=64 * 1024,
                                                          max_block_size=16 * 1024)
        container = client.get_container_client(self.container_name)
        data = bytes((i * 7 + i // 251) % 256 for i in range(300 * 1024 + 123))
        name = "blocks/large.bin"
        container.upload_blob(name, data, overwrite=True, max_concurrency=8, metadata={"upload": "blocks"})
        expect_equal(container.download_blob(name).readall(), data, "bytes of a block-uploaded blob")
        expect_equal(dict(container.get_blob_client(name).get_blob_properties().metadata), {"upload": "blocks"}, "metadata")
        container.delete_blob(name)

    def ranged_download(self):
        name = "special/ünïcødé-日本語.json"
        data = blob_bytes(name)
        expect_equal(self.container.download_blob(name, offset=5, length=10).readall(), data[5:15], "range 5..14")
        expect_equal(self.container.download_blob(name, offset=len(data) - 3).readall(), data[-3:], "tail range")

    def properties(self):
        name = self.names[0]
        props = self.container.get_blob_client(name).get_blob_properties()
        expect_equal(props.size, len(blob_bytes(name)), "size")
        expect_equal(props.content_settings.content_type, "application/json", "content type")
        expect_equal(dict(props.metadata), {"origin": "crosscheck", "index": "0"}, "metadata")
        expect(props.etag, "an ETag")

    def delete_some(self):
        doomed = [name for index, name in enumerate(self.names) if index % 9 == 0] + ["special/a&b.json", "special/100%.json"]
        for name in doomed:
            self.container.delete_blob(name)
        doomed_set = set(doomed)
        self.remaining = [name for name in self.names if name not in doomed_set]
        names = [name for page in self._flat_pages(self.container) for name in page]
        expect_equal(names, azure_order(self.remaining), "listing after delete")

    def deleted_is_404(self):
        error = expect_status(lambda: self.container.download_blob("special/a&b.json").readall(), 404, "download of a deleted blob")
        expect_equal(error.error_code, "BlobNotFound", "error code")

    def _sas_container(self, sas):
        return ContainerClient.from_container_url(f"{self.blob_endpoint}/{self.container_name}?{sas}")

    def _expiry(self, hours=1):
        return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours)

    def container_sas_list(self):
        sas = generate_container_sas(ACCOUNT, self.container_name, account_key=ACCOUNT_KEY,
                                     permission=ContainerSasPermissions(read=True, list=True), expiry=self._expiry())
        client = self._sas_container(sas)
        names = [name for page in self._flat_pages(client) for name in page]
        expect_equal(names, azure_order(self.remaining), "listing through container SAS")
        name = "special/&<>\"'%+ mix.json"
        expect_equal(client.download_blob(name).readall(), blob_bytes(name), "download through container SAS")

    def container_sas_without_list(self):
        sas = generate_container_sas(ACCOUNT, self.container_name, account_key=ACCOUNT_KEY,
                                     permission=ContainerSasPermissions(read=True), expiry=self._expiry())
        client = self._sas_container(sas)
        expect_status(lambda: list(client.list_blobs()), 403, "listing with a read-only SAS")
        name = self.remaining[0]
        expect_equal(client.download_blob(name).readall(), blob_bytes(name), "the same SAS still reads")

    def expired_container_sas(self):
        sas = generate_container_sas(ACCOUNT, self.container_name, account_key=ACCOUNT_KEY,
                                     permission=ContainerSasPermissions(read=True, list=True), expiry=self._expiry(hours=-1))
        expect_status(lambda: list(self._sas_container(sas).list_blobs()), 403, "listing with an expired SAS")

    def account_sas_list(self):
        sas = generate_account_sas(ACCOUNT, ACCOUNT_KEY, resource_types=ResourceTypes(container=True, object=True),
                                   permission=AccountSasPermissions(read=True, list=True), expiry=self._expiry())
        client = BlobServiceClient(account_url=self.blob_endpoint, credential=sas).get_container_client(self.container_name)
        names = [name for page in self._flat_pages(client) for name in page]
        expect_equal(names, azure_order(self.remaining), "listing through account SAS")
        name = "special/emoji-😀.json"
        expect_equal(client.download_blob(name).readall(), blob_bytes(name), "download through account SAS")

    def account_sas_without_list(self):
        sas = generate_account_sas(ACCOUNT, ACCOUNT_KEY, resource_types=ResourceTypes(container=True, object=True),
                                   permission=AccountSasPermissions(read=True), expiry=self._expiry())
        client = BlobServiceClient(account_url=self.blob_endpoint, credential=sas).get_container_client(self.container_name)
        expect_status(lambda: list(client.list_blobs()), 403, "listing with an account SAS lacking 'l'")

    def wrong_key(self):
        import base64

        wrong = base64.b64encode(b"not-the-devstoreaccount1-key-00").decode()
        service = BlobServiceClient(account_url=self.blob_endpoint, credential={"account_name": ACCOUNT, "account_key": wrong})
        error = expect_status(lambda: list(service.get_container_client(self.container_name).list_blobs()), 403, "wrong key")
        expect_equal(error.error_code, "AuthenticationFailed", "error code")
