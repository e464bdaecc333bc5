/// Rebuilds a JSON object with some members left out and others appended, every kept value copied as its exact
/// bytes, and the result compacted. Used for `--mark` and for dropping an Event Grid event's `topic`, both off the
/// common path (CloudEvents are otherwise sent as their own bytes).
enum ReplayJSONRewrite {
    static func object(_ bytes: [UInt8], dropping names: Set<String>, appending extra: (inout JSONWriter) -> Void = { _ in }) -> [UInt8] {
        let object = JSONRawValue(validatedBytes: bytes)
        var writer = JSONWriter(capacity: bytes.count + 32)
        writer.beginObject()
        object.forEachMember { name, value in
            if !names.contains(name) {
                writer.key(name)
                writer.raw(value.bytes)
            }
            return true
        }
        extra(&writer)
        writer.endObject()
        return JSONCompactor.compact(writer.bytes)
    }
}
