import SockguardConfig
import Testing

/// One bad input and the issue it must produce.
struct IssueCase: Sendable, CustomTestStringConvertible {
    var yaml: String? = nil
    var environment: [String: String] = [:]
    var keyPath: String
    /// The message must contain this.
    var message: String
    var testDescription: String { "\(keyPath): \(message)" }
}

@Suite struct ConfigIssueTests {
    static let cases: [IssueCase] = [
        IssueCase(yaml: "listen:\n  adress: 1.2.3.4:1\n", keyPath: "listen.adress", message: "unknown key"),
        IssueCase(yaml: "bogus: 1\n", keyPath: "bogus", message: "unknown key"),
        IssueCase(yaml: "health:\n  enabled: maybe\n", keyPath: "health.enabled", message: "expected a boolean"),
        IssueCase(yaml: "health:\n  enabled: [true]\n", keyPath: "health.enabled", message: "expected a boolean"),
        IssueCase(yaml: "listen: 5\n", keyPath: "listen", message: "expected a mapping"),
        IssueCase(yaml: "log:\n  output: {a: b}\n", keyPath: "log.output", message: "expected a string"),
        IssueCase(yaml: "health:\n  path: health\n", keyPath: "health.path", message: "must start with \"/\""),
        IssueCase(
            yaml: "log:\n  level: loud\n",
            keyPath: "log.level",
            message: "unknown level \"loud\" (expected debug, info, warn, error)"
        ),
        IssueCase(
            yaml: "log:\n  format: xml\n",
            keyPath: "log.format",
            message: "unknown format \"xml\" (expected json, text)"
        ),
        IssueCase(
            yaml: "response:\n  visible_resource_labels: [\"=a\"]\n",
            keyPath: "response.visible_resource_labels",
            message: "is not a label selector"
        ),
        IssueCase(
            yaml: "response:\n  redact_container_env: maybe\n",
            keyPath: "response.redact_container_env",
            message: "maybe"
        ),
        IssueCase(
            yaml: "response:\n  deny_verbosity: loud\n",
            keyPath: "response.deny_verbosity",
            message: "unknown verbosity"
        ),
        IssueCase(
            yaml: "upstream:\n  request_timeout: soon\n",
            keyPath: "upstream.request_timeout",
            message: "is not a duration"
        ),
        IssueCase(
            yaml: "upstream:\n  request_timeout: 10x\n",
            keyPath: "upstream.request_timeout",
            message: "is not a duration"
        ),
        IssueCase(
            yaml: "upstream:\n  request_timeout: -5s\n",
            keyPath: "upstream.request_timeout",
            message: "is not a duration"
        ),
        IssueCase(yaml: "upstream:\n  socket: docker.sock\n", keyPath: "upstream.socket", message: "absolute path"),
        IssueCase(
            yaml: "listen:\n  socket_mode: \"0689\"\n",
            keyPath: "listen.socket_mode",
            message: "not an octal mode"
        ),
        IssueCase(yaml: "listen:\n  socket_mode: rw\n", keyPath: "listen.socket_mode", message: "not an octal mode"),
        IssueCase(yaml: "listen:\n  socket_mode: \"1777\"\n", keyPath: "listen.socket_mode", message: "above 0777"),
        IssueCase(
            yaml: "listen:\n  socket_mode: \"0666\"\n",
            keyPath: "listen.socket_mode",
            message: "every local user"
        ),
        IssueCase(yaml: "listen:\n  address: localhost\n", keyPath: "listen.address", message: "is not host:port"),
        IssueCase(yaml: "listen:\n  address: \"::1:2375\"\n", keyPath: "listen.address", message: "in brackets"),
        IssueCase(yaml: "listen:\n  address: 127.0.0.1:70000\n", keyPath: "listen.address", message: "out of range"),
        IssueCase(yaml: "listen:\n  address: 127.0.0.1:http\n", keyPath: "listen.address", message: "is not a number"),
        IssueCase(
            yaml: "listen:\n  address: 0.0.0.0:2375\n",
            keyPath: "listen.address",
            message: "TLS is not configured"
        ),
        IssueCase(
            yaml: "listen:\n  address: \"[::]:2375\"\n",
            keyPath: "listen.address",
            message: "insecure_allow_plain_tcp"
        ),
        IssueCase(
            yaml: "listen:\n  address: 0.0.0.0:2375\n",
            keyPath: "listen.address",
            message: "not a loopback address"
        ),
        IssueCase(
            yaml: "listen:\n  address: docker.invalid:2375\n",
            keyPath: "listen.address",
            message: "host \"docker.invalid\" does not resolve"
        ),
        IssueCase(
            yaml: "listen:\n  tls:\n    cert_file: /c.pem\n",
            keyPath: "listen.tls.key_file",
            message: "required"
        ),
        IssueCase(
            yaml: "listen:\n  tls:\n    client_cert: /c.pem\n",
            keyPath: "listen.tls.client_cert",
            message: "unknown key"
        ),
        IssueCase(
            yaml: "request_body: { buildkit: {} }\n",
            keyPath: "request_body.buildkit",
            message: "not supported yet by this version"
        ),
        IssueCase(
            yaml: "request_body: { exec: { allowed_commands: [[\"\"]] } }\n",
            keyPath: "request_body.exec.allowed_commands",
            message: "entry 0 has an empty program name"
        ),
        IssueCase(
            yaml: "request_body: { exec: { allowed_commands: [\"/bin/echo\"] } }\n",
            keyPath: "request_body.exec.allowed_commands",
            message: "expected a list of commands"
        ),
        IssueCase(
            yaml: "request_body: { service: { allowed_bind_mounts: [data] } }\n",
            keyPath: "request_body.service.allowed_bind_mounts",
            message: "must be an absolute host path"
        ),
        IssueCase(
            yaml: "request_body: { swarm: { allow_unlock: sometimes } }\n",
            keyPath: "request_body.swarm.allow_unlock",
            message: "expected a boolean"
        ),
        IssueCase(
            yaml: "request_body: { container_create: { allow_privileged: maybe } }\n",
            keyPath: "request_body.container_create.allow_privileged",
            message: "expected a boolean"
        ),
        IssueCase(
            yaml: "request_body: { container_create: { allowed_bind_mounts: /data } }\n",
            keyPath: "request_body.container_create.allowed_bind_mounts",
            message: "expected a list of strings"
        ),
        IssueCase(
            yaml: "request_body: { container_create: { allowed_bind_mounts: [data] } }\n",
            keyPath: "request_body.container_create.allowed_bind_mounts",
            message: "must be an absolute host path"
        ),
        IssueCase(
            yaml: "request_body: { container_create: { allow_everything: true } }\n",
            keyPath: "request_body.container_create.allow_everything",
            message: "unknown key"
        ),
        IssueCase(
            yaml: "request_body: { container_create: { image_trust: { mode: enforce } } }\n",
            keyPath: "request_body.container_create.image_trust.mode",
            message: "\"enforce\" is not supported yet by this version (only off)"
        ),
        IssueCase(
            yaml: "request_body: { container_create: { image_trust: { mode: off, verify: true } } }\n",
            keyPath: "request_body.container_create.image_trust.verify",
            message: "unknown key"
        ),
        IssueCase(
            yaml: "log: { audit: { enabled: true, format: text } }\n",
            keyPath: "log.audit.format",
            message: "only json is supported for the audit log"
        ),
        IssueCase(yaml: "log: { audit: { format: xml } }\n", keyPath: "log.audit.format", message: "expected"),
        IssueCase(yaml: "log: { audit: { enabled: perhaps } }\n", keyPath: "log.audit.enabled", message: "boolean"),
        IssueCase(yaml: "log: { audit: { outputs: x } }\n", keyPath: "log.audit.outputs", message: "unknown key"),
        IssueCase(
            yaml: "ownership:\n  label_key: \"a=b\"\n",
            keyPath: "ownership.label_key",
            message: "is not a label key"
        ),
        IssueCase(
            yaml: "admin: {enabled: true, mount_on: api}\n",
            keyPath: "admin.mount_on",
            message: "no listener is named \"api\" (listeners: default)"
        ),
        IssueCase(
            yaml:
                "admin: {enabled: true}\nlisteners:\n  - {name: a, socket: /run/a.sock}\n  - {name: b, socket: /run/b.sock}\n",
            keyPath: "admin.mount_on",
            message: "required with 2 or more listeners"
        ),
        IssueCase(
            yaml: "admin: {enabled: true, path: /health}\n",
            keyPath: "admin.path",
            message: "must differ from health.path"
        ),
        IssueCase(
            yaml: "listeners:\n  - {name: Admin, socket: /run/a.sock}\n",
            keyPath: "listeners[0].name",
            message: "lowercase letters"
        ),
        IssueCase(
            yaml: "listeners:\n  - {name: admin, socket: /run/a.sock}\n",
            keyPath: "listeners[0].name",
            message: "reserved"
        ),
        IssueCase(
            yaml: "listeners:\n  - {name: a, socket: /run/a.sock}\n  - {name: a, socket: /run/b.sock}\n",
            keyPath: "listeners[1].name",
            message: "another listener is named a"
        ),
        IssueCase(
            yaml: "admin: {max_request_bytes: 0}\n",
            keyPath: "admin.max_request_bytes",
            message: "greater than 0"
        ),
        IssueCase(
            yaml: "admin: {path: /a, policy_version_path: /a}\n",
            keyPath: "admin.policy_version_path",
            message: "must differ"
        ),
        IssueCase(
            yaml: "metrics: {enabled: true, path: /health}\n",
            keyPath: "metrics.path",
            message: "must differ from health.path"
        ),
        IssueCase(yaml: "metrics: {path: metrics}\n", keyPath: "metrics.path", message: "must start with"),
        IssueCase(yaml: "metrics: {enabled: maybe}\n", keyPath: "metrics.enabled", message: "expected a boolean"),
        IssueCase(yaml: "metrics: {port: 9090}\n", keyPath: "metrics.port", message: "unknown key"),
        IssueCase(
            yaml: "upstream:\n  hijack_inactivity_timeout: 0\n",
            keyPath: "upstream.hijack_inactivity_timeout",
            message: "must be a positive duration"
        ),
        IssueCase(
            yaml: "upstream:\n  hijack_inactivity_timeout: \"\"\n",
            keyPath: "upstream.hijack_inactivity_timeout",
            message: "is not a duration"
        ),
        IssueCase(
            yaml: "upstream:\n  hijack_inactivity_timeout: -1s\n",
            keyPath: "upstream.hijack_inactivity_timeout",
            message: "must be a positive duration"
        ),
        IssueCase(yaml: "rules: []\n", keyPath: "rules", message: "at least one rule"),
        IssueCase(yaml: "rules: {a: b}\n", keyPath: "rules", message: "expected a list"),
        IssueCase(yaml: "rules:\n  - allow\n", keyPath: "rules[0]", message: "expected a mapping"),
        IssueCase(yaml: "rules:\n  - action: allow\n", keyPath: "rules[0].match", message: "required"),
        IssueCase(
            yaml: "rules:\n  - match: {method: GET, path: /a}\n",
            keyPath: "rules[0].action",
            message: "required"
        ),
        IssueCase(
            yaml: "rules:\n  - match: {method: GET, path: /a}\n    action: permit\n",
            keyPath: "rules[0].action",
            message: "unknown action \"permit\" (expected allow or deny)"
        ),
        IssueCase(
            yaml: "rules:\n  - match: {path: /a}\n    action: allow\n",
            keyPath: "rules[0].match.method",
            message: "required"
        ),
        IssueCase(
            yaml: "rules:\n  - match: {method: GET}\n    action: allow\n",
            keyPath: "rules[0].match.path",
            message: "required"
        ),
        IssueCase(
            yaml: "rules:\n  - match: {method: GET, path: /a, query: x}\n    action: allow\n",
            keyPath: "rules[0].match.query",
            message: "unknown key"
        ),
        IssueCase(
            yaml: "rules:\n  - match: {method: GET, path: /a}\n    action: allow\n    profile: x\n",
            keyPath: "rules[0].profile",
            message: "unknown key"
        ),
        IssueCase(
            yaml: "rules:\n" + String(repeating: "  - match: {method: GET, path: /ok}\n    action: allow\n", count: 3)
                + "  - match: {method: GET, path: \"containers\"}\n    action: allow\n",
            keyPath: "rules[3].match.path",
            message: "must start with \"/\""
        ),
        IssueCase(
            yaml: "rules:\n  - match: {method: GET, path: \"/a/**b\"}\n    action: allow\n",
            keyPath: "rules[0].match.path",
            message: "whole segment"
        ),
        IssueCase(
            yaml: "rules:\n  - match: {method: GTE, path: /a}\n    action: allow\n",
            keyPath: "rules[0].match.method",
            message: "unknown HTTP method \"GTE\""
        ),
        IssueCase(
            yaml: "rules:\n  - match: {method: [GET], path: /a}\n    action: allow\n",
            keyPath: "rules[0].match.method",
            message: "expected a string"
        ),
        IssueCase(yaml: "listen:\n  address: [1\n", keyPath: "line 3", message: "invalid YAML"),
        IssueCase(yaml: "log:\n  level: info\n  level: debug\n", keyPath: "line 3", message: "duplicate key \"level\""),
        IssueCase(yaml: "- a\n- b\n", keyPath: "(document)", message: "expected a mapping"),
        IssueCase(
            environment: ["SOCKGUARD_LOG_LEVEL": "loud"],
            keyPath: "SOCKGUARD_LOG_LEVEL",
            message: "unknown level \"loud\" (expected debug, info, warn, error)"
        ),
        IssueCase(
            environment: ["SOCKGUARD_HEALTH_ENABLED": "maybe"],
            keyPath: "SOCKGUARD_HEALTH_ENABLED",
            message: "expected a boolean"
        ),
        IssueCase(
            environment: ["SOCKGUARD_LISTEN_SOCKET_MODE": "777"],
            keyPath: "SOCKGUARD_LISTEN_SOCKET_MODE",
            message: "every local user"
        ),
        IssueCase(
            environment: ["SOCKGUARD_UPSTREAM_REQUEST_TIMEOUT": "forever"],
            keyPath: "SOCKGUARD_UPSTREAM_REQUEST_TIMEOUT",
            message: "duration"
        ),
        IssueCase(environment: ["SOCKET_PATH": "relative.sock"], keyPath: "SOCKET_PATH", message: "absolute path"),
        IssueCase(
            environment: ["SOCKGUARD_LISTEN_SOCKET_UID": "1000"],
            keyPath: "SOCKGUARD_LISTEN_SOCKET_UID",
            message: "has no variable, as in sockguard (Go); set listen.socket_uid in the file"
        ),
        IssueCase(
            environment: ["SOCKGUARD_COMPAT": "haproxy"],
            keyPath: "SOCKGUARD_COMPAT",
            message: "unknown compatibility mode"
        ),
        IssueCase(
            environment: ["CONTAINERS": "maybe"],
            keyPath: "CONTAINERS",
            message: "expected a number (1, 0) or true/false, yes/no"
        ),
    ]

    @Test("each bad input is reported at its key path", arguments: cases)
    func reportsIssue(_ testCase: IssueCase) {
        let found = issues(yaml: testCase.yaml, environment: testCase.environment)
        #expect(
            found.contains { $0.keyPath == testCase.keyPath && $0.message.contains(testCase.message) },
            "got \(found)"
        )
    }

    @Test("every issue is collected before failing")
    func collectsAll() {
        let found = issues(
            yaml: "listen:\n  adress: x\nlog:\n  level: loud\nhealth:\n  path: nope\n",
            environment: ["SOCKGUARD_LOG_FORMAT": "xml"]
        )
        #expect(found.map(\.keyPath) == ["listen.adress", "log.level", "health.path", "SOCKGUARD_LOG_FORMAT"])
    }

    @Test("the error prints one line per issue")
    func description() {
        let error = ConfigError.invalid([
            ConfigIssue(keyPath: "listen.adress", message: "unknown key"),
            ConfigIssue(keyPath: "health.enabled", message: "expected a boolean"),
        ])
        #expect(error.description == "listen.adress: unknown key\nhealth.enabled: expected a boolean")
    }
}
