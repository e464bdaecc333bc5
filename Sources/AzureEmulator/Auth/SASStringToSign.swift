import AzureCore

/// Rebuilds the string a SAS was signed over from the fields that arrived, for the signed version (`sv`) the client
/// used: the field list changed in 2015-04-05, 2018-11-09 and 2020-12-06, and a verifier must follow every one that
/// SDKs still emit. Current versions go through AzureCore's signer so client and emulator share one definition.
enum SASStringToSign {
    /// Request fields by SAS parameter name (decoded).
    typealias Fields = (String) -> String

    static func service(fields value: Fields, account: String, container: String, blob: String?) -> String {
        let version = value("sv")
        let canonical = "/blob/\(account)/\(container)" + (blob.map { "/\($0)" } ?? "")
        if version >= "2020-12-06" {
            var values = StorageSASSigner.ServiceValues(permissions: value("sp"), expiry: value("se"), resource: value("sr"),
                                                        container: container, blob: blob)
            values.start = value("st")
            values.identifier = value("si")
            values.ip = value("sip")
            values.protocols = value("spr")
            values.version = version
            values.snapshotTime = ""
            values.encryptionScope = value("ses")
            values.cacheControl = value("rscc")
            values.contentDisposition = value("rscd")
            values.contentEncoding = value("rsce")
            values.contentLanguage = value("rscl")
            values.contentType = value("rsct")
            return values.stringToSign(accountName: account)
        }
        var lines = [value("sp"), value("st"), value("se"), canonical, value("si"), value("sip"), value("spr"), version]
        if version >= "2018-11-09" { lines += [value("sr"), ""] }  // signed resource, snapshot time
        lines += [value("rscc"), value("rscd"), value("rsce"), value("rscl"), value("rsct")]
        return lines.joined(separator: "\n")
    }

    static func account(fields value: Fields, account: String) -> String {
        let version = value("sv")
        if version >= "2020-12-06" {
            var values = StorageSASSigner.AccountValues(permissions: value("sp"), services: value("ss"),
                                                        resourceTypes: value("srt"), expiry: value("se"))
            values.start = value("st")
            values.ip = value("sip")
            values.protocols = value("spr")
            values.version = version
            values.encryptionScope = value("ses")
            return values.stringToSign(accountName: account)
        }
        return [account, value("sp"), value("ss"), value("srt"), value("st"), value("se"), value("sip"), value("spr"), version, ""]
            .joined(separator: "\n")
    }
}
