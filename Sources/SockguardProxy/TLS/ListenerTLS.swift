import Glibc
import NIOConcurrencyHelpers
import NIOSSL
import SockguardPolicy

/// TLS on the client listener: a server certificate, and client certificates that must chain to
/// `clientCAFile` (mutual TLS, TLS 1.3 minimum), optionally narrowed by `selectors`.
public struct ListenerTLSSettings: Sendable, Equatable {
    public var certFile: String
    public var keyFile: String
    public var clientCAFile: String
    public var selectors: CertificateSelectors

    public init(certFile: String, keyFile: String, clientCAFile: String, selectors: CertificateSelectors = .init()) {
        self.certFile = certFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
        self.selectors = selectors
    }
}

extension ListenerTLSSettings {
    /// Loads the files as the listener will; throws a reason naming the file that does not load.
    public func check() throws {
        _ = try ListenerTLSContext.makeContext(self)
    }
}

/// The listener's current `NIOSSLContext`, re-read when its files change (certificate rotation). A new pair
/// that does not load keeps the old one serving; `reloadIfChanged` says why.
final class ListenerTLSContext: Sendable {
    enum Reload {
        case unchanged
        case reloaded
        case failed(String)
    }

    let settings: ListenerTLSSettings
    private let state: NIOLockedValueBox<(context: NIOSSLContext, stamp: [FileStamp])>

    /// Loads the files; throws a readable reason when they do not make a working server context.
    init(settings: ListenerTLSSettings) throws {
        self.settings = settings
        let stamp = Self.stamps(settings)
        self.state = NIOLockedValueBox((try Self.makeContext(settings), stamp))
    }

    var context: NIOSSLContext { state.withLockedValue { $0.context } }

    /// Rebuilds the context when any of the three files changed since the last load (or the last failed try).
    func reloadIfChanged() -> Reload {
        let stamp = Self.stamps(settings)
        guard stamp != state.withLockedValue({ $0.stamp }) else { return .unchanged }
        do {
            let context = try Self.makeContext(settings)
            state.withLockedValue { $0 = (context, stamp) }
            return .reloaded
        } catch {
            // Remember the broken files, so the error is logged once per change, not once per check.
            state.withLockedValue { $0.stamp = stamp }
            return .failed("\(error)")
        }
    }

    static func makeContext(_ settings: ListenerTLSSettings) throws -> NIOSSLContext {
        let chain = try TLSFile.certificates(settings.certFile, role: "listen.tls.cert_file")
        let key = try TLSFile.privateKey(settings.keyFile, role: "listen.tls.key_file")
        let authorities = try TLSFile.certificates(settings.clientCAFile, role: "listen.tls.client_ca_file")
        try TLSFile.checkKey(keyFile: settings.keyFile, matches: chain[0], certFile: settings.certFile)
        var configuration = TLSConfiguration.makeServerConfigurationWithMTLS(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key),
            trustRoots: .certificates(authorities)
        )
        configuration.minimumTLSVersion = .tlsv13
        // A client certificate is required and must chain to the CA; clients have no host name to check.
        configuration.certificateVerification = .noHostnameVerification
        return try NIOSSLContext(configuration: configuration)
    }

    static func stamps(_ settings: ListenerTLSSettings) -> [FileStamp] {
        [settings.certFile, settings.keyFile, settings.clientCAFile].map(FileStamp.init(path:))
    }
}

/// What identifies one version of a file: rotation tools replace files (new inode) or rewrite them (new
/// mtime or size).
struct FileStamp: Equatable, Sendable {
    var inode: UInt64
    var size: Int64
    var modified: Int
    var modifiedNanoseconds: Int

    init(path: String) {
        var info = stat()
        if stat(path, &info) == 0 {
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        } else {
            (inode, size, modified, modifiedNanoseconds) = (0, -1, 0, 0)
        }
    }
}
