import SockguardConfig
import Testing

@Suite struct ListenTLSConfigTests {
    static let pin = String(repeating: "ab", count: 32)
    static let pinBytes = [UInt8](repeating: 0xab, count: 32)

    static func tlsYAML(_ directory: String, extra: String = "") -> String {
        """
        listen:
          address: 0.0.0.0:2376
          tls:
            cert_file: \(directory)/server.pem
            key_file: \(directory)/server-key.pem
            client_ca_file: \(directory)/ca.pem
        \(extra)
        """
    }

    static let files = ["server.pem", "server-key.pem", "ca.pem"]

    @Test("cert, key and client CA enable TLS, so a public address needs no plaintext opt-in")
    func complete() throws {
        try withFiles(Self.files) { directory in
            let loaded = try load(yaml: Self.tlsYAML(directory))
            let tls = try #require(loaded.configuration.listen.tls)
            #expect(tls.certFile == "\(directory)/server.pem")
            #expect(tls.keyFile == "\(directory)/server-key.pem")
            #expect(tls.clientCAFile == "\(directory)/ca.pem")
            #expect(tls.selectors.isEmpty)
            #expect(!loaded.configuration.listen.insecureAllowPlainTCP)
            #expect(loaded.configuration.listenEndpoint == .tcp(host: "0.0.0.0", port: 2376))
        }
    }

    @Test("client-certificate selectors are read under Go's names; pins become 32 bytes")
    func selectors() throws {
        try withFiles(Self.files) { directory in
            let extra = """
                    common_names: [ci-runner, " deploy "]
                    dns_names: [runner.internal]
                    ip_addresses: [10.0.0.7, "::1"]
                    uri_sans: ["spiffe://example.org/ci"]
                    public_key_sha256_pins: ["\(Self.pin)", "sha256:\(Self.pin.uppercased())"]
                """
            let loaded = try load(yaml: Self.tlsYAML(directory, extra: extra))
            let selectors = try #require(loaded.configuration.listen.tls).selectors
            #expect(selectors.commonNames == ["ci-runner", "deploy"])
            #expect(selectors.dnsNames == ["runner.internal"])
            #expect(selectors.ipAddresses == ["10.0.0.7", "::1"])
            #expect(selectors.uriSANs == ["spiffe://example.org/ci"])
            #expect(selectors.publicKeySHA256Pins == [Self.pinBytes, Self.pinBytes])
            #expect(!selectors.isEmpty)
        }
    }

