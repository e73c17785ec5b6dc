import SockguardPolicy
import Testing

@Suite struct RegistryAuthTests {
    /// base64url with padding, as the docker CLI and docker-py encode it.
    static func encode(_ json: String, alphabet: String = "-_", padded: Bool = true) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + alphabet)
        let bytes = Array(json.utf8)
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<(chunk.count + 1) {
                out.append(table[Int((value >> (18 - 6 * UInt32(position))) & 63)])
            }
            if padded { out += String(repeating: "=", count: 3 - chunk.count) }
            index += 3
        }
        return out
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let auth: [String]
        let config: [String]
        let accepted: Bool
        var testDescription: String { name }

        init(_ name: String, auth: [String] = [], config: [String] = [], _ accepted: Bool) {
            self.name = name
            self.auth = auth
            self.config = config
            self.accepted = accepted
        }
    }

    static let login = #"{"username":"ci","password":"s3cr3t+/==","serveraddress":"ghcr.io"}"#

    static let cases: [Case] = [
        .init("no headers", true),
        .init("docker CLI credentials", auth: [encode(login)], true),
        .init("anonymous {}", auth: ["e30="], true),
        .init("anonymous unpadded", auth: ["e30"], true),
        .init("empty header", auth: [""], true),
        .init("standard alphabet", auth: [encode(#"{"password":"??>>"}"#, alphabet: "+/")], true),
        .init("identity token", auth: [encode(#"{"identitytoken":"eyJhbGciOi","serveraddress":"r.io"}"#)], true),
        .init("unknown field is ignored as dockerd ignores it", auth: [encode(#"{"x":1}"#)], true),
        .init("null field", auth: [encode(#"{"username":null}"#)], true),
        .init("twice", auth: ["e30=", "e30="], false),
        .init("not base64", auth: ["{\"username\":\"x\"}"], false),
        .init("bad padding", auth: ["e30==="], false),
        .init("padding in the middle", auth: ["e3=0"], false),
        .init("one stray character", auth: ["e30=a"], false),
        .init("not JSON", auth: [encode("username=x")], false),
        .init("trailing data", auth: [encode(#"{"username":"a"}{"username":"b"}"#)], false),
        .init("duplicate key", auth: [encode(#"{"username":"a","username":"b"}"#)], false),
        .init("case-variant duplicate key", auth: [encode(#"{"username":"a","UserName":"b"}"#)], false),
        .init("an array", auth: [encode(#"["ci","pw"]"#)], false),
        .init("password not a string", auth: [encode(#"{"password":123}"#)], false),
        .init("serveraddress an object", auth: [encode(#"{"ServerAddress":{}}"#)], false),
        .init("too large", auth: [encode(#"{"password":""# + String(repeating: "x", count: 13000) + #""}"#)], false),
        .init("build config", config: [encode(#"{"ghcr.io":{"username":"ci","password":"x"}}"#)], true),
        .init("build config empty", config: ["e30="], true),
        .init("build config entry not an object", config: [encode(#"{"ghcr.io":"x"}"#)], false),
        .init("build config field not a string", config: [encode(#"{"ghcr.io":{"auth":[]}}"#)], false),
        .init("build config twice", config: ["e30=", "e30="], false),
    ]

    @Test("credential headers are bounded base64 JSON of the right shape", arguments: cases)
    func checks(_ testCase: Case) {
        let request = InspectedRequest(
            method: "POST",
            path: "/images/create",
            query: "fromImage=busybox",
            registryAuth: testCase.auth,
            registryConfig: testCase.config
        )
        let denial = RegistryAuth.check(request)
        #expect((denial == nil) == testCase.accepted, "\(denial?.message ?? "accepted")")
        if let denial {
            #expect(denial.status == 400)
            #expect(denial.reasonCode == .registryAuthInvalid)
            #expect(!denial.message.contains("s3cr3t"))
        }
    }

    @Test("the registry checks credentials on every request line, before the endpoint's own checks")
    func everyEndpoint() {
        let registry = InspectorRegistry()
        let bad = InspectedRequest(method: "POST", path: "/images/ghcr.io/x/push", registryAuth: ["%%%"])
        #expect(registry.inspectRequestLine(bad) != nil)
        let good = InspectedRequest(
            method: "POST",
            path: "/images/ghcr.io/x/push",
            registryAuth: [Self.encode(Self.login)]
        )
        #expect(registry.inspectRequestLine(good) == nil)
    }
}
