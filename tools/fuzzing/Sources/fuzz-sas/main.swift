import FuzzSupport

// A closure, not the @_cdecl function itself: referring to that from another file emits its C symbol twice.
runFuzzer { data, count in sasFuzzerTestOneInput(data, count) }
