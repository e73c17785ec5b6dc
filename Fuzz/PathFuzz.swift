/// Path canonicalisation: what rules match is one canonical form, so every accepted request-target must canonicalise
/// to a clean path (no empty, `.` or `..` segment, no trailing `/`) whose forwarded form canonicalises to itself, and
/// the route template of any method must not trap.
enum PathFuzz {
    static func check(_ bytes: [UInt8]) {
        let raw = String(decoding: bytes, as: UTF8.self)
        guard case .success(let target) = PathCanonicalizer.canonicalize(raw) else { return }
        // Bytes, not Characters: "/" followed by a combining mark is one Character.
        let path = target.path
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { violated("starts with /", path) }
        let segments = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        if bytes != [UInt8(ascii: "/")] {
            for segment in segments
            where segment.isEmpty || segment.elementsEqual([0x2E]) || segment.elementsEqual([0x2E, 0x2E]) {
                violated("no empty, . or .. segment", "\(raw) -> \(path)")
            }
        }
        // Canonical once is canonical: what is forwarded (the path re-encoded, behind the version prefix) reads back
        // as the same target, so the daemon and the policy name the same endpoint.
        switch PathCanonicalizer.canonicalize(target.forwardTarget) {
        case .success(let forwarded)
        where forwarded.path.utf8.elementsEqual(path.utf8) && forwarded.apiVersion == target.apiVersion:
            break
        case .success(let forwarded):
            violated("forward target", "\(raw) -> \(target.forwardTarget) -> \(forwarded.path)")
        case .failure(let rejection):
            violated("forward target", "\(raw) -> \(target.forwardTarget): \(rejection.message)")
        }
        for method in ["GET", "POST", "DELETE", "PUT", "HEAD"] {
            let endpoint = DockerEndpoint(method: method, canonicalPath: path)
            guard endpoint.route.utf8.first == UInt8(ascii: "/") || endpoint.route == "unknown" else {
                violated("route template", "\(method) \(path) -> \(endpoint.route)")
            }
        }
    }
}
