/// Always the same word: `.max` drives the jitter to its ceiling, `0` to zero.
struct RetryTestConstantRandom: RandomNumberGenerator, Sendable {
    let word: UInt64
    mutating func next() -> UInt64 { word }
}
