/// `PUT /containers/{id}/archive`: refuses archives that write outside the allowed container paths, or that
/// carry setuid/setgid files, device nodes, FIFOs or links out of the extraction directory.
///
/// The threat: dockerd extracts the archive into the container's filesystem as root. A setuid-root binary
/// or a device node (`/dev/sda`, `/dev/kmem`) planted there is a privilege escalation for whoever runs in
/// the container next; a symlink or hardlink aimed out of the target directory makes later writes, or the
/// container's own processes, reach files the upload was not meant to touch; and a target path such as
/// `/etc` or `/usr/bin` replaces the container's own programs.
///
/// The request line: `path` is required (dockerd refuses an empty one too; 400
/// `container_archive_invalid_query`, also for an undecodable query or a repeated `path`). It is placed
/// under the container root (leading slashes dropped, then cleaned); one that climbs out (`/../x`) is
/// refused, and with `allowedPaths` set it must be one of them or inside one, component-wise
/// (`container_archive_path`). An empty `allowedPaths` allows any target, as in the Go sockguard.
///
/// The body, a tar, plain or gzip (dockerd decompresses it): every entry, in order, must have a relative
/// name that stays inside the archive once cleaned (`container_archive_entry_path`); no setuid or setgid
/// bit unless `allowSetID` (`container_archive_setid`); no character or block device or FIFO unless
/// `allowDeviceNodes` (`container_archive_device_node`); no symlink whose target is absolute or climbs out
/// from the link's directory, and no hardlink whose target climbs out of the archive root, unless
/// `allowEscapingLinks` (`container_archive_escaping_link`); and no type dockerd cannot extract
/// (`container_archive_entry_type`). A body that is not a valid tar is 400 (`request_body_invalid`).
///
/// Not covered: symlinks already inside the container. dockerd resolves `path` through them, so
/// `path=/tmp/link` lands wherever `link` points; the proxy cannot see the container's filesystem.
public struct ContainerArchiveInspector: ArchiveBodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.container_archive.*`.
    public struct Options: Sendable, Equatable {
        /// `request_body.container_archive.allowed_paths`: container directories uploads may target, e.g.
        /// `/tmp/uploads`. Empty allows any target. Entries that climb out of the root are ignored.
        public var allowedPaths: [String] = []
        /// `request_body.container_archive.allow_setid`: permits setuid and setgid entries.
        public var allowSetID = false
        /// `request_body.container_archive.allow_device_nodes`: permits character and block devices, and FIFOs.
        public var allowDeviceNodes = false
        /// `request_body.container_archive.allow_escaping_links`: permits links out of the extraction directory.
        public var allowEscapingLinks = false

        public init() {}
    }

    /// Largest archive the proxy buffers: the Go sockguard's `maxContainerArchiveBodyBytes`. `docker cp`
    /// uploads whole directories, so this is large; it bounds memory per request.
    public static let bodyLimit = 512 << 20
    /// Most bytes a gzip archive may inflate to: four times `bodyLimit`. Inflated bytes are parsed as they
    /// come, never held, so this bounds CPU, not memory.
    public static let inflatedLimit = 2 << 30

    /// `PUT` to this path is the upload this inspector decides.
    public static let method = "PUT"

    /// `/containers/{id}/archive`.
    public static func isEndpoint(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.object(of: .containers, "archive") != nil
    }

    public let options: Options
    /// `allowedPaths` placed under the root and cleaned: `/tmp/uploads/` is `tmp/uploads`, `/` is `.`.
    let allowedPaths: [String]
    let inflatedLimit: Int

    public init(options: Options = .init()) {
        self.init(options: options, inflatedLimit: Self.inflatedLimit)
    }

    init(options: Options, inflatedLimit: Int) {
        self.options = options
        self.inflatedLimit = inflatedLimit
        var paths: [String] = []
        for configured in options.allowedPaths {
            let trimmed = configured.asciiTrimmed()
            guard !trimmed.isEmpty, let path = ArchivePath.underRoot(String(trimmed)),
                !paths.contains(where: { ArchivePath.same($0, path) })
            else {
                continue
            }
            paths.append(path)
        }
        self.allowedPaths = paths
    }

    public func inspect(_ request: InspectedRequest, archive: UnsafeRawBufferPointer) -> Decision {
        let query: QueryParameters
        do throws(QueryParameters.Failure) {
            query = try QueryParameters(parsing: request.query)
        } catch {
            return Self.invalid(error.message)
        }
        guard query.values("path").count <= 1 else {
            return Self.invalid("path appears more than once in the query")
        }
        let requested = query.first("path")
        guard !requested.isEmpty else {
            return Self.invalid("path is required")
        }
        guard let target = ArchivePath.underRoot(requested) else {
            return Self.refuse(.containerArchivePath, "the target path leaves the container root (path)")
        }
        if !allowedPaths.isEmpty, !allowedPaths.contains(where: { ArchivePath.isWithin(target, $0) }) {
            return Self.refuse(.containerArchivePath, "uploading to \"/\(target)\" is not allowed (path)")
        }

        do throws(ArchiveReadError) {
            var reader = TarReader(try ArchiveStream(archive, inflatedLimit: inflatedLimit))
            while let entry = try reader.next() {
                if let refusal = check(entry) {
                    return refusal
                }
            }
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "container archive passed inspection"))
    }

    /// The refusal for one entry, or nil.
    func check(_ entry: TarEntry) -> Decision? {
        if entry.kind == .globalHeader {
            return nil  // dockerd ignores pax global headers
        }
        guard !entry.name.isEmpty, let path = ArchivePath.contained(entry.name) else {
            return Self.refuse(
                .containerArchiveEntryPath,
                "archive entry \"\(entry.name)\" must be relative and stay inside the archive"
            )
        }
        if !options.allowSetID, entry.mode & TarEntry.setIDBits != 0 {
            return Self.refuse(.containerArchiveSetID, "archive entry \"\(entry.name)\" sets setuid or setgid bits")
        }
        switch entry.kind {
        case .characterDevice, .blockDevice, .fifo:
            if !options.allowDeviceNodes {
                let what = entry.kind == .fifo ? "a FIFO" : "a device node"
                return Self.refuse(.containerArchiveDeviceNode, "archive entry \"\(entry.name)\" is \(what)")
            }
        case .symbolicLink:
            if !options.allowEscapingLinks, !Self.symlinkStaysInside(path, target: entry.linkName) {
                return Self.refuse(
                    .containerArchiveEscapingLink,
                    "symlink \"\(entry.name)\" points outside the archive"
                )
            }
        case .hardLink:
            if !options.allowEscapingLinks, !entry.linkName.isEmpty, ArchivePath.contained(entry.linkName) == nil {
                return Self.refuse(
                    .containerArchiveEscapingLink,
                    "hardlink \"\(entry.name)\" points outside the archive"
                )
            }
        case .other(let flag):
            return Self.refuse(
                .containerArchiveEntryType,
                "archive entry \"\(entry.name)\" has a type dockerd does not extract (\(Self.describe(flag)))"
            )
        case .regular, .directory, .globalHeader:
            break
        }
        return nil
    }

    /// A symlink target is resolved from the link's own directory; an empty one points nowhere.
    static func symlinkStaysInside(_ path: String, target: String) -> Bool {
        if target.isEmpty {
            return true
        }
        if target.utf8.first == UInt8(ascii: "/") {
            return false
        }
        return ArchivePath.contained(ArchivePath.join(ArchivePath.directory(of: path), target)) != nil
    }

    private static func describe(_ flag: UInt8) -> String {
        (0x21...0x7e).contains(flag) ? "'\(Character(Unicode.Scalar(flag)))'" : "0x\(String(flag, radix: 16))"
    }

    private static func refuse(_ reasonCode: ReasonCode, _ message: String) -> Decision {
        .deny(Denial(status: 403, reasonCode: reasonCode, message: "sockguard: " + message))
    }

    private static func invalid(_ message: String) -> Decision {
        .deny(
            Denial(
                status: 400,
                reasonCode: .containerArchiveInvalidQuery,
                message: "sockguard: request rejected: " + message
            )
        )
    }
}
