/// The rule that tells the layouts apart when the caller does not force one.
///
/// ADT and Event Grid cannot always be told apart from a path, so the rule is explicit and the caller can override
/// it (`WalkPlan.forcedLayout`, `--layout`):
/// 1. Three or more folders before the date → `.eventGridNamespace` (namespace/topic/subscription are the last
///    three; any extra leading folders stay part of the group).
/// 2. Otherwise, if the endpoint/subscription folder (the one right before the year) contains a letter and no
///    lower-case letter (Event Grid upper-cases subscription names) **and** the file name is GUID-like (Event Grid
///    names files with a random GUID) → `.eventGrid`.
/// 3. Otherwise → `.adt`.
///
/// Known ambiguity: an ADT endpoint named in upper case whose event ids are GUIDs looks like Event Grid; force
/// `.adt` for it. The walker applies the rule once per group (with the group's first blob in output order), so every
/// blob of a group gets the same kind.
enum BlobLayoutDetection {
    static func kind(groupSegments: [String], fileStem: some StringProtocol) -> BlobLayoutKind {
        if groupSegments.count >= 3 { return .eventGridNamespace }
        let name = groupSegments.last ?? ""
        if looksUpperCased(name), isGUIDLike(fileStem) { return .eventGrid }
        return .adt
    }

    /// A letter present and no lower-case letter: `MY-BLOB-SUBSCRIPTION`, `ASB-SUB-2-STORAGE`.
    static func looksUpperCased(_ name: some StringProtocol) -> Bool {
        var sawLetter = false
        for character in name where character.isLetter {
            if character.isLowercase { return false }
            sawLetter = true
        }
        return sawLetter
    }

    /// Five hyphen-separated groups of hex digits. Deliberately not strict about group lengths: the Event Grid docs'
    /// own example (`111111111-1111-1111-1111-111111111111`) has a 9-digit first group.
    static func isGUIDLike(_ stem: some StringProtocol) -> Bool {
        let groups = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.count == 5 else { return false }
        return groups.allSatisfy { group in !group.isEmpty && group.allSatisfy { $0.isHexDigit && $0.isASCII } }
    }
}
