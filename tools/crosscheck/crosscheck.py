"""Cross-checks the local Azure emulator against Microsoft's Python SDKs, and writes the SDKs' signatures for fixed
inputs (`--oracle-out`) so Swift tests can compare AzureCore with them. Run through tools/sdk-crosscheck."""

import argparse
import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Harness, expect  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint", help="emulator base URL, e.g. http://127.0.0.1:10000 (omit with --oracle-only)")
    parser.add_argument("--oracle-out", metavar="FILE", help="write the SDK oracle JSON to FILE")
    parser.add_argument("--oracle-only", action="store_true", help="only write the oracle; do not talk to an emulator")
    parser.add_argument("--only", choices=["blob", "eventgrid", "messaging"], action="append",
                        help="run only these groups of checks (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of failed checks")
    args = parser.parse_args()

    harness = Harness(verbose=args.verbose)
    if args.oracle_out:
        import oracle

        document = harness.check(f"oracle: SDK signatures written to {args.oracle_out}", oracle.write, args.oracle_out)
        if document is not None:
            harness.check("oracle: Shared Key signatures re-sign to the SDK's Authorization", _oracle_self_check, document)
    if args.oracle_only:
        return harness.summary()
    if not args.endpoint:
        parser.error("--endpoint is required unless --oracle-only is given")

    endpoint = args.endpoint.rstrip("/")
    run_id = uuid.uuid4().hex[:12]
    groups = args.only or ["blob", "eventgrid", "messaging"]
    print(f"crosscheck: emulator {endpoint}, run {run_id}", flush=True)
    if "blob" in groups:
        from checks_blob import BlobChecks

        BlobChecks(harness, endpoint, run_id).run()
    if "eventgrid" in groups:
        from checks_eventgrid import EventGridChecks

        EventGridChecks(harness, endpoint, run_id).run()
    if "messaging" in groups:
        from checks_messaging import MessagingChecks

        MessagingChecks(harness, endpoint, run_id).run()
    for name, detail in harness.failures:
        print(f"failed: {name}: {detail}", file=sys.stderr)
    return harness.summary()


def _oracle_self_check(document):
    """The captured string-to-sign must be what the SDK signed: re-signing it gives the SDK's own header."""
    from azure.storage.blob._shared import sign_string

    for case in document["sharedKey"]:
        signature = sign_string(case["accountKey"], case["stringToSign"])
        expect(case["authorization"] == f"SharedKey {case['account']}:{signature}", f"{case['name']}: captured string-to-sign differs")
    json.dumps(document)


if __name__ == "__main__":
    sys.exit(main())
