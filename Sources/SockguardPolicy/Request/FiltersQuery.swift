/// Adding conditions to a Docker list's `filters` query parameter (a JSON object of string lists, or of string sets
/// as the docker CLI sends them). dockerd ANDs the values under `label`, so a client can narrow what is added but
/// never widen it. Ownership adds the owner label; visibility adds `visible_resource_labels`.
enum FiltersQuery {
    /// A query sockguard cannot add to: the client's `filters` are not what dockerd would read.
    struct Invalid: Error {
        var message: String
    }

    /// `query` with `filters` replaced by the client's filters plus `values` under `key`. Every `filters` pair is
    /// replaced by one (dockerd reads the first); the other pairs are kept as sent.
    static func adding(_ values: [String], under key: String, to query: String?) throws(Invalid) -> String {
        var filters: [(String, [String])] = []
        if let raw = try firstValue("filters", in: query), !raw.isEmpty {
            guard let body = try? JSONBody(parsing: Array(raw.utf8)), case .object(let object) = body.root else {
                throw Invalid(message: "the filters parameter is not a JSON object")
            }
            for member in object.members {
                switch member.value {
                case .array(let values):
                    // `{"label":["a=b"]}`
                    filters.append(
                        (
                            member.key,
                            try values.map { (value) throws(Invalid) in
                                guard case .string(let text) = value else {
                                    throw Invalid(message: "filter \(member.key) is not a list of strings")
                                }
                                return text
                            }
                        )
                    )
                case .object(let set):
                    // `{"label":{"a=b":true}}`, the form the docker CLI sends.
                    filters.append((member.key, set.members.filter { $0.value == .bool(true) }.map(\.key)))
                default:
                    throw Invalid(message: "filter \(member.key) is neither a list nor a set")
                }
            }
        }
        if let index = filters.firstIndex(where: { $0.0 == key }) {
            filters[index].1 += values.filter { !filters[index].1.contains($0) }
        } else {
            filters.append((key, values))
        }
        let json =
            "{"
            + filters.map { name, values in
                JSONString.quote(name) + ":[" + values.map(JSONString.quote).joined(separator: ",") + "]"
            }.joined(separator: ",") + "}"
        return try replacing("filters", with: json, in: query)
    }

    /// The first value of `name` (as dockerd reads it), or nil.
    static func firstValue(_ name: String, in query: String?) throws(Invalid) -> String? {
        do {
            let parameters = try QueryParameters(parsing: query)
            return parameters.values(name).first
        } catch {
            throw Invalid(message: error.message)
        }
    }

    /// `query` without any `name` pair, plus `name=value` (encoded).
    static func replacing(_ name: String, with value: String, in query: String?) throws(Invalid) -> String {
        var kept: [Substring] = []
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let rawName = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let decoded = try? PercentEncoding.decode(ArraySlice(rawName.utf8), plusAsSpace: true) else {
                throw Invalid(message: "the query string has an invalid percent-encoding")
            }
            if decoded.elementsEqual(name.utf8) { continue }
            kept.append(pair)
        }
        kept.append(Substring(name + "=" + PercentEncoding.encodeQueryComponent(value)))
        return kept.joined(separator: "&")
    }
}
