import Foundation

/// One request of the `match`/`serve` agreement table.
struct AgreementCase: Sendable, CustomStringConvertible {
    var method: String
    var path: String
    var body: String?
    var headers: [String] = []

    init(_ method: String, _ path: String, body: String? = nil, headers: [String] = []) {
        self.method = method
        self.path = path
        self.body = body
        self.headers = headers
    }

    var description: String { "\(method) \(path)" + (body.map { " " + $0 } ?? "") }
}

/// A configuration (YAML after `listen`/`upstream`, and environment) and the requests run through it.
struct AgreementScenario: Sendable, CustomStringConvertible {
    var name: String
    var yaml: String
    var environment: [String: String] = [:]
    /// Extra `match` flags that describe the test process as a client (`--uid`).
    var matchFlags: [String] = []
    var cases: [AgreementCase]

    var description: String { name }

    static let all = [rules, bodies, profiles, compat, warn]

    static let rules = AgreementScenario(
        name: "rules and path evasions",
        yaml: """
            rules:
              - { match: { method: "GET,HEAD", path: "/_ping" }, action: allow }
              - { match: { method: GET, path: "/containers/**" }, action: allow }
              - { match: { method: GET, path: "/images/*/json" }, action: allow }
              - { match: { method: POST, path: "/containers/*/start" }, action: allow }
              - { match: { method: "*", path: "/secrets/**" }, action: deny, reason: "no secrets" }
              - { match: { method: GET, path: "/info" }, action: allow }
              - { match: { method: "*", path: "/**" }, action: deny, reason: "default deny" }
            """,
        cases: [
            .init("GET", "/_ping"), .init("HEAD", "/_ping"), .init("POST", "/_ping"), .init("GET", "/v1.41/_ping"),
            .init("GET", "/containers/json"), .init("GET", "/v1.41/containers/json?all=1"),
            .init("GET", "/containers/abc/json"), .init("GET", "/containers/abc/logs?follow=0"),
            .init("POST", "/containers/abc/start"), .init("POST", "/v1.45/containers/abc/start"),
            .init("POST", "/containers/abc/stop"), .init("DELETE", "/containers/abc"),
            .init("GET", "/containers/../secrets"), .init("GET", "/containers/%2e%2e/secrets"),
            .init("GET", "/containers/%2E%2E/secrets/x"), .init("GET", "//containers/json"),
            .init("GET", "/containers/json/"), .init("GET", "/v1.41/../secrets/x"), .init("GET", "/V1.41/containers/json"),
            .init("GET", "/containers%2fjson"), .init("GET", "/images/busybox/json"),
            .init("GET", "/images/library/busybox/json"), .init("GET", "/images/json"), .init("GET", "/info"),
            .init("GET", "/version"), .init("GET", "/secrets"), .init("GET", "/secrets/abc?token=x"),
            .init("POST", "/secrets/create"), .init("GET", "/health"), .init("HEAD", "/health"),
            .init("POST", "/health"), .init("GET", "/_ping%00"), .init("GET", "/a\\b"), .init("GET", "/a%252e"),
            .init("GET", "/v1.41/containers/json#frag"), .init("OPTIONS", "/containers/json"),
            .init("GET", "/containers/json?filters=%7B%7D"), .init("GET", "/exec/abc/json"),
        ]
    )

