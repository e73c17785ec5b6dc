extension UpstreamAddress {
    /// Docker's default when `DOCKER_HOST` names no host or port (`tcp://`, `tcp://daemon`), as in sockguard (Go).
    static let dockerDefaultHost = "localhost"
    static let dockerDefaultPort = 2375
    static let dockerDefaultSocket = "/var/run/docker.sock"

    /// `upstream.endpoints[].address`: `unix:///path`, a bare absolute path, or `tcp://host:port` (port required).
    init(endpoint text: String) throws(ValueError) {
        let address = text.trimmingSpaces()
        guard !address.isEmpty else { throw ValueError("must not be empty") }
        guard let separator = address.firstRange(of: "://") else {
            guard address.hasPrefix("/") else {
                throw ValueError(
                    "\"\(text)\" must be an absolute unix socket path or a unix:// or tcp:// URL "
                        + "(unix:///var/run/docker.sock, tcp://daemon:2376)"
                )
            }
            self = .unix(path: try ValueParser.unixSocketPath(address))
            return
        }
        let scheme = address[..<separator.lowerBound]
        let rest = String(address[separator.upperBound...])
        switch scheme {
        case "unix":
            self = try Self.unix(rest, text: text, defaultPath: nil)
        case "tcp":
            self = try Self.tcp(rest, text: text, defaults: false)
        default:
            throw ValueError("\"\(text)\": unsupported scheme \"\(scheme)\" (use unix:// or tcp://)")
        }
    }

    /// `DOCKER_HOST`, read as the Docker CLI reads it: no scheme means TCP; `tcp://` and a missing host or port
    /// default to `localhost:2375`; `unix://` alone is `/var/run/docker.sock`.
    init(dockerHost text: String) throws(ValueError) {
        let address = text.trimmingSpaces()
        guard let separator = address.firstRange(of: "://") else {
            self = try Self.tcp(address, text: text, defaults: true)
            return
        }
        let scheme = address[..<separator.lowerBound]
        let rest = String(address[separator.upperBound...])
        switch scheme {
        case "unix":
            self = try Self.unix(rest, text: text, defaultPath: Self.dockerDefaultSocket)
        case "tcp":
            self = try Self.tcp(rest, text: text, defaults: true)
        default:
            throw ValueError("\"\(text)\": unsupported transport \"\(scheme)\" (use unix:// or tcp://)")
        }
    }

    private static func unix(_ path: String, text: String, defaultPath: String?) throws(ValueError) -> Self {
        if path.isEmpty, let defaultPath { return .unix(path: defaultPath) }
        guard !path.isEmpty else { throw ValueError("\"\(text)\": missing socket path") }
        guard !path.contains("://") else { throw ValueError("\"\(text)\" is not a valid unix socket address") }
        do throws(ValueError) {
            return .unix(path: try ValueParser.unixSocketPath(path))
        } catch {
            throw ValueError("\"\(text)\": \(error.message) (unix:///var/run/docker.sock)")
        }
    }

    /// `host:port` after `tcp://`. With `defaults`, Docker's `localhost` and 2375 fill in what is missing.
    private static func tcp(_ rest: String, text: String, defaults: Bool) throws(ValueError) -> Self {
        if rest.contains("@") || rest.contains("?") || rest.contains("#") || rest.contains("://") {
            throw ValueError("\"\(text)\": user info, query and fragment are not supported in a TCP address")
        }
        var hostPort = rest
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...] == "/" else {
                throw ValueError("\"\(text)\": a path after host:port is not supported")
            }
            hostPort = String(rest[..<slash])
        }
        if defaults {
            if hostPort.isEmpty { hostPort = ":" }
            if hostPort.hasSuffix(":") { hostPort += String(dockerDefaultPort) }
            if !hasPort(hostPort) { hostPort += ":\(dockerDefaultPort)" }
        } else if !hasPort(hostPort) {
            throw ValueError("\"\(text)\": a TCP address must include a port (tcp://daemon:2376)")
        }
        let parsed: ListenAddress
        do throws(ValueError) {
            parsed = try ListenAddress(parsing: hostPort)
        } catch {
            throw ValueError("\"\(text)\": \(error.message)")
        }
        var host = parsed.host
        if host.isEmpty {
            guard defaults else { throw ValueError("\"\(text)\": missing host") }
            host = dockerDefaultHost
        }
        guard parsed.port != 0 else { throw ValueError("\"\(text)\": port 0 cannot be dialed") }
        return .tcp(host: host, port: parsed.port)
    }

    /// Whether `host:port` text carries a port: `[::1]:2376`, `daemon:2376`; not `[::1]` or `daemon`.
    private static func hasPort(_ hostPort: String) -> Bool {
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            return hostPort[close...].hasPrefix("]:")
        }
        return hostPort.contains(":")
    }
}
