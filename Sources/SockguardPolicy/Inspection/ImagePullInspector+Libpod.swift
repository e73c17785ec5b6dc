/// Podman's `POST /libpod/images/pull?reference=...`, which `podman pull` and `podman run` send: the same registry
/// allowlist as a Docker pull (`request_body.image_pull`), decided on the request line.
///
/// Podman decodes the query with gorilla/schema, which matches names case-insensitively and takes the last of
/// repeated values, so `reference` is looked up in any case and more than one is refused. A `docker://` prefix
/// is Podman's default transport and is read past; any other transport (`dir:`, `oci-archive:`,
/// `docker-archive:`, `containers-storage:`, ...) names a path or store on the host and is refused. So is
/// `tlsVerify=false`, which would let anyone on the way to an allowed registry serve the image.
extension ImagePullInspector {
    public static func isLibpodEndpoint(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.isCollection(.libpod, "images/pull")
    }

    /// The transports Podman parses before a registry reference (containers/image's `alltransports`).
    static let hostTransports: Set<String> = [
        "dir", "oci", "oci-archive", "docker-archive", "docker-daemon", "containers-storage", "tarball", "sif",
        "ostree",
    ]

    public func inspectLibpod(_ request: InspectedRequest) -> Decision {
        let query: QueryParameters
        do throws(QueryParameters.Failure) {
            query = try QueryParameters(parsing: request.query)
        } catch {
            return Self.invalid(error.message)
        }
        let named = { (name: String) in query.pairs.filter { $0.name.lowercased() == name }.map(\.value) }
        let references = named("reference")
        guard references.count == 1, var reference = references.first, !reference.isEmpty else {
            return Self.invalid(
                references.count > 1 ? "reference appears more than once in the query" : "reference is missing"
            )
        }
        if named("tlsverify").contains(where: { ["false", "0", "f"].contains($0.lowercased()) }) {
            return Self.refuse(.imagePullRegistry, "pulling without TLS verification is not allowed (tlsVerify)")
        }
        if reference.hasPrefix("docker://") { reference.removeFirst("docker://".count) }
        if let colon = reference.firstIndex(of: ":"), Self.hostTransports.contains(String(reference[..<colon])) {
            return Self.refuse(
                .imagePullImport,
                "pulling through the \(reference[..<colon]) transport is not allowed (reference)"
            )
        }
        guard let parsed = ImageReference(parsing: reference) else {
            return Self.invalid("reference is not a valid image reference")
        }
        if registries.allows(parsed) {
            return .allow(MatchedRule(index: nil, reason: "libpod image pull passed inspection"))
        }
        return Self.refuse(
            .imagePullRegistry,
            "pulling from registry \"\(parsed.registry)\" is not allowed (reference)"
        )
    }
}