    static let bodies = AgreementScenario(
        name: "body inspection",
        yaml: """
            rules:
              - { match: { method: "GET,HEAD", path: "/_ping" }, action: allow }
              - { match: { method: POST, path: "/containers/create" }, action: allow }
              - { match: { method: POST, path: "/containers/*/update" }, action: allow }
              - { match: { method: POST, path: "/containers/*/exec" }, action: allow }
              - { match: { method: POST, path: "/volumes/create" }, action: allow }
              - { match: { method: POST, path: "/networks/create" }, action: allow }
              - { match: { method: POST, path: "/images/create" }, action: allow }
              - { match: { method: "*", path: "/**" }, action: deny }
            request_body:
              exec: { allowed_commands: [["/bin/true"]] }
            """,
        cases: [
            .init("POST", "/containers/create", body: #"{"Image":"busybox"}"#),
            .init("POST", "/containers/create?name=x", body: #"{"Image":"busybox","Cmd":["sh"]}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"Privileged":true}}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"NetworkMode":"host"}}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"PidMode":"host"}}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"Binds":["/:/host"]}}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"CapAdd":["SYS_ADMIN"]}}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"Devices":[{"PathOnHost":"/dev/mem"}]}}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"privileged":true}}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","Image":"other"}"#),
            .init("POST", "/containers/create", body: "{"),
            .init("POST", "/containers/create", body: "[]"),
            .init("POST", "/containers/create"),
            .init("POST", "/containers/abc/update", body: #"{"Memory":1000000}"#),
            .init("POST", "/containers/abc/update", body: #"{"RestartPolicy":{"Name":"always"}}"#),
            .init("POST", "/containers/abc/exec", body: #"{"Cmd":["/bin/true"]}"#),
            .init("POST", "/containers/abc/exec", body: #"{"Cmd":["sh","-c","id"]}"#),
            .init("POST", "/containers/abc/exec", body: #"{"Cmd":["/bin/true"],"Privileged":true}"#),
            .init("POST", "/containers/abc/exec", body: #"{"Cmd":["/bin/true"],"User":"root"}"#),
            .init("POST", "/volumes/create", body: #"{"Name":"v1"}"#),
            .init("POST", "/volumes/create", body: #"{"Name":"v1","Driver":"nfs"}"#),
            .init("POST", "/volumes/create", body: #"{"Name":"v1","DriverOpts":{"type":"nfs"}}"#),
            .init("POST", "/networks/create", body: #"{"Name":"n1"}"#),
            .init("POST", "/networks/create", body: #"{"Name":"n1","Driver":"macvlan"}"#),
            .init("POST", "/images/create?fromImage=busybox&tag=latest"),
            .init("POST", "/images/create?fromImage=evil.example.com/x&tag=1"),
            .init("POST", "/images/create?fromSrc=-"),
            .init(
                "POST", "/images/create?fromImage=busybox",
                headers: ["Content-Type: application/x-www-form-urlencoded"]
            ),
            .init("POST", "/containers/create", body: #"{"Image":"busybox"}"#, headers: ["Transfer-Encoding: gzip"]),
        ]
    )

    static let profiles = AgreementScenario(
        name: "client profiles",
        yaml: """
            clients:
              default_profile: readonly
              unix_peer_profiles:
                - { profile: ops, uids: [\(getuid())] }
              profiles:
                - name: readonly
                  rules:
                    - { match: { method: "GET,HEAD", path: "/_ping" }, action: allow }
                    - { match: { method: GET, path: "/containers/**" }, action: allow }
                - name: ops
                  rules:
                    - { match: { method: "GET,HEAD", path: "/**" }, action: allow }
                    - { match: { method: POST, path: "/containers/create" }, action: allow }
                    - { match: { method: POST, path: "/containers/*/restart" }, action: allow }
                  request_body:
                    container_create: { allow_privileged: true }
            """,
        matchFlags: ["--uid", String(getuid())],
        cases: [
            .init("GET", "/_ping"), .init("GET", "/containers/json"), .init("GET", "/images/json"),
            .init("GET", "/networks"), .init("GET", "/secrets"), .init("HEAD", "/info"),
            .init("POST", "/containers/abc/restart"), .init("POST", "/containers/abc/kill"),
            .init("DELETE", "/containers/abc"), .init("POST", "/networks/create", body: #"{"Name":"n"}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"Privileged":true}}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"NetworkMode":"host"}}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox"}"#),
            .init("GET", "/v1.41/version"), .init("PUT", "/containers/abc/archive?path=/tmp"),
        ]
    )

    static let compat = AgreementScenario(
        name: "Tecnativa variables",
        yaml: "",
        environment: [
            "CONTAINERS": "1", "IMAGES": "1", "NETWORKS": "1", "POST": "0", "ALLOW_START": "1", "ALLOW_STOP": "1",
        ],
        cases: [
            .init("GET", "/_ping"), .init("HEAD", "/_ping"), .init("GET", "/version"), .init("GET", "/events"),
            .init("GET", "/info"), .init("GET", "/containers/json"), .init("GET", "/v1.41/containers/abc/json"),
            .init("POST", "/containers/abc/start"), .init("POST", "/containers/abc/stop"),
            .init("POST", "/containers/abc/restart"), .init("POST", "/containers/abc/kill"),
            .init("DELETE", "/containers/abc"), .init("POST", "/containers/create", body: #"{"Image":"busybox"}"#),
            .init("GET", "/images/json"), .init("POST", "/images/create?fromImage=busybox"), .init("GET", "/networks"),
            .init("POST", "/networks/create", body: #"{"Name":"n"}"#), .init("GET", "/volumes"), .init("GET", "/secrets"),
            .init("GET", "/exec/abc/json"), .init("GET", "/services"), .init("GET", "/system/df"),
        ]
    )

    static let warn = AgreementScenario(
        name: "warn mode",
        yaml: """
            mode: warn
            rules:
              - { match: { method: "GET,HEAD", path: "/_ping" }, action: allow }
              - { match: { method: POST, path: "/containers/create" }, action: allow }
              - { match: { method: "*", path: "/**" }, action: deny, reason: "default deny" }
            """,
        cases: [
            .init("GET", "/_ping"), .init("GET", "/containers/json"), .init("DELETE", "/volumes/v1"),
            .init("POST", "/containers/create", body: #"{"Image":"busybox"}"#),
            .init("POST", "/containers/create", body: #"{"Image":"busybox","HostConfig":{"Privileged":true}}"#),
            .init("POST", "/containers/create", body: "{"), .init("GET", "/../x"),
            .init("GET", "/containers/json", headers: ["Transfer-Encoding: gzip"]),
        ]
    )
}
