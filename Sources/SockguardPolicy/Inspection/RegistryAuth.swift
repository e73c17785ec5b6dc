/// `X-Registry-Auth` (one registry's credentials, for pulls, pushes, services and plugins) and
/// `X-Registry-Config` (credentials per registry, for builds): base64url-encoded JSON that the daemon decodes
/// and uses.
///
/// The proxy does not read credentials for policy; it makes sure the header is what dockerd expects before
/// dockerd sees it: at most `maxHeaderBytes`, base64 (URL alphabet, as the docker CLI and docker-py send it, or
/// the standard one), strict JSON (the same parser as bodies: no duplicate or case-variant duplicate keys, no
/// trailing data), an object whose known fields are strings. Anything else is refused with 400 before it
/// reaches the daemon, where Go would silently fall back to no credentials or read the last of two keys. The
/// header's value is never logged: denials say what is wrong, not what was sent.
public enum RegistryAuth {
    /// Larger headers are refused; real ones are a few hundred bytes (an identity token is about 2 KiB).
    public static let maxHeaderBytes = 16 << 10

    /// The fields of Docker's `AuthConfig`; each must be a string when present.
    static let fields = ["username", "password", "auth", "email", "serveraddress", "identitytoken", "registrytoken"]

    /// nil when the request's credential headers (`InspectedRequest.registryAuth`, `.registryConfig`, every
    /// value as sent) are acceptable, else the denial. A header sent twice is refused: dockerd reads the first.
    public static func check(_ request: InspectedRequest) -> Denial? {
        for (name, values) in [
            ("X-Registry-Auth", request.registryAuth), ("X-Registry-Config", request.registryConfig),
        ] {
            if values.count > 1 { return invalid("\(name) appears more than once") }
        }
        if let auth = request.registryAuth.first, let denial = checkAuth(auth) { return denial }
        if let config = request.registryConfig.first, let denial = checkConfig(config) { return denial }
        return nil
    }

    /// nil when `value` of `X-Registry-Auth` is acceptable, else the denial.
    public static func checkAuth(_ value: String) -> Denial? {
        switch decode(value, header: "X-Registry-Auth") {
        case .refused(let denial): return denial
        case .empty: return nil
        case .object(let object): return checkFields(object, header: "X-Registry-Auth")
        }
    }

    /// nil when `value` of `X-Registry-Config` (a map of registry to `AuthConfig`) is acceptable.
    public static func checkConfig(_ value: String) -> Denial? {
        switch decode(value, header: "X-Registry-Config") {
        case .refused(let denial): return denial
        case .empty: return nil
        case .object(let map):
            for member in map.members {
                guard case .object(let object) = member.value else {
                    return invalid("X-Registry-Config entries must be JSON objects")
                }
                if let denial = checkFields(object, header: "X-Registry-Config") { return denial }
            }
            return nil
        }
    }

    private enum Decoded {
        case empty
        case object(JSONObject)
        case refused(Denial)
    }

    /// The JSON object the header encodes.
    private static func decode(_ value: String, header: String) -> Decoded {
        let trimmed = value.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        if trimmed.isEmpty { return .empty }
        guard trimmed.count <= maxHeaderBytes else {
            return .refused(invalid("\(header) is larger than \(maxHeaderBytes) bytes"))
        }
        guard let json = base64Decode(trimmed) else {
            return .refused(invalid("\(header) is not base64"))
        }
        // The parser's message is not repeated: it could quote a byte of a credential.
        guard let body = try? JSONBody(parsing: json) else {
            return .refused(invalid("\(header) is not valid JSON"))
        }
        guard case .object(let object) = body.root else {
            return .refused(invalid("\(header) must encode a JSON object"))
        }
        return .object(object)
    }

    private static func checkFields(_ object: JSONObject, header: String) -> Denial? {
        for field in fields {
            switch object.value(forKey: field) {
            case nil, .null?, .string?: continue
            case .some: return invalid("\(header) field \(field) must be a string")
            }
        }
        return nil
    }

    /// RFC 4648 base64, URL (`-_`) or standard (`+/`) alphabet, padding optional but not in the middle.
    static func base64Decode(_ bytes: [UInt8]) -> [UInt8]? {
        var input = bytes[...]
        while input.last == UInt8(ascii: "=") { input = input.dropLast() }
        guard bytes.count - input.count <= 2, input.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in input {
            let sextet: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): sextet = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): sextet = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sextet = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "-"), UInt8(ascii: "+"): sextet = 62
            case UInt8(ascii: "_"), UInt8(ascii: "/"): sextet = 63
            default: return nil
            }
            buffer = buffer << 6 | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }

    private static func invalid(_ message: String) -> Denial {
        Denial(status: 400, reasonCode: .registryAuthInvalid, message: "sockguard: request rejected: " + message)
    }
}
