/// A raw query string (without `?`) decoded the way dockerd decodes it: Go's `url.ParseQuery`.
///
/// Pairs are separated by `&`; a pair without `=` has an empty value; empty pairs are skipped. Names and
/// values are percent-decoded once, with `+` as a space. Names match case-sensitively, as Go's
/// `r.Form.Get` does, so `FromImage` is not `fromImage`.
///
/// Parsing fails, and the caller must refuse the request, where Go's parser reports an error and dockerd
/// answers 400: a `%` not followed by two hex digits, or a `;` in a pair (Go drops such a pair but still
/// fails, so guessing what dockerd would see is pointless). It also fails on decoded bytes that are not
/// UTF-8: Go keeps them as bytes, and a policy must not compare a lossy copy of what dockerd compares.
struct QueryParameters: Sendable, Equatable {
    /// Every pair in request order, duplicates kept.
    private(set) var pairs: [(name: String, value: String)] = []

    /// Why a query string could not be decoded; the message names the part at fault.
    enum Failure: Error, Equatable {
        case invalidPercentEncoding
        case semicolonSeparator
        case invalidUTF8

        var message: String {
            switch self {
            case .invalidPercentEncoding: "the query string has an invalid percent-encoding"
            case .semicolonSeparator: "the query string uses ';' as a separator"
            case .invalidUTF8: "the query string decodes to invalid UTF-8"
            }
        }
    }

    /// Decodes `query`; nil means no query string at all.
    init(parsing query: String?) throws(Failure) {
        guard let query else { return }
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if pair.contains(UInt8(ascii: ";")) {
                throw .semicolonSeparator
            }
            let name: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            let bytes = ArraySlice(pair)
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                name = bytes[..<equals]
                value = bytes[(equals + 1)...]
            } else {
                name = bytes
                value = []
            }
            pairs.append((try Self.decode(name), try Self.decode(value)))
        }
    }

    /// Every value given for `name`, in request order.
    func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The value dockerd reads for `name` (Go's `r.Form.Get`: the first one), or "" when absent.
    func first(_ name: String) -> String {
        pairs.first { $0.name == name }?.value ?? ""
    }

    static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) throws(Failure) -> String {
        let decoded: [UInt8]
        do {
            decoded = try PercentEncoding.decode(bytes, plusAsSpace: true)
        } catch {
            throw .invalidPercentEncoding
        }
        guard let string = String(validating: decoded, as: UTF8.self) else {
            throw .invalidUTF8
        }
        return string
    }
}
