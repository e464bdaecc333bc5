#ifndef DEADLETTER_CFUZZERDRIVER_H
#define DEADLETTER_CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that have their own `main` (LLVM >= 11): parses libFuzzer's flags from the
/// command line and fuzzes `test_one_input`. SwiftPM gives every executable target a `main` of its own (it links
/// `--defsym main=<module>_main` so that tests can import executables), so the fuzzers cannot use libFuzzer's `main`
/// and start the driver from `main.swift` instead.
int deadletter_fuzzer_run(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif
