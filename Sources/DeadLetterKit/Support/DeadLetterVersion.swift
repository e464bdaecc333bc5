/// The version reported by `deadletter --version` and sent in `User-Agent: deadletter/<version>`.
public enum DeadLetterVersion {
    public static let current = "0.1.0"
}
