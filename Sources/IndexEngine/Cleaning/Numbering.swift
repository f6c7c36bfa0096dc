/// Numbers keys 0, 1, 2, … in order of first appearance, for the rows of a price file.
///
/// Files run date by date (every symbol each day, in the same order) or symbol by symbol, so each key
/// is nearly always the one that followed the previous key last time: that guess is checked with one
/// comparison, and only a wrong guess hashes.
public struct Numbering<Key: Hashable> {
    /// Every key numbered so far, by number.
    public var keys: [Key] { numbered }
    @usableFromInline var numbered: [Key] = []
    @usableFromInline var numbers: [Key: Int] = [:]
    /// For each number, the number of the key that followed it last time (-1 before any).
    @usableFromInline var successors: [Int] = []
    @usableFromInline var previous = -1

    public init() {}

    /// The number of `key`, numbering it when new.
    @inlinable
    public mutating func number(of key: Key) -> Int {
        if previous >= 0 {
            let guess = successors[previous]
            if guess >= 0, numbered[guess] == key {
                previous = guess
                return guess
            }
        }
        let number: Int
        if let known = numbers[key] {
            number = known
        } else {
            number = numbered.count
            numbers[key] = number
            numbered.append(key)
            successors.append(-1)
        }
        if previous >= 0 { successors[previous] = number }
        previous = number
        return number
    }
}

extension Numbering: Sendable where Key: Sendable {}
