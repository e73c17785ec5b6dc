/// Query rewriting: the owner filter on lists, prunes and events, the owner label on `POST /build`.
extension OwnershipPolicy {
    /// `query` with `filters` replaced by the client's filters plus `label=<label_key>=<owner>`. dockerd ANDs label
    /// filters, so the client can narrow the answer further but never widen it. Every `filters` pair is replaced
    /// by one (dockerd reads the first), the other pairs are kept as sent.
    func addingOwnerFilter(to query: String?) throws(OwnershipRefusal) -> String {
        var filters: [(String, [String])] = []
        if let raw = try Self.firstValue("filters", in: query), !raw.isEmpty {
            guard let body = try? JSONBody(parsing: Array(raw.utf8)), case .object(let object) = body.root else {
                throw OwnershipRefusal("the filters parameter is not a JSON object")
            }
            for member in object.members {
                switch member.value {
                case .array(let values):
                    // `{"label":["a=b"]}`
                    filters.append(
                        (
                            member.key,
                            try values.map { (value) throws(OwnershipRefusal) in
                                guard case .string(let text) = value else {
                                    throw OwnershipRefusal("filter \(member.key) is not a list of strings")
                                }
                                return text
                            }
                        )
                    )
                case .object(let set):
                    // `{"label":{"a=b":true}}`, the form the docker CLI sends.
                    filters.append((member.key, set.members.filter { $0.value == .bool(true) }.map(\.key)))
                default:
                    throw OwnershipRefusal("filter \(member.key) is neither a list nor a set")
                }
            }
        }
        if let index = filters.firstIndex(where: { $0.0 == "label" }) {
            filters[index].1.append(ownerLabel)
        } else {
            filters.append(("label", [ownerLabel]))
        }
        let json =
            "{"
            + filters.map { name, values in
                JSONString.quote(name) + ":[" + values.map(JSONString.quote).joined(separator: ",") + "]"
            }.joined(separator: ",") + "}"
        return try Self.replacing("filters", with: json, in: query)
    }

    /// `POST /build`: the `labels` parameter (a JSON object of strings) with the owner label added. A build that
    /// sets the owner label to someone else is refused.
    func addingOwnerBuildLabel(to query: String?) throws(OwnershipRefusal) -> String {
        var labels: [(String, String)] = []
        if let raw = try Self.firstValue("labels", in: query), !raw.isEmpty {
            guard let body = try? JSONBody(parsing: Array(raw.utf8)), case .object(let object) = body.root else {
                throw OwnershipRefusal("the labels parameter is not a JSON object")
            }
            for member in object.members {
                guard case .string(let value) = member.value else {
                    throw OwnershipRefusal("label \(member.key) is not a string")
                }
                if member.key == labelKey {
                    guard value == owner else { throw OwnershipRefusal.conflict(labelKey) }
                    continue
                }
                labels.append((member.key, value))
            }
        }
        labels.append((labelKey, owner))
        let json =
            "{" + labels.map { JSONString.quote($0.0) + ":" + JSONString.quote($0.1) }.joined(separator: ",") + "}"
        return try Self.replacing("labels", with: json, in: query)
    }

    /// The first value of `name` (as dockerd reads it), or nil.
    private static func firstValue(_ name: String, in query: String?) throws(OwnershipRefusal) -> String? {
        do {
            let parameters = try QueryParameters(parsing: query)
            return parameters.values(name).first
        } catch {
            throw OwnershipRefusal(error.message)
        }
    }

    /// `query` without any `name` pair, plus `name=value` (encoded).
    private static func replacing(
        _ name: String,
        with value: String,
        in query: String?
    ) throws(OwnershipRefusal) -> String {
        var kept: [Substring] = []
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let rawName = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let decoded = try? PercentEncoding.decode(ArraySlice(rawName.utf8), plusAsSpace: true) else {
                throw OwnershipRefusal("the query string has an invalid percent-encoding")
            }
            if decoded.elementsEqual(name.utf8) { continue }
            kept.append(pair)
        }
        kept.append(Substring(name + "=" + PercentEncoding.encodeQueryComponent(value)))
        return kept.joined(separator: "&")
    }
}

/// An ownership refusal on its way out of a throwing helper; the proxy answers its `denial`.
struct OwnershipRefusal: Error {
    var denial: Denial

    init(_ message: String, status: Int = 400, reasonCode: ReasonCode = .ownerQueryInvalid) {
        self.denial = Denial(status: status, reasonCode: reasonCode, message: "sockguard: \(message)")
    }

    static func conflict(_ labelKey: String) -> OwnershipRefusal {
        OwnershipRefusal(
            "the \(labelKey) label is set by sockguard and names another owner",
            status: 403,
            reasonCode: .ownerLabelConflict
        )
    }
}
