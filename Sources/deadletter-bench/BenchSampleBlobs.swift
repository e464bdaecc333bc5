import Foundation

/// Deterministic names and bodies for blobs the bench seeds into an in-process emulator (the listing page and
/// the walk container). Bodies are compact ADT Twin.Update CloudEvents of the size real ones have.
struct BenchSampleBlobs {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// SplitMix64: small, fast and the same everywhere.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A version-4-shaped GUID, as ADT event ids and blob names are.
    mutating func guid() -> String {
        let high = next(), low = next()
        let hex = String(format: "%016llx%016llx", high, low)
        let characters = Array(hex)
        func part(_ range: Range<Int>) -> String { String(characters[range]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }

    mutating func eventBody(id: String, twin: String, time: String) -> [UInt8] {
        let value = Double(next() % 1200) / 100 + 16
        let trace = String(format: "%016llx%016llx", next(), next())
        let text = """
        {"specversion":"1.0","id":"\(id)","type":"Microsoft.DigitalTwins.Twin.Update",\
        "source":"contoso-adt.api.wus2.digitaltwins.azure.net","data":{"modelId":"dtmi:contoso:Room;2",\
        "patch":[{"value":\(value),"path":"/temperature","op":"replace"}]},"subject":"\(twin)",\
        "time":"\(time)","datacontenttype":"application/json","traceparent":"00-\(trace)-\(String(format: "%016llx", next()))-01"}
        """
        return Array(text.utf8)
    }
}
