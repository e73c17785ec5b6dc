/// Which HTTP methods a rule applies to: any (`*`) or a fixed set.
///
/// Specs are written the way configs write them (`"*"`, `"GET"`, `"GET,HEAD"`, `" get , head "`): split
/// at commas, trimmed, case-insensitive. Only the methods the Docker Engine API uses are accepted, so a
/// typo such as `"GTE"` fails at load time instead of silently never matching. Matching is exact and
/// case-sensitive, as HTTP methods are: the wire method `get` is not `GET`.
public struct MethodMatcher: Sendable, Equatable, CustomStringConvertible {
    /// The methods a spec may name, in the order error messages list them.
    static let knownMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    private enum Storage: Sendable, Equatable {
        case any
        case methods(Set<String>)
    }

    private let storage: Storage

    /// Matches every method.
    public static let any = MethodMatcher(storage: .any)

    private init(storage: Storage) {
        self.storage = storage
    }

    /// Parses a comma-separated method list, or `*` for any method.
    public init(_ spec: String) throws(MethodMatcherError) {
        var methods: Set<String> = []
        var sawAny = false
        for rawToken in spec.split(separator: ",", omittingEmptySubsequences: false) {
            let token = Self.trimmed(rawToken).uppercased()
            if token == "*" {
                sawAny = true
                continue
            }
            guard Self.knownMethods.contains(token) else {
                throw MethodMatcherError(Self.problem(token: String(rawToken), spec: spec))
            }
            methods.insert(token)
        }
        self.storage = sawAny ? .any : .methods(methods)
    }

    /// A matcher for exactly `methods`, uppercased; `"*"` among them means any method. Unlike the spec
    /// initializer this does not check names against the known methods.
    public init(methods: Set<String>) {
        let upper = Set(methods.map { $0.uppercased() })
        self.storage = upper.contains("*") ? .any : .methods(upper)
    }

    /// Whether `method`, exactly as it came from the wire, is one of ours.
    public func matches(_ method: String) -> Bool {
        switch storage {
        case .any: true
        case .methods(let methods): methods.contains(method)
        }
    }

    /// `*`, or the methods in the canonical order, comma-separated (`GET,HEAD`).
    public var description: String {
        switch storage {
        case .any:
            return "*"
        case .methods(let methods):
            let known = Self.knownMethods.filter(methods.contains)
            let other = methods.subtracting(Self.knownMethods).sorted()
            return (known + other).joined(separator: ",")
        }
    }

    private static func trimmed(_ token: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = token.firstIndex(where: { !isSpace($0) }),
            let last = token.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return token[first...last]
    }

    private static func problem(token: String, spec: String) -> String {
        let expected = "expected \"*\" or a comma-separated list of " + knownMethods.joined(separator: ", ")
        if trimmed(token[...]).isEmpty {
            return "empty method in \"\(spec)\"; \(expected)"
        }
        return "unknown HTTP method \"\(trimmed(token[...]))\" in \"\(spec)\"; \(expected)"
    }
}
