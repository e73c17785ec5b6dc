import CZlib

/// The tar readers behind the archive inspectors (`PUT /containers/{id}/archive`, `POST /build` with its Dockerfile
/// scan, `POST /images/load`): the first byte picks the inspector, the rest is the archive. The same archive decides
/// the same whether it comes plain or gzip-compressed (the inflater hands the reader other chunk boundaries), and
/// deciding twice gives the same answer. ASan watches every read of a header, a name and a padding.
enum ArchiveFuzz {
    static let cases: [(any ArchiveBodyInspector, InspectedRequest)] = [
        (
            ContainerArchiveInspector(),
            InspectedRequest(method: "PUT", path: "/containers/c1/archive", query: "path=/tmp")
        ),
        (BuildInspector(), InspectedRequest(method: "POST", path: "/build", query: "t=x:1")),
        (ImageLoadInspector(), InspectedRequest(method: "POST", path: "/images/load")),
    ]

    static func check(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let (inspector, request) = cases[Int(selector) % cases.count]
        let archive = Array(bytes.dropFirst())
        let plain = inspector.inspect(request, archive: archive)
        guard plain == inspector.inspect(request, archive: archive) else {
            violated("deterministic on \(request.path)", "\(archive.count) bytes")
        }
        // Docker inflates once: an input that is gzip already would be read as gzip inside gzip, a corrupt tar.
        guard !archive.starts(with: [0x1f, 0x8b]), let compressed = gzip(archive) else { return }
        let inflated = inspector.inspect(request, archive: compressed)
        guard sameOutcome(plain, inflated) else {
            violated("plain and gzip decide alike on \(request.path)", "\(plain) vs \(inflated)")
        }
    }

    /// Allow against allow, deny against deny: the reasons may name the compression (a size limit counted in
    /// inflated bytes, a corrupt stream) but never turn a denial into an allow or back.
    static func sameOutcome(_ first: Decision, _ second: Decision) -> Bool {
        switch (first, second) {
        case (.allow, .allow), (.deny, .deny): true
        default: false
        }
    }

    /// `bytes` as one gzip member (zlib's deflate with a gzip header), or nil if zlib fails.
    static func gzip(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        let windowBits: Int32 = 15 + 16
        guard
            deflateInit2_(
                &stream,
                Z_DEFAULT_COMPRESSION,
                Z_DEFLATED,
                windowBits,
                8,
                Z_DEFAULT_STRATEGY,
                ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)
            ) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        return Array(output.prefix(Int(stream.total_out)))
    }
}
