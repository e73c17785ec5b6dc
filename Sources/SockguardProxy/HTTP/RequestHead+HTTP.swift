import NIOHTTP1
import SockguardPolicy

extension RequestHead {
    /// The decider's view of a parsed HTTP request head.
    init(_ head: HTTPRequestHead) {
        let headers = head.headers
        let length = headers.first(name: "content-length")
        self.init(
            method: head.method.rawValue,
            uri: head.uri,
            contentLength: length.flatMap(Int.init),
            hasBody: length.map { $0 != "0" } ?? headers.contains(name: "transfer-encoding"),
            isFormEncoded: RequestHead.isFormEncoded(contentTypes: headers["content-type"]),
            requestsUpgrade: RequestHead.requestsUpgrade(headers),
            framingIsValid: MessageFraming.isSupported(headers),
            registryAuth: headers["X-Registry-Auth"],
            registryConfig: headers["X-Registry-Config"]
        )
    }

    /// True when the client asked for the modern upgrade handshake (`Connection: Upgrade`, `Upgrade: tcp`).
    /// (`RequestHead.requestsUpgrade(connectionTokens:hasUpgradeHeader:)`, read without allocating.)
    static func requestsUpgrade(_ headers: HTTPHeaders) -> Bool {
        headers.contains(name: "upgrade") && headers.hasToken("upgrade", in: "connection")
    }
}
