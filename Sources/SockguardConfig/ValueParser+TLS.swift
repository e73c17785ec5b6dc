import FoundationEssentials
import SockguardPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ValueParser {
    /// `listen.tls.common_names`, `dns_names`: trimmed, none empty.
    static func nonEmptyEntries(_ entries: [String]) throws(ValueError) -> [String] {
        let trimmed = entries.map { $0.trimmingSpaces() }
        guard !trimmed.contains(where: \.isEmpty) else { throw ValueError("entries must be non-empty") }
        return trimmed
    }

    /// `listen.tls.ip_addresses`: IPv4 or IPv6 literals (no brackets, no prefix length).
    static func ipAddresses(_ entries: [String]) throws(ValueError) -> [String] {
        try entries.map { (entry) throws(ValueError) -> String in
            let address = entry.trimmingSpaces()
            // The parser the proxy matches certificate addresses with, so what validates also matches.
            guard AddressRange.parse(address) != nil else {
                throw ValueError("\"\(entry)\" is not an IP address")
            }
            return address
        }
    }

    /// `listen.tls.uri_sans`: URIs such as `spiffe://example.org/workload`.
    static func uris(_ entries: [String]) throws(ValueError) -> [String] {
        try entries.map { (entry) throws(ValueError) -> String in
            let uri = entry.trimmingSpaces()
            guard !uri.isEmpty, URL(string: uri) != nil else { throw ValueError("\"\(entry)\" is not a URI") }
            return uri
        }
    }

    /// `listen.tls.public_key_sha256_pins`: 64 hex digits (either case), optionally prefixed `sha256:`, as
    /// sockguard (Go) accepts them; returns the 32 digest bytes.
    static func publicKeyPin(_ entry: String) throws(ValueError) -> [UInt8] {
        var hex = Substring(entry.trimmingSpaces().lowercased())
        if hex.hasPrefix("sha256:") { hex = hex.dropFirst("sha256:".count) }
        let digits = Array(hex.utf8)
        let bad = ValueError(
            "\"\(entry)\" is not a SHA-256 pin (expected 64 hex digits of the certificate's SubjectPublicKeyInfo "
                + "digest, optionally prefixed sha256:)"
        )
        guard digits.count == 64 else { throw bad }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < 64 {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { throw bad }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Why `path` cannot serve as a certificate, key or CA file, or nil when it is a readable regular file.
    /// The contents are not parsed here: the proxy loads them.
    static func unreadableFileProblem(_ path: String) -> String? {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "cannot read \"\(path)\": no such file"
        }
        if isDirectory { return "cannot read \"\(path)\": is a directory" }
        guard FileManager.default.isReadableFile(atPath: path) else {
            return "cannot read \"\(path)\": permission denied"
        }
        return nil
    }
}
