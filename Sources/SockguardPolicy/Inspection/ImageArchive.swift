/// The image names an image archive (`docker save`, or an OCI image layout) asks dockerd to create, read from
/// its control files: `manifest.json` (`[{"Config", "RepoTags", "Layers"}]`), the legacy `repositories`
/// (`{"repo": {"tag": "id"}}`) and the OCI `index.json` (the `io.containerd.image.name` and
/// `org.opencontainers.image.ref.name` annotations of each manifest).
///
/// Every name in every control file is collected, whichever one dockerd will use: the legacy loader reads
/// `repositories` only without `manifest.json`, and the containerd image store prefers `index.json`, but a
/// name that passes policy in one file must not hide a name in another.
///
/// Read fail-closed, because a control file dockerd sees differently from sockguard would carry names
/// sockguard never checked: a control file that is repeated, not a regular file, larger than
/// `controlFileLimit` or not strict JSON of the expected shape, and any symlink that resolves to the archive
/// root or out of it (a link that aliases the root lets a later entry such as `d/manifest.json` replace the
/// control file sockguard read) are errors.
struct ImageArchive {
    /// Why the archive's names cannot be known.
    struct Unreadable: Error, Equatable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// Compared as UTF-8 bytes, as the filesystem compares names.
    static let controlFiles: Set<[UInt8]> = Set(["manifest.json", "repositories", "index.json"].map { Array($0.utf8) })
    static let containerdNameAnnotation = "io.containerd.image.name"
    static let ociRefNameAnnotation = "org.opencontainers.image.ref.name"

    /// Whether any control file was found; without one, dockerd cannot name anything.
    var hasManifest = false
    /// Every image name, as written.
    var names: [String] = []
    /// Whether some image in the archive comes without a name.
    var hasUntagged = false

    /// Reads `archive` to its end. Throws `ArchiveReadError` for a body that is not a readable tar, and
    /// `Unreadable` for control files that cannot be trusted.
    init(_ archive: UnsafeRawBufferPointer, inflatedLimit: Int, controlFileLimit: Int) throws {
        var reader = TarReader(try ArchiveStream(archive, inflatedLimit: inflatedLimit))
        var controls: [[UInt8]: [UInt8]] = [:]
        while let entry = try reader.next() {
            if entry.kind == .globalHeader {
                continue
            }
            guard let name = ArchivePath.underRoot(entry.name) else {
                throw Unreadable("archive entry \"\(entry.name)\" leaves the archive")
            }
            if entry.kind == .symbolicLink {
                let target = ArchivePath.join(ArchivePath.directory(of: name), entry.linkName)
                guard entry.linkName.utf8.first != UInt8(ascii: "/"), let resolved = ArchivePath.contained(target),
                    !ArchivePath.same(resolved, ".")
                else {
                    throw Unreadable("symlink \"\(entry.name)\" points at the archive root or out of it")
                }
            }
            let key = Array(name.utf8)
            guard Self.controlFiles.contains(key) else { continue }
            guard entry.kind == .regular else {
                throw Unreadable("\(name) is not a regular file")
            }
            guard controls[key] == nil else {
                throw Unreadable("\(name) appears more than once")
            }
            guard let contents = try reader.readContent(limit: controlFileLimit) else {
                throw Unreadable("\(name) is larger than \(controlFileLimit) bytes")
            }
            controls[key] = contents
        }

        if let manifest = controls[Array("manifest.json".utf8)] {
            try readDockerManifest(manifest)
        }
        if let repositories = controls[Array("repositories".utf8)] {
            try readRepositories(repositories)
        }
        if let index = controls[Array("index.json".utf8)] {
            try readOCIIndex(index)
        }
        hasManifest = !controls.isEmpty
    }

    private mutating func readDockerManifest(_ bytes: [UInt8]) throws(Unreadable) {
        guard case .array(let images) = try Self.json(bytes, "manifest.json") else {
            throw Unreadable("manifest.json must be an array")
        }
        if images.isEmpty {
            hasUntagged = true
        }
        for (position, image) in images.enumerated() {
            guard case .object(let fields) = image else {
                throw Unreadable("manifest.json[\(position)] must be an object")
            }
            let tags: [String]
            do throws(BodyFieldRefusal) {
                tags = try fields.strings("RepoTags", in: "manifest.json[\(position)].")
            } catch {
                throw Unreadable(String(error.denial.message.dropFirst("sockguard: ".count)))
            }
            if tags.isEmpty {
                hasUntagged = true
            }
            names += tags
        }
    }

    private mutating func readRepositories(_ bytes: [UInt8]) throws(Unreadable) {
        guard case .object(let repositories) = try Self.json(bytes, "repositories") else {
            throw Unreadable("repositories must be an object")
        }
        for repository in repositories.members {
            guard case .object(let tags) = repository.value else {
                throw Unreadable("repositories.\(repository.key) must be an object")
            }
            for tag in tags.members {
                names.append(repository.key + ":" + tag.key)
            }
        }
    }

    private mutating func readOCIIndex(_ bytes: [UInt8]) throws(Unreadable) {
        guard case .object(let index) = try Self.json(bytes, "index.json"),
            case .array(let manifests)? = index.value(forKey: "manifests")
        else {
            throw Unreadable("index.json must be an object with a manifests array")
        }
        if manifests.isEmpty {
            hasUntagged = true
        }
        for (position, manifest) in manifests.enumerated() {
            guard case .object(let descriptor) = manifest else {
                throw Unreadable("index.json manifests[\(position)] must be an object")
            }
            var named = false
            switch descriptor.value(forKey: "annotations") {
            case nil, .null?:
                break
            case .object(let annotations)?:
                for key in [Self.containerdNameAnnotation, Self.ociRefNameAnnotation] {
                    switch annotations.value(forExactKey: key) {
                    case nil, .null?:
                        break
                    case .string(let name)?:
                        if !name.isEmpty {
                            names.append(name)
                            named = true
                        }
                    case _?:
                        throw Unreadable("index.json manifests[\(position)] annotation \(key) must be a string")
                    }
                }
            case _?:
                throw Unreadable("index.json manifests[\(position)].annotations must be an object")
            }
            if !named {
                hasUntagged = true
            }
        }
    }

    private static func json(_ bytes: [UInt8], _ file: String) throws(Unreadable) -> JSONValue {
        do throws(JSONBodyError) {
            return try JSONBody(parsing: bytes).root
        } catch {
            throw Unreadable("\(file) is not valid JSON: \(error.message)")
        }
    }
}
