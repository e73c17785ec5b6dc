/// Container-label ACLs (`clients.container_labels`): a client container names what it may do in its own labels,
/// `<prefix><method>=/glob,/glob` (`com.sockguard.allow.get=/containers/**,/events`). A request must be allowed
/// by the rules and by one of these globs for its method. Whether a container without such labels may do what the
/// rules allow is the caller's choice (`hasLabels`).
public struct ContainerLabelACL: Sendable, Equatable {
    public static let defaultPrefix = "com.sockguard.allow."

    /// Upper-case method -> its globs.
    public private(set) var patterns: [String: [GlobPattern]] = [:]
    /// Labels whose globs do not compile; they allow nothing, and are worth a log line.
    public private(set) var invalid: [String] = []

    public init(labels: [String: String], prefix: String = defaultPrefix) {
        for (key, value) in labels where key.hasPrefix(prefix) {
            hasLabels = true
            let method = key.dropFirst(prefix.count).uppercased()
            guard !method.isEmpty else { continue }
            for entry in value.split(separator: ",") {
                let text = String(entry.asciiTrimmed())
                guard !text.isEmpty else { continue }
                do {
                    patterns[method, default: []].append(try GlobPattern(text))
                } catch {
                    invalid.append("\(key)=\(text)")
                }
            }
        }
    }

    /// Whether the container carries any `<prefix>` label, even an empty or invalid one (which allows nothing):
    /// only a container with none falls through to the rules.
    public private(set) var hasLabels = false

    public func allows(method: String, path: String) -> Bool {
        patterns[method]?.contains { $0.matches(path) } ?? false
    }
}

/// Which container has which address: built from the daemon's `GET /containers/json` (running containers) and
/// `GET /networks` (their subnets and gateways).
public struct ContainerAddressBook: Sendable {
    /// Address bytes (4 or 16) -> the labels of the container that has it.
    public private(set) var labels: [[UInt8]: [String: String]] = [:]
    /// The subnets of the daemon's networks: an address in one of them belongs to a container.
    public private(set) var subnets: [AddressRange] = []
    /// The networks' gateways: the host's own addresses on them.
    public private(set) var gateways: Set<[UInt8]> = []

    /// Who is at an address.
    public enum Resolution: Sendable, Equatable {
        case container([String: String])
        /// Outside every network of the daemon, or a gateway: a host client.
        case host
        /// In a network's subnet, but no running container has it (yet: a container that just started is listed
        /// a moment after its process runs). Never to be taken for a host client.
        case unlistedContainer
    }

    public init() {}

    /// Reads a container list; throws when it is not one.
    public init(containerList body: [UInt8]) throws(JSONBodyError) {
        var parser = JSONParser(bytes: body, maxDepth: JSONBody.maxDepth, allowsDuplicateKeys: true)
        let document = try parser.parseDocument()
        guard document.nodes[0].kind == .array else { throw JSONBodyError("expected a container list") }
        var element = 1
        for _ in 0..<document.nodes[0].count {
            let containerLabels = document.labels(at: ["Labels"], of: element)
            if let settings = document.member("NetworkSettings", of: element),
                let networks = document.member("Networks", of: settings),
                document.nodes[networks].kind == .object
            {
                var keyNode = networks + 1
                for _ in 0..<document.nodes[networks].count {
                    let endpoint = keyNode + 1
                    for field in ["IPAddress", "GlobalIPv6Address"] {
                        if let value = document.member(field, of: endpoint), document.nodes[value].kind == .string,
                            let address = AddressRange.parse(document.string(at: value))
                        {
                            labels[address] = containerLabels
                        }
                    }
                    keyNode = document.nodes[endpoint].next
                }
            }
            element = document.nodes[element].next
        }
    }

    /// Adds the subnets and gateways of a `GET /networks` answer; throws when it is not a network list.
    public mutating func addNetworks(networkList body: [UInt8]) throws(JSONBodyError) {
        var parser = JSONParser(bytes: body, maxDepth: JSONBody.maxDepth, allowsDuplicateKeys: true)
        let document = try parser.parseDocument()
        guard document.nodes[0].kind == .array else { throw JSONBodyError("expected a network list") }
        var element = 1
        for _ in 0..<document.nodes[0].count {
            if let ipam = document.member("IPAM", of: element), let configs = document.member("Config", of: ipam),
                document.nodes[configs].kind == .array
            {
                var config = configs + 1
                for _ in 0..<document.nodes[configs].count {
                    if let subnet = document.member("Subnet", of: config), document.nodes[subnet].kind == .string,
                        let range = AddressRange(document.string(at: subnet))
                    {
                        subnets.append(range)
                    }
                    if let gateway = document.member("Gateway", of: config), document.nodes[gateway].kind == .string,
                        let address = AddressRange.parse(document.string(at: gateway))
                    {
                        gateways.insert(address)
                    }
                    config = document.nodes[config].next
                }
            }
            element = document.nodes[element].next
        }
    }

    /// Who is at `address` (an IPv4-mapped IPv6 address is looked up as IPv4).
    public func resolve(_ address: [UInt8]) -> Resolution {
        let address = Self.unmapped(address)
        if let labels = labels[address] { return .container(labels) }
        if gateways.contains(address) { return .host }
        return subnets.contains { $0.contains(address) } ? .unlistedContainer : .host
    }

    private static func unmapped(_ address: [UInt8]) -> [UInt8] {
        if address.count == 16, address.prefix(12).elementsEqual(AddressRange.mappedPrefix) {
            return Array(address.suffix(4))
        }
        return address
    }
}
