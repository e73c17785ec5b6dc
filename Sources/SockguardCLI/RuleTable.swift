import SockguardConfig
import SockguardPolicy
import SockguardProxy

/// The compiled rule table as `validate` prints it.
enum RuleTable {
    static func render(_ loaded: LoadedConfiguration) -> String {
        render(loaded.ruleSet, origins: loaded.ruleOrigins)
    }

    static func render(_ ruleSet: RuleSet, origins: [String]) -> String {
        var rows = [["#", "ACTION", "METHODS", "PATH", "ORIGIN", "REASON"]]
        for (index, rule) in ruleSet.rules.enumerated() {
            let origin = index < origins.count ? origins[index] : ""
            rows.append([
                String(index), rule.action.rawValue, rule.methods.description, rule.path.source, origin, rule.reason,
            ])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// How a listen endpoint is shown to people.
enum ListenerDescription {
    static func describe(_ listener: ProxySettings.Listener) -> String {
        switch listener {
        case .tcp(let host, let port): describe(ListenEndpoint.tcp(host: host, port: port))
        case .unix(let path, let mode, _): describe(ListenEndpoint.unix(path: path, mode: mode))
        }
    }

    static func describe(_ endpoint: ListenEndpoint) -> String {
        switch endpoint {
        case .tcp(let host, let port): return host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        case .unix(let path, let mode): return "unix://\(path) (mode \(String(mode, radix: 8)))"
        }
    }
}
