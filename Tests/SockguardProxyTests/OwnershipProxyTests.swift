import Foundation
import SockguardTestSupport
import Testing

/// Ownership on the wire: the recording upstream answers the proxy's owner lookups and proves that a request on
/// another owner's object never reaches it, while one on an own object does, stamped where it is a create.
@Suite("Ownership through the proxy")
struct OwnershipProxyTests {
    static let rules = """
        rules:
          - match: { method: GET, path: "/containers/**" }
            action: allow
          - match: { method: POST, path: "/containers/*/stop" }
            action: allow
          - match: { method: POST, path: "/containers/create" }
            action: allow
        ownership: { owner: team-a }
        """

    /// `mine` belongs to team-a, `theirs` to team-b, the volume `shared` to team-b; everything else is 204/201.
    static let daemon: @Sendable (HTTPMessage) -> Data = { request in
        func json(_ status: String, _ body: String) -> Data { RecordingUpstream.json(body, status: status) }
        switch request.target {
        case "/containers/mine/json":
            return json("200 OK", #"{"Id":"mine","Config":{"Labels":{"com.sockguard.owner":"team-a"}}}"#)
        case "/containers/theirs/json":
            return json("200 OK", #"{"Id":"theirs","Config":{"Labels":{"com.sockguard.owner":"team-b"}}}"#)
        case "/volumes/shared": return json("200 OK", #"{"Name":"shared","Labels":{"com.sockguard.owner":"team-b"}}"#)
        case "/images/busybox/json": return json("200 OK", #"{"Id":"sha256:1","Config":{"Labels":null}}"#)
        default:
            if request.method == "POST" && request.target.hasSuffix("/containers/create") {
                return json("201 Created", #"{"Id":"new"}"#)
            }
            return Data("HTTP/1.1 204 No Content\r\n\r\n".utf8)
        }
    }

    static func create(_ body: String) -> String {
        "POST /v1.41/containers/create HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test("a stop of another owner's container is refused after the lookup and never forwarded; an own one is")
    func stop() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.rules, responder: Self.daemon)
        let client = try fixture.connect()
        try client.send("POST /v1.41/containers/theirs/stop HTTP/1.1\r\nHost: t\r\n\r\n")
        let refused = try #require(client.readResponse())
        #expect(refused.statusCode == 403)
        #expect(refused.bodyText.contains("owner_mismatch"), "\(refused.bodyText)")
        try client.send("POST /v1.41/containers/mine/stop HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try #require(client.readResponse()).statusCode == 204)
        try await ProxyFixture.settle()
        let requests = fixture.forwardedRequests.map { "\($0.method) \($0.target)" }
        #expect(
            requests.sorted()
                == ["GET /containers/mine/json", "GET /containers/theirs/json", "POST /v1.41/containers/mine/stop"],
            "\(requests)"
        )
    }

    @Test("a create is forwarded with the owner label; one that mounts another owner's volume never is")
    func create() async throws {
        let fixture = try await ProxyFixture.start(rules: Self.rules, responder: Self.daemon)
        let client = try fixture.connect()
        try client.send(Self.create(#"{"Image":"busybox","HostConfig":{"Binds":["shared:/data"]}}"#))
        let refused = try #require(client.readResponse())
        #expect(refused.statusCode == 403, "\(refused.bodyText)")
        try client.send(Self.create(#"{"Image":"busybox","Labels":{"app":"web"}}"#))
        #expect(try #require(client.readResponse()).statusCode == 201)
        try await ProxyFixture.settle()
        let creates = fixture.forwardedRequests.filter { $0.method == "POST" }
        #expect(creates.count == 1)
        #expect(
            creates.first?.bodyText == #"{"Image":"busybox","Labels":{"com.sockguard.owner":"team-a","app":"web"}}"#,
            "\(creates.map(\.bodyText))"
        )
        #expect(creates.first?.header("Content-Length") == String(creates.first?.body.count ?? -1))
    }
}
