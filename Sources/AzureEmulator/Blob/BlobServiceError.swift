import AzureCore
import Foundation

/// An Azure Storage error answer: status, `x-ms-error-code`, and the XML body Azure writes
/// (`<Error><Code>…</Code><Message>…\nRequestId:…\nTime:…</Message>[details]</Error>`, see Fixtures/listings/errors/).
/// Azure also uses the message as the HTTP reason phrase.
struct BlobServiceError: Error, Sendable, CustomStringConvertible {
    var status: Int
    var code: String
    var message: String
    /// Extra elements after `Message`, in order (e.g. `AuthenticationErrorDetail`, `QueryParameterName`).
    var details: [(name: String, value: String)] = []
    var headers: [(name: String, value: String)] = []

    var description: String { "\(status) \(code): \(message)" + details.map { " \($0.name)=\($0.value)" }.joined() }

    func response(requestID: String, time: Date, includeBody: Bool) -> EmulatorResponse {
        var response = EmulatorResponse(status: status, headers: headers + [("x-ms-error-code", code)])
        response.reasonPhrase = message
        guard includeBody else { return response }
        var xml = XMLDocumentText.declaration
        xml += "<Error><Code>\(ListingXMLEscaping.text(code))</Code><Message>\(ListingXMLEscaping.text(message))\nRequestId:\(requestID)\nTime:\(AzureTimestamp.iso8601(time))</Message>"
        for (name, value) in details { xml += "<\(name)>\(ListingXMLEscaping.text(value))</\(name)>" }
        xml += "</Error>"
        response.headers.append(("Content-Type", "application/xml"))
        response.body = XMLDocumentText.bytesWithBOM(xml)
        return response
    }
}

/// Azure's error catalogue, with the exact messages Azure sends (Azurite's StorageErrorFactory and the recorded
/// answers in Fixtures/listings/errors/).
extension BlobServiceError {
    static func containerNotFound() -> Self { Self(status: 404, code: "ContainerNotFound", message: "The specified container does not exist.") }
    static func containerAlreadyExists() -> Self { Self(status: 409, code: "ContainerAlreadyExists", message: "The specified container already exists.") }
    static func blobNotFound() -> Self { Self(status: 404, code: "BlobNotFound", message: "The specified blob does not exist.") }
    static func blobAlreadyExists() -> Self { Self(status: 409, code: "BlobAlreadyExists", message: "The specified blob already exists.") }
    static func resourceNotFound() -> Self { Self(status: 404, code: "ResourceNotFound", message: "The specified resource does not exist.") }
    static func conditionNotMet() -> Self { Self(status: 412, code: "ConditionNotMet", message: "The condition specified using HTTP conditional header(s) is not met.") }
    static func notModified() -> Self { Self(status: 304, code: "ConditionNotMet", message: "The condition specified using HTTP conditional header(s) is not met.") }

    static func invalidRange(length: Int64) -> Self {
        Self(status: 416, code: "InvalidRange", message: "The range specified is invalid for the current size of the resource.",
             headers: [("Content-Range", "bytes */\(length)")])
    }

    static func invalidQueryParameter(_ name: String, value: String, reason: String) -> Self {
        Self(status: 400, code: "InvalidQueryParameterValue",
             message: "Value for one of the query parameters specified in the request URI is invalid.",
             details: [("QueryParameterName", name), ("QueryParameterValue", value), ("Reason", reason)])
    }

    static func outOfRangeQueryParameter(_ name: String, value: String, minimum: Int, maximum: Int) -> Self {
        Self(status: 400, code: "OutOfRangeQueryParameterValue",
             message: "One of the query parameters specified in the request URI is outside the permissible range.",
             details: [("QueryParameterName", name), ("QueryParameterValue", value),
                       ("MinimumAllowed", String(minimum)), ("MaximumAllowed", String(maximum))])
    }

    static func invalidHeader(_ name: String, value: String) -> Self {
        Self(status: 400, code: "InvalidHeaderValue", message: "The value for one of the HTTP headers is not in the correct format.",
             details: [("HeaderName", name), ("HeaderValue", value)])
    }

    static func missingHeader(_ name: String) -> Self {
        Self(status: 400, code: "MissingRequiredHeader", message: "An HTTP header that's mandatory for this request is not specified.",
             details: [("HeaderName", name)])
    }

    static func invalidURI() -> Self { Self(status: 400, code: "InvalidUri", message: "The requested URI does not represent any resource on the server.") }

    static func unsupportedVerb(_ verb: String) -> Self {
        Self(status: 405, code: "UnsupportedHttpVerb", message: "The resource doesn't support specified Http Verb.",
             headers: [("Allow", "GET, HEAD, PUT, DELETE")])
    }

    static func notImplemented(_ what: String) -> Self {
        Self(status: 501, code: "NotImplemented", message: "The emulator does not implement \(what).")
    }

    static func invalidResourceName() -> Self { Self(status: 400, code: "InvalidResourceName", message: "The specifed resource name contains invalid characters.") }
    static func nameTooLong() -> Self { Self(status: 400, code: "OutOfRangeInput", message: "The specified resource name length is not within the permissible limits.") }
    static func invalidMetadata() -> Self { Self(status: 400, code: "InvalidMetadata", message: "The metadata specified is invalid. It has characters that are not permitted.") }
    static func metadataTooLarge() -> Self { Self(status: 400, code: "MetadataTooLarge", message: "The size of the specified metadata exceeds the maximum size permitted.") }
    static func invalidTag(_ reason: String) -> Self { Self(status: 400, code: "InvalidTag", message: "The tags specified are invalid. \(reason)") }
    static func invalidXML() -> Self { Self(status: 400, code: "InvalidXmlDocument", message: "XML specified is not syntactically valid.") }

    static func md5Mismatch(userSpecified: String, calculated: String) -> Self {
        Self(status: 400, code: "Md5Mismatch", message: "The MD5 value specified in the request did not match with the MD5 value calculated by the server.",
             details: [("UserSpecifiedMd5", userSpecified), ("ServerCalculatedMd5", calculated)])
    }

    static func cannotVerifyCopySource(status: Int, message: String) -> Self {
        Self(status: status, code: "CannotVerifyCopySource", message: message)
    }

    static func invalidBlockList() -> Self {
        Self(status: 400, code: "InvalidBlockList", message: "The specified block list is invalid.")
    }
    static func invalidBlockID(_ id: String) -> Self {
        Self(status: 400, code: "InvalidQueryParameterValue", message: "Value for one of the query parameters specified in the request URI is invalid.",
             details: [("QueryParameterName", "blockid"), ("QueryParameterValue", id), ("Reason", "Not a valid base64 string of at most 64 bytes.")])
    }
    static func requestBodyTooLarge(limit: Int) -> Self {
        Self(status: 413, code: "RequestBodyTooLarge", message: "The request body is too large and exceeds the maximum permissible limit.",
             details: [("MaxLimit", String(limit))])
    }

    static func internalError(_ reason: String) -> Self {
        Self(status: 500, code: "InternalError", message: "Server encountered an internal error. Please try again after some time.",
             details: [("EmulatorDetail", reason)])
    }
}
