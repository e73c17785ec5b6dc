import NIOHTTP1

/// Which requests dockerd answers by hijacking the connection into a raw byte stream.
enum HijackEndpoint {
    /// `POST /containers/{id}/attach` and `POST /exec/{id}/start` (canonical path, version stripped).
    static func isHijackable(method: HTTPMethod, canonicalPath: String) -> Bool {
        guard method == .POST else { return false }
        let segments = canonicalPath.split(separator: "/", omittingEmptySubsequences: false)
        // "", "containers", id, "attach"
        guard segments.count == 4 else { return false }
        return (segments[1] == "containers" && segments[3] == "attach")
            || (segments[1] == "exec" && segments[3] == "start")
    }

    /// True when the client asked for the modern upgrade handshake (`Connection: Upgrade`, `Upgrade: tcp`).
    static func requestsUpgrade(_ headers: HTTPHeaders) -> Bool {
        headers[canonicalForm: "connection"].contains { $0.lowercased() == "upgrade" }
            && !headers["upgrade"].isEmpty
    }
}
