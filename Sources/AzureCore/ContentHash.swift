import Crypto
import Foundation

/// Content digests as Azure Storage uses them: `Content-MD5` (base64 of MD5, which Storage still computes for
/// integrity, not security) and SHA-256 for stable file names.
public enum ContentHash {
    public static func md5Base64<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        Data(Insecure.MD5.hash(data: Array(bytes))).base64EncodedString()
    }

    public static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
