import AzureCore
import Foundation

/// Deterministic names and bodies for blobs the bench seeds into an in-process emulator (the listing page and
/// the walk container). Bodies are compact ADT Twin.Update CloudEvents of the size real ones have.
struct BenchSampleBlobs {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

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
