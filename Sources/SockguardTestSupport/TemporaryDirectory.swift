import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under `/tmp` with a short name, removed when the value is released.
///
/// Names stay short (`/tmp/sgp-AbC123`) because unix socket paths are limited to 107 bytes.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates `/tmp/<prefix>-XXXXXX`.
    public init(prefix: String = "sgt") throws {
        path = try Self.create(prefix: prefix)
    }

    /// Creates `/tmp/<prefix>-XXXXXX` and returns its path; the caller owns (and removes) it.
    static func create(prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard created else { throw HarnessError.socket(operation: "mkdtemp(/tmp/\(prefix)-XXXXXX)", errno: errno) }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path/name`.
    public func appending(_ name: String) -> String {
        path + "/" + name
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
