import Foundation
import SockguardTestSupport
import Testing

/// Paths that try to reach a denied endpoint (`/secrets`) through an allowed prefix, and the canonical form the
/// daemon receives for allowed ones. The rules allow `GET /containers/**` and `/_ping` only.
@Suite("Path evasion through the proxy")
struct PathEvasionTests {
    struct Evasion: Sendable, CustomTestStringConvertible {
        let target: String
        /// 403 with this canonical path in the verbose body, or 400 (invalid path, connection closed).
        let deniedAs: String?
        var testDescription: String { target }

        static func denied(_ target: String, as canonical: String) -> Evasion {
            Evasion(target: target, deniedAs: canonical)
        }
        static func invalid(_ target: String) -> Evasion {
            Evasion(target: target, deniedAs: nil)
        }
    }

    static let evasions: [Evasion] = [
        .denied("/v1.41/containers/../secrets", as: "/secrets"),
        .denied("/v1.41/%2e%2e/secrets", as: "/secrets"),
        .denied("/containers/json/..%2f..%2fsecrets", as: "/secrets"),
        .denied("/containers/json%2f..%2f..%2fsecrets", as: "/secrets"),
        .denied("/%2fsecrets", as: "/secrets"),
        .denied("/v1.41//secrets", as: "/secrets"),
        .denied("/containers/%2e%2e/secrets", as: "/secrets"),
        .denied("/containers/%2E%2E/secrets", as: "/secrets"),
        .denied("/containers/.%2e/secrets", as: "/secrets"),
        .denied("/containers/json/../../secrets", as: "/secrets"),
        .denied("/v1.41/containers/%2e%2e/%2e%2e/secrets", as: "/secrets"),
        .denied("/containers/json;/../../secrets", as: "/secrets"),
        .denied("/containers/json%3f/../../secrets", as: "/secrets"),
        .denied("/containers/json%23/../../secrets", as: "/secrets"),
        .denied("/containers/json/%2e%2e/%2e%2e/v1.41/secrets", as: "/secrets"),
        // Only a lowercase `v` is a version prefix (dockerd's router agrees), so these are not container paths.
        .denied("/V1.41/containers/json", as: "/V1.41/containers/json"),
        .denied("/v1.41/v1.41/containers/json", as: "/v1.41/containers/json"),
        .invalid("/_ping%00"),
        .invalid("/containers/%00/json"),
        .invalid("/_ping%0d%0aX-Injected:%20y"),
        .invalid("/%2e%2e/containers/json"),
        .invalid("/../containers/json"),
        .invalid("/containers/json%5c..%5c..%5csecrets"),
        .invalid("/containers/json\\..\\..\\secrets"),
        .invalid("/containers/%252e%252e/secrets"),
        .invalid("/containers/%c0%ae%c0%ae/secrets"),
        .invalid("/containers/json/%u002e%u002e/secrets"),
        .invalid("/containers/json#/../../secrets"),
        .invalid("/containers/json\t"),
    ]

    @Test("an evasive path is denied or rejected and never reaches the upstream", arguments: evasions)
    func evasion(_ evasion: Evasion) async throws {
        let fixture = try await ProxyFixture.start()
        let client = try fixture.connect()
        try client.send("GET \(evasion.target) HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse(), "no response for \(evasion.target.debugDescription)")
        try await ProxyFixture.settle()

        if let canonical = evasion.deniedAs {
            #expect(response.statusCode == 403, "\(response.startLine) \(response.bodyText)")
            let body = try jsonObject(response)
            #expect(body["message"] as? String == "request denied by sockguard policy")
            #expect(body["path"] as? String == canonical)
        } else {
            #expect(response.statusCode == 400, "\(response.startLine) \(response.bodyText)")
            #expect(client.readUntilClose(timeout: .seconds(2)).peerClosed, "connection stayed open after a 400")
        }
        #expect(fixture.forwardedConnections.isEmpty, "upstream received \(fixture.forwardedText.debugDescription)")
    }

    /// Allowed requests as a client sends them, and the request line the daemon must receive.
    static let canonicalForms: [(sent: String, received: String)] = [
        ("/v1.41//containers/./json?all=1", "/v1.41/containers/json?all=1"),
        (
            "/v1.41/containers/json?filters=%7B%22status%22%3A%5B%22running%22%5D%7D&x=%2e%2e",
            "/v1.41/containers/json?filters=%7B%22status%22%3A%5B%22running%22%5D%7D&x=%2e%2e"
        ),
        ("/containers%2fjson", "/containers/json"),
        ("/v1.41%2fcontainers/json", "/v1.41/containers/json"),
        ("/v1.41/../containers/json", "/containers/json"),
        ("//containers/json", "/containers/json"),
        ("/containers/%6a%73%6f%6e", "/containers/json"),
        ("/_ping/", "/_ping"),
        ("/_ping?x", "/_ping?x"),
    ]

    @Test(
        "an allowed request reaches the upstream in canonical form with its query untouched",
        arguments: canonicalForms
    )
    func canonicalForwarding(_ form: (sent: String, received: String)) async throws {
        let fixture = try await ProxyFixture.start()
        let client = try fixture.connect()
        try client.send("GET \(form.sent) HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.statusCode == 200)
        #expect(fixture.forwardedRequests.map(\.startLine) == ["GET \(form.received) HTTP/1.1"])
    }

    @Test("headers reach the upstream as sent")
    func headersForwarded() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try fixture.connect()
        try client.send(
            "GET /containers/json HTTP/1.1\r\nHost: t\r\nUser-Agent: Docker-Client/27\r\nX-Registry-Auth: e30=\r\n\r\n"
        )
        #expect(try #require(client.readResponse()).statusCode == 200)
        let forwarded = try #require(fixture.forwardedRequests.first)
        #expect(forwarded.header("User-Agent") == "Docker-Client/27")
        #expect(forwarded.header("X-Registry-Auth") == "e30=")
    }
}
