"""A tiny check runner: every step is a named check with real assertions; failures are collected, not fatal."""

import traceback


class CheckFailure(AssertionError):
    pass


class Harness:
    def __init__(self, verbose=False):
        self.passed = 0
        self.failed = 0
        self.failures = []
        self.verbose = verbose

    def check(self, name, function, *args, **kwargs):
        """Runs one check; an exception of any kind marks it failed with the reason."""
        try:
            result = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - any error is a failed check, reported with its reason
            self.failed += 1
            detail = f"{type(error).__name__}: {error}"
            self.failures.append((name, detail))
            print(f"FAIL {name}: {detail}", flush=True)
            if self.verbose:
                traceback.print_exc()
            return None
        self.passed += 1
        print(f"ok   {name}", flush=True)
        return result

    def summary(self):
        print(f"crosscheck: {self.passed} passed, {self.failed} failed", flush=True)
        return 0 if self.failed == 0 else 1


def expect(condition, message):
    if not condition:
        raise CheckFailure(message)


def expect_equal(actual, expected, what):
    if actual == expected:
        return
    if isinstance(actual, list) and isinstance(expected, list):
        for index, (got, wanted) in enumerate(zip(actual, expected)):
            if got != wanted:
                raise CheckFailure(f"{what}: first difference at index {index}: expected {_short(wanted)}, got {_short(got)} "
                                   f"({len(expected)} expected, {len(actual)} got)")
        raise CheckFailure(f"{what}: expected {len(expected)} items, got {len(actual)}; "
                           f"extra/missing from index {min(len(actual), len(expected))}")
    raise CheckFailure(f"{what}: expected {_short(expected)}, got {_short(actual)}")


def expect_status(call, status, what):
    """Runs `call`, which must raise an azure-core HttpResponseError (or a requests response) with `status`."""
    from azure.core.exceptions import HttpResponseError

    try:
        call()
    except HttpResponseError as error:
        expect_equal(error.status_code, status, f"{what}: HTTP status")
        return error
    raise CheckFailure(f"{what}: expected HTTP {status}, but the call succeeded")


def _short(value, limit=300):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


