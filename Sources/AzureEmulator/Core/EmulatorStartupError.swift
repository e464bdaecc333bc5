/// Why the emulator could not start.
public enum EmulatorStartupError: Error, CustomStringConvertible, Equatable {
    case noAccounts
    case invalidAccountName(String)
    case accountKeyNotBase64(account: String)
    case invalidPort(Int)
    case invalidFaultPlan(service: EmulatorService, reason: String)
    case bindFailed(host: String, port: Int, reason: String)
    case storageUnreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .noAccounts:
            return "no storage account is configured; give at least one (the default is devstoreaccount1)"
        case .invalidAccountName(let name):
            return "account name '\(name)' is invalid: use 3–24 lowercase letters and digits"
        case .accountKeyNotBase64(let account):
            return "the key for account '\(account)' is not base64 (Azure account keys are base64 text)"
        case .invalidPort(let port):
            return "port \(port) is outside 0…65535"
        case .invalidFaultPlan(let service, let reason):
            return "the fault plan for \(service) is invalid: \(reason)"
        case .bindFailed(let host, let port, let reason):
            return "cannot listen on \(host):\(port): \(reason) (is another emulator or Azurite already running there? try --port 0)"
        case .storageUnreadable(let path, let reason):
            return "cannot use storage directory \(path): \(reason)"
        }
    }
}
