import ArgumentParser
import FoundationEssentials
import SockguardPolicy

/// `sockguard report`'s output formats.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case text
    case json
    case markdown
}

/// Renders a `PolicyReport` as an aligned table (coloured on a terminal), JSON, or Markdown.
enum ReportRenderer {
    static func render(_ report: PolicyReport, as format: ReportFormat, colour: Bool) -> String {
        switch format {
        case .text: text(report, colour: colour)
        case .json: json(report)
        case .markdown: markdown(report)
        }
    }

    /// The summary line of a group: how many endpoints expose each class.
    static func summary(_ rows: [ReportRow]) -> String {
        let counts = RiskClass.allCases.compactMap { risk -> String? in
            let count = rows.filter { $0.exposure == risk }.count
            return count == 0 ? nil : "\(count) \(risk.rawValue)"
        }
        let denied = rows.filter { $0.decision == .denied }.count
        return (counts.isEmpty ? "nothing open" : counts.joined(separator: ", ") + " open") + ", \(denied) denied"
    }

    /// What the variants show: `open: privileged; blocked: bind /, host pid`.
    static func notes(_ row: ReportRow) -> String {
        guard row.decision != .denied || row.base.refusedByInspection else { return "" }
        var parts: [String] = []
        if !row.openVariants.isEmpty { parts.append("open: " + row.openVariants.joined(separator: ", ")) }
        if !row.blockedVariants.isEmpty { parts.append("blocked: " + row.blockedVariants.joined(separator: ", ")) }
        if row.base.redacted { parts.append("response redacted") }
        if let lookup = row.base.lookup { parts.append("the daemon's answer to \(lookup) decides") }
        if row.base.decision == "would_deny" { parts.append("would be denied in enforce mode") }
        return parts.joined(separator: "; ")
    }

    static func groups(_ report: PolicyReport) -> [(name: String, rows: [ReportRow])] {
        var order: [String] = []
        var byGroup: [String: [ReportRow]] = [:]
        for row in report.rows {
            if byGroup[row.group] == nil { order.append(row.group) }
            byGroup[row.group, default: []].append(row)
        }
        return order.map { ($0, byGroup[$0]!) }
    }

    static func text(_ report: PolicyReport, colour: Bool) -> String {
        var lines: [String] = []
        for (name, rows) in groups(report) {
            lines.append("profile \(name): \(summary(rows))")
            let cells = rows.map { row in
                [
                    row.decision.rawValue, row.exposure?.rawValue ?? "-", row.endpoint.method, row.endpoint.template,
                    row.decidedBy, notes(row),
                ]
            }
            let header = ["DECISION", "EXPOSES", "METHOD", "ENDPOINT", "DECIDED BY", "NOTES"]
            let widths = (0..<header.count).map { column in
                ([header] + cells).map { $0[column].count }.max() ?? 0
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
                    .joined(separator: "  ").trimmingTrailingSpaces()
            }
            lines.append("  " + line(header))
            for (row, cell) in zip(rows, cells) {
                let text = "  " + line(cell)
                lines.append(colour ? paint(text, row.exposure) : text)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Red for host-root, yellow for secrets, blue for disruption, dim for denied.
    static func paint(_ text: String, _ exposure: RiskClass?) -> String {
        let code =
            switch exposure {
            case .hostRoot: "31"
            case .secret: "33"
            case .disruption: "34"
            case .readOnly: "0"
            case nil: "2"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    static func markdown(_ report: PolicyReport) -> String {
        var lines: [String] = []
        for (name, rows) in groups(report) {
            lines += ["## Profile \(name)", "", summary(rows) + ".", ""]
            lines.append("| Decision | Exposes | Method | Endpoint | Decided by | Notes |")
            lines.append("|---|---|---|---|---|---|")
            for row in rows {
                let cells = [
                    row.decision.rawValue, row.exposure?.rawValue ?? "-", row.endpoint.method,
                    "`\(row.endpoint.template)`", row.decidedBy, notes(row),
                ]
                lines.append("| " + cells.map { $0.replacingPipes() }.joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: PolicyReport) -> String {
        let rows = report.rows.map { row in
            let results = row.results.map { result in
                var fields = [
                    ("name", quote(result.probe.name)), ("risk", quote(result.probe.risk.rawValue)),
                    ("target", quote(result.probe.target)),
                    ("body_base64", result.probe.body.map { quote(Data($0).base64EncodedString()) } ?? "null"),
                    ("decision", quote(result.decision)),
                    ("decided_by", quote(result.stage.rawValue)),
                ]
                if let code = result.reasonCode { fields.append(("reason_code", quote(code))) }
                if let index = result.ruleIndex { fields.append(("rule", String(index))) }
                if result.redacted { fields.append(("redacted", "true")) }
                if let lookup = result.lookup { fields.append(("lookup", quote(lookup))) }
                return object(fields)
            }
            return object([
                ("profile", quote(row.group)), ("method", quote(row.endpoint.method)),
                ("endpoint", quote(row.endpoint.template)), ("operation", quote(row.endpoint.operation)),
                ("risk", quote(row.endpoint.risk.rawValue)), ("decision", quote(row.decision.rawValue)),
                ("exposes", row.exposure.map { quote($0.rawValue) } ?? "null"),
                ("decided_by", quote(row.decidedBy)), ("probes", "[" + results.joined(separator: ",") + "]"),
            ])
        }
        let groups = report.groups.map { group in
            object([
                ("name", quote(group.name)),
                ("match_arguments", "[" + group.matchArguments.map(quote).joined(separator: ",") + "]"),
            ])
        }
        return object([
            ("exposes", report.widestExposure.map { quote($0.rawValue) } ?? "null"),
            ("profiles", "[" + groups.joined(separator: ",") + "]"),
            ("endpoints", "[" + rows.joined(separator: ",\n") + "]"),
        ])
    }

    static func quote(_ string: String) -> String { JSONString.quote(string) }

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        String(self.reversed().drop { $0 == " " }.reversed())
    }

    fileprivate func replacingPipes() -> String {
        self.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
