import Foundation

/// Where a scan reads dead letters from: the SOURCE argument of every command.
public enum ScanSource: Sendable {
    /// A container, remote (the Azure client) or a local mirror directory; both list and read blobs.
    case container(lister: any BlobLister, reader: any BlobReader, description: String)
    /// A JSONL file written by `deadletter export` (gzip or not), or `-` for standard input.
    case exportFile(path: String)

    public var description: String {
        switch self {
        case .container(_, _, let description): return description
        case .exportFile(let path): return path == "-" ? "standard input" : path
        }
    }
}

/// What a SOURCE argument names, decided before any credential is looked at.
public enum SourceArgument: Sendable, Equatable {
    case containerURL(String)
    case localMirror(directory: String)
    case exportFile(path: String)

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notFound(String)
        public var description: String {
            switch self {
            case .notFound(let path):
                return "SOURCE '\(path)' is neither a container URL (http[s]://…), a directory that mirrors a container, nor a JSONL export file"
            }
        }
    }

    /// `http(s)://…` is a container; `-` or an existing file is an export; an existing directory is a mirror.
    public static func classify(_ text: String, fileManager: FileManager = .default) throws -> SourceArgument {
        let lower = text.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") { return .containerURL(text) }
        if text == "-" { return .exportFile(path: "-") }
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: text, isDirectory: &isDirectory) else { throw Failure.notFound(text) }
        return isDirectory.boolValue ? .localMirror(directory: text) : .exportFile(path: text)
    }
}
