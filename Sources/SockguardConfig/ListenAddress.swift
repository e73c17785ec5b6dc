#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed `listen.address`: `host:port`, with IPv6 hosts bracketed (`[::1]:2375`). An empty host
/// (`:2375`) means every interface.
struct ListenAddress: Sendable, Equatable {
    /// Without brackets.
    let host: String
    let port: Int

    init(parsing text: String) throws(ValueError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ValueError("\"\(text)\" has \"[\" without \"]\"; write IPv6 addresses as [::1]:2375")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw ValueError("\"\(text)\" is not host:port (expected a port after \"]\", as in [::1]:2375)")
            }
            portPart = rest.dropFirst()
            guard hostPart.contains(":") else {
                throw ValueError("\"\(text)\": brackets are only for IPv6 addresses")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw ValueError("\"\(text)\" is not host:port (for example 127.0.0.1:2375)")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") {
                throw ValueError("\"\(text)\": write IPv6 addresses in brackets, as in [::1]:2375")
            }
        }
        if let bad = hostPart.first(where: { $0 == " " || $0 == "/" || $0 == "[" || $0 == "]" }) {
            throw ValueError("\"\(text)\": host contains \"\(bad)\"")
        }
        guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portPart)
        else {
            throw ValueError("\"\(text)\": port \"\(portPart)\" is not a number")
        }
        guard port <= 65535 else {
            throw ValueError("\"\(text)\": port \(port) is out of range (0-65535)")
        }
        self.host = String(hostPart)
        self.port = port
    }

    /// Throws when the host is a name that does not resolve: `serve` binds what `validate` accepts, so a name
    /// that cannot be bound is refused by both. An empty host (`:2375`) and IP literals need no lookup.
    func checkResolvable() throws(ValueError) {
        guard !host.isEmpty else { return }
        var v4 = in_addr()
        var v6 = in6_addr()
        guard inet_pton(AF_INET, host, &v4) != 1, inet_pton(AF_INET6, host, &v6) != 1 else { return }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        if let result { freeaddrinfo(result) }
        guard status == 0 else {
            throw ValueError("host \"\(host)\" does not resolve (\(String(cString: gai_strerror(status))))")
        }
    }

    /// `localhost`, 127.0.0.0/8 or `::1`. Any other name is treated as reachable from elsewhere: we do not
    /// resolve names here, and guessing wrong would expose the Docker API.
    var isLoopback: Bool {
        if host.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            let firstOctet = withUnsafeBytes(of: &v4) { $0[0] }
            return firstOctet == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
            return withUnsafeBytes(of: &v6) { Array($0) } == loopback
        }
        return false
    }
}
