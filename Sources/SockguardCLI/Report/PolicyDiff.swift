import SockguardPolicy

/// The endpoints whose decision, exposure or open variants differ between two policies' reports, widest first.
struct PolicyDiff {
    struct Change {
        var group: String
        var endpoint: EngineEndpoint
        /// nil when the group (profile) does not exist on that side: nothing of it gets through.
        var old: ReportRow?
        var new: ReportRow?

        var oldExposure: RiskClass? { old?.exposure }
        var newExposure: RiskClass? { new?.exposure }
        var oldOpen: Set<String> { Set(old?.openVariants ?? []) }
        var newOpen: Set<String> { Set(new?.openVariants ?? []) }

        /// Variants the new policy lets through that the old one refused.
        var opened: [String] { (new?.openVariants ?? []).filter { !oldOpen.contains($0) } }
        var closed: [String] { (old?.openVariants ?? []).filter { !newOpen.contains($0) } }

        /// The widest class the new policy exposes that the old one did not, nil when it widens nothing.
        var widening: RiskClass? {
            let openedRisks = (new?.variants ?? []).filter { opened.contains($0.probe.name) }.compactMap(\.exposure)
            var risks = openedRisks
            if let newExposure, oldExposure.map({ newExposure < $0 }) ?? true { risks.append(newExposure) }
            if let new, new.base.getsThrough, !(old?.base.getsThrough ?? false), let exposure = new.base.exposure {
                risks.append(exposure)
            }
            return risks.min()
        }

        var narrows: Bool {
            widening == nil
                && (!closed.isEmpty || (oldExposure != nil && newExposure.map { $0 > oldExposure! } ?? true))
        }

        func decision(_ row: ReportRow?) -> String { row?.decision.rawValue ?? "absent" }
    }

    var changes: [Change]

    init(old: PolicyReport, new: PolicyReport) {
        func key(_ row: ReportRow) -> String { row.group + "\u{0}" + row.endpoint.method + " " + row.endpoint.template }
        let oldRows = Dictionary(old.rows.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newRows = Dictionary(new.rows.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        var keys = new.rows.map(key)
        keys += old.rows.map(key).filter { newRows[$0] == nil }
        let changes = keys.compactMap { key -> Change? in
            let old = oldRows[key]
            let new = newRows[key]
            let row = (new ?? old)!
            let change = Change(group: row.group, endpoint: row.endpoint, old: old, new: new)
            let same =
                change.decision(old) == change.decision(new) && change.oldExposure == change.newExposure
                && change.oldOpen == change.newOpen && old?.base.decision == new?.base.decision
            return same ? nil : change
        }
        // Widest widening first, then narrowing, each in catalog order (the sort is stable).
        self.changes = changes.enumerated().sorted { lhs, rhs in
            let left = lhs.element.widening.map { RiskClass.allCases.firstIndex(of: $0)! } ?? RiskClass.allCases.count
            let right = rhs.element.widening.map { RiskClass.allCases.firstIndex(of: $0)! } ?? RiskClass.allCases.count
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The widest class any change opens, nil when none widens.
    var widestWidening: RiskClass? { changes.compactMap(\.widening).min() }
}
