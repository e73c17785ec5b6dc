extension StringProtocol {
    /// Without leading and trailing ASCII whitespace (space, tab, CR, LF), as the Go sockguard's
    /// `strings.TrimSpace` leaves policy values such as modes, roles and addresses.
    func asciiTrimmed() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let start = firstIndex { !isSpace($0) } ?? endIndex
        let end = lastIndex { !isSpace($0) }.map(index(after:)) ?? start
        return self[start..<end]
    }
}
