/// The known name nearest to a misspelt one, for "did you mean" hints.
enum ClosestName {
    /// The candidate with the smallest edit distance to `name`, when it is close enough to be a likely typo
    /// (at most a third of the name's length); ties go to the first candidate in sorted order.
    static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.utf8)
        var best: (name: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(target, Array(candidate.utf8))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(2, target.count / 3) else { return nil }
        return best.name
    }

    /// Levenshtein distance over bytes (names here are ASCII).
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
