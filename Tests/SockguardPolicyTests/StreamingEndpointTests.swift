import SockguardPolicy
import Testing

@Suite struct StreamingEndpointTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let method: String
        let path: String
        let query: String?
        let stream: Bool
        var testDescription: String {
            "\(method) \(path)\(query.map { "?" + $0 } ?? "") → \(stream ? "stream" : "finite")"
        }

        init(_ method: String, _ path: String, _ query: String, _ stream: Bool) {
            (self.method, self.path, self.query, self.stream) = (method, path, query, stream)
        }

        init(_ method: String, _ path: String, _ stream: Bool) {
            (self.method, self.path, self.query, self.stream) = (method, path, nil, stream)
        }
    }

    @Test(
        "streams are told apart from finite requests the way dockerd reads the query",
        arguments: [
            Case("GET", "/events", true),
            Case("GET", "/events", "since=1&until=2", true),
            Case("GET", "/containers/json", false),
            Case("GET", "/containers/c/json", false),
            Case("GET", "/containers/c/logs", false),
            Case("GET", "/containers/c/logs", "follow=1", true),
            Case("GET", "/containers/c/logs", "follow=true&stdout=1", true),
            Case("GET", "/containers/c/logs", "follow=0", false),
            Case("GET", "/containers/c/logs", "follow=no", false),
            Case("GET", "/containers/c/logs", "follow=yes", true),
            Case("GET", "/containers/c/stats", true),
            Case("GET", "/containers/c/stats", "stream=0", false),
            Case("GET", "/containers/c/stats", "stream=false", false),
            Case("GET", "/containers/c/stats", "stream=1&one-shot=false", true),
            Case("POST", "/containers/c/wait", true),
            Case("POST", "/containers/c/start", false),
            Case("POST", "/containers/c/attach", true),
            Case("GET", "/containers/c/attach/ws", true),
            Case("POST", "/exec/e/start", true),
            Case("POST", "/exec/e/resize", false),
            Case("GET", "/containers/c/export", true),
            Case("GET", "/containers/c/archive", "path=/", true),
            Case("PUT", "/containers/c/archive", "path=/", true),
            Case("HEAD", "/containers/c/archive", "path=/", true),
            Case("POST", "/images/create", "fromImage=busybox", true),
            Case("POST", "/images/load", true),
            Case("POST", "/images/ghcr.io/x/y/push", true),
            Case("POST", "/images/x/tag", false),
            Case("GET", "/images/get", true),
            Case("GET", "/images/busybox/get", true),
            Case("GET", "/images/json", false),
            Case("POST", "/build", true),
            Case("POST", "/session", true),
            Case("POST", "/grpc", true),
            Case("GET", "/services/s/logs", "follow=1", true),
            Case("GET", "/services/s/logs", false),
            Case("GET", "/tasks/t/logs", "follow=1", true),
            Case("POST", "/plugins/pull", "remote=x", true),
            Case("POST", "/plugins/p/upgrade", true),
            Case("POST", "/plugins/p/enable", false),
            Case("GET", "/_ping", false),
            Case("GET", "/", false),
        ]
    )
    func classifies(_ testCase: Case) {
        #expect(
            StreamingEndpoint.isStream(method: testCase.method, endpoint: .of(testCase.method, testCase.path), query: testCase.query)
                == testCase.stream
        )
    }
}