    @Test("SOCKGUARD_LISTEN_TLS_* variables set the block; lists are comma-separated and replace the file's")
    func environment() throws {
        try withFiles(Self.files) { directory in
            let loaded = try load(
                yaml: Self.tlsYAML(directory, extra: "    common_names: [from-file]"),
                environment: [
                    "SOCKGUARD_LISTEN_TLS_COMMON_NAMES": "a, b",
                    "SOCKGUARD_LISTEN_TLS_DNS_NAMES": "x.internal",
                    "SOCKGUARD_LISTEN_TLS_IP_ADDRESSES": "192.0.2.1",
                    "SOCKGUARD_LISTEN_TLS_URI_SANS": "spiffe://example.org/a",
                    "SOCKGUARD_LISTEN_TLS_PUBLIC_KEY_SHA256_PINS": Self.pin,
                ]
            )
            let selectors = try #require(loaded.configuration.listen.tls).selectors
            #expect(selectors.commonNames == ["a", "b"])
            #expect(selectors.dnsNames == ["x.internal"])
            #expect(selectors.ipAddresses == ["192.0.2.1"])
            #expect(selectors.uriSANs == ["spiffe://example.org/a"])
            #expect(selectors.publicKeySHA256Pins == [Self.pinBytes])

            let envOnly = try load(environment: [
                "SOCKGUARD_LISTEN_ADDRESS": "0.0.0.0:2376",
                "SOCKGUARD_LISTEN_TLS_CERT_FILE": "\(directory)/server.pem",
                "SOCKGUARD_LISTEN_TLS_KEY_FILE": "\(directory)/server-key.pem",
                "SOCKGUARD_LISTEN_TLS_CLIENT_CA_FILE": "\(directory)/ca.pem",
            ])
            #expect(
                envOnly.configuration.listen.tls
                    == ListenTLSConfig(
                        certFile: "\(directory)/server.pem",
                        keyFile: "\(directory)/server-key.pem",
                        clientCAFile: "\(directory)/ca.pem"
                    )
            )
        }
    }

    @Test("flags set listen.tls keys by their dotted names")
    func overrides() throws {
        try withFiles(Self.files + ["other-ca.pem"]) { directory in
            let loaded = try load(
                yaml: Self.tlsYAML(directory),
                overrides: [
                    "listen.tls.client_ca_file": "\(directory)/other-ca.pem",
                    "listen.tls.common_names": "ci,deploy",
                ]
            )
            let tls = try #require(loaded.configuration.listen.tls)
            #expect(tls.clientCAFile == "\(directory)/other-ca.pem")
            #expect(tls.selectors.commonNames == ["ci", "deploy"])
        }
    }

    @Test("a partial block names every missing file key")
    func partial() {
        withFiles(Self.files) { directory in
            let found = issues(yaml: "listen:\n  tls:\n    cert_file: \(directory)/server.pem\n")
            #expect(found.map(\.keyPath) == ["listen.tls.key_file", "listen.tls.client_ca_file"])
            #expect(found.allSatisfy { $0.message.contains("cert_file, key_file and client_ca_file together") })

            let selectorsOnly = issues(yaml: "listen:\n  tls:\n    common_names: [ci]\n")
            #expect(
                selectorsOnly.map(\.keyPath)
                    == ["listen.tls.cert_file", "listen.tls.key_file", "listen.tls.client_ca_file"]
            )
        }
    }

    @Test("a missing or unreadable file is reported where it was set, with its path")
    func unreadableFiles() {
        withFiles(["server.pem", "ca.pem", "dir/placeholder"]) { directory in
            let yaml = """
                listen:
                  tls:
                    cert_file: \(directory)/server.pem
                    key_file: \(directory)/missing-key.pem
                    client_ca_file: \(directory)/dir
                """
            let found = issues(yaml: yaml)
            #expect(
                found == [
                    ConfigIssue(
                        keyPath: "listen.tls.key_file",
                        message: "cannot read \"\(directory)/missing-key.pem\": no such file"
                    ),
                    ConfigIssue(
                        keyPath: "listen.tls.client_ca_file",
                        message: "cannot read \"\(directory)/dir\": is a directory"
                    ),
                ]
            )
            let fromEnvironment = issues(
                yaml: yaml,
                environment: ["SOCKGUARD_LISTEN_TLS_KEY_FILE": "\(directory)/nope.pem"]
            )
            #expect(fromEnvironment.first?.keyPath == "SOCKGUARD_LISTEN_TLS_KEY_FILE")
            #expect(fromEnvironment.first?.message.contains("\(directory)/nope.pem") == true)
        }
    }

    @Test("TLS on a unix socket listener is refused rather than ignored")
    func unixSocket() {
        withFiles(Self.files) { directory in
            let found = issues(
                yaml: Self.tlsYAML(directory),
                environment: ["SOCKGUARD_LISTEN_SOCKET": "/run/sockguard.sock"]
            )
            #expect(found.map(\.keyPath) == ["listen.tls"])
            #expect(found.first?.message.contains("only valid for a TCP listener") == true)
        }
    }

    @Test("a public address without TLS points at listen.tls and the plaintext opt-in")
    func plaintextMessage() throws {
        let found = issues(yaml: "listen:\n  address: 0.0.0.0:2375\n")
        let issue = try #require(found.first)
        #expect(issue.keyPath == "listen.address")
        #expect(issue.message.contains("listen.tls.cert_file"))
        #expect(issue.message.contains("listen.insecure_allow_plain_tcp"))
    }

    @Test(
        "bad selector entries name their key",
        arguments: [
            ("common_names: [\"  \"]", "listen.tls.common_names", "must be non-empty"),
            ("dns_names: [\"\"]", "listen.tls.dns_names", "must be non-empty"),
            ("ip_addresses: [not-an-ip]", "listen.tls.ip_addresses", "is not an IP address"),
            ("ip_addresses: [10.0.0.0/8]", "listen.tls.ip_addresses", "is not an IP address"),
            ("uri_sans: [\"\"]", "listen.tls.uri_sans", "is not a URI"),
            ("uri_sans: [\"spiffe://a b\"]", "listen.tls.uri_sans", "is not a URI"),
            ("public_key_sha256_pins: [zzzz]", "listen.tls.public_key_sha256_pins", "64 hex digits"),
            (
                "public_key_sha256_pins: [\"\(String(repeating: "g", count: 64))\"]",
                "listen.tls.public_key_sha256_pins", "is not a SHA-256 pin"
            ),
            ("public_key_sha256_pins: abc", "listen.tls.public_key_sha256_pins", "expected a list of strings"),
            ("allowed_common_names: [ci]", "listen.tls.allowed_common_names", "listen.tls.common_names"),
        ]
    )
    func badSelectors(line: String, keyPath: String, message: String) {
        withFiles(Self.files) { directory in
            let found = issues(yaml: Self.tlsYAML(directory, extra: "    " + line))
            #expect(found.contains { $0.keyPath == keyPath && $0.message.contains(message) }, "got \(found)")
        }
    }

    @Test("a bad pin in the environment names the variable")
    func badPinVariable() {
        let found = issues(environment: ["SOCKGUARD_LISTEN_TLS_PUBLIC_KEY_SHA256_PINS": "abc,def"])
        #expect(found.first?.keyPath == "SOCKGUARD_LISTEN_TLS_PUBLIC_KEY_SHA256_PINS")
    }
}
