/// `POST /networks/{id}/connect` and `/networks/{id}/disconnect`.
extension NetworkInspector {
    static let ec = "EndpointConfig."

    /// Joining the host network is refused as a custom driver would be; then `EndpointConfig` is checked.
    func checkConnect(_ root: JSONObject, network: String) throws(BodyFieldRefusal) {
        if Self.customDriverNetworks.contains(network), !options.allowCustomDrivers {
            throw BodyFieldRefusal(
                .networkCustomDriver,
                "connecting to the \(network) network is not allowed (/networks/\(network)/connect)"
            )
        }
        guard let endpoint = try root.object("EndpointConfig", in: "") else { return }
        try checkEndpointConfig(endpoint)
    }

    /// Everything in `EndpointSettings` except `Aliases` (Compose sets them on every endpoint) pins something
    /// the network's IPAM and driver would otherwise choose: a static or link-local address, a MAC address,
    /// legacy links into another container's namespace, driver options, or the default-gateway priority.
    /// Read-only fields dockerd ignores on input (`NetworkID`, `EndpointID`, `DNSNames`) are not checked.
    private func checkEndpointConfig(_ endpoint: JSONObject) throws(BodyFieldRefusal) {
        let ec = Self.ec
        var pinned: [String] = []
        if let ipam = try endpoint.object("IPAMConfig", in: ec) {
            let ipamPath = ec + "IPAMConfig."
            for key in ["IPv4Address", "IPv6Address"] {
                if try !(ipam.string(key, in: ipamPath) ?? "").isEmpty { pinned.append(ipamPath + key) }
            }
            if try !ipam.strings("LinkLocalIPs", in: ipamPath).isEmpty {
                pinned.append(ipamPath + "LinkLocalIPs")
            }
        }
        for key in ["IPAddress", "Gateway", "IPv6Gateway", "GlobalIPv6Address", "MacAddress"] {
            if try !(endpoint.string(key, in: ec) ?? "").isEmpty { pinned.append(ec + key) }
        }
        for key in ["IPPrefixLen", "GlobalIPv6PrefixLen", "GwPriority"] {
            if try (endpoint.int64(key, in: ec) ?? 0) != 0 { pinned.append(ec + key) }
        }
        if try !endpoint.strings("Links", in: ec).isEmpty {
            pinned.append(ec + "Links")
        }
        if try !(endpoint.object("DriverOpts", in: ec)?.isEmpty ?? true) {
            pinned.append(ec + "DriverOpts")
        }
        _ = try endpoint.strings("Aliases", in: ec)
        if let first = pinned.first, !options.allowEndpointConfig {
            throw BodyFieldRefusal(.networkEndpointConfig, "endpoint configuration is not allowed (\(first))")
        }
    }

    func checkDisconnect(_ root: JSONObject) throws(BodyFieldRefusal) {
        if try root.bool("Force", in: "") == true, !options.allowDisconnectForce {
            throw BodyFieldRefusal(.networkDisconnectForce, "force disconnect is not allowed (Force)")
        }
    }
}
