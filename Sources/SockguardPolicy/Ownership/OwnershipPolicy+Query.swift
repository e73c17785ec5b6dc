/// Query rewriting: the owner filter on lists, prunes and events, the owner label on `POST /build`.
extension OwnershipPolicy {
    /// `query` with `filters` replaced by the client's filters plus `label=<label_key>=<owner>`. dockerd ANDs label
    /// filters, so the client can narrow the answer further but never widen it. Every `filters` pair is replaced
    /// by one (dockerd reads the first), the other pairs are kept as sent.
    func addingOwnerFilter(to query: String?) throws(OwnershipRefusal) -> String {
        do {
            return try FiltersQuery.adding([ownerLabel], under: "label", to: query)
        } catch {
            throw OwnershipRefusal(error.message)
        }
    }

    /// `POST /build`: the `labels` parameter (a JSON object of strings) with the owner label added. A build that
    /// sets the owner label to someone else is refused.
    func addingOwnerBuildLabel(to query: String?) throws(OwnershipRefusal) -> String {
        var labels: [(String, String)] = []
        if let raw = try Self.query(FiltersQuery.firstValue("labels", in: query)), !raw.isEmpty {
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
        return try Self.query(FiltersQuery.replacing("labels", with: json, in: query))
    }
}

extension OwnershipPolicy {
    /// The value of a query helper, its failure as a refusal.
    fileprivate static func query<T>(
        _ body: @autoclosure () throws(FiltersQuery.Invalid) -> T
    ) throws(OwnershipRefusal) -> T {
        do {
            return try body()
        } catch {
            throw OwnershipRefusal(error.message)
        }
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
