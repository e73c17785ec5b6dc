import SockguardConfig
import Testing

/// `health.watchdog` and `health.readiness`: the Go sockguard's keys, defaults and checks.
@Suite struct HealthProbeConfigTests {
    @Test("the keys load from the file and the environment, with Go's defaults")
    func loads() throws {
        let defaults = try load().configuration.health
        #expect(!defaults.watchdog.enabled && defaults.watchdog.interval == .seconds(5))
        #expect(!defaults.readiness.enabled && defaults.readiness.path == "/ready")
        #expect(defaults.readiness.interval == .seconds(10) && defaults.readiness.timeout == .seconds(5))
        let loaded = try load(
            yaml:
                "health: { watchdog: { enabled: true, interval: 2s }, readiness: { enabled: true, path: /readyz } }\n",
            environment: ["SOCKGUARD_HEALTH_READINESS_TIMEOUT": "750ms"]
        ).configuration.health
        #expect(loaded.watchdog.enabled && loaded.watchdog.interval == .seconds(2))
        #expect(loaded.readiness.enabled && loaded.readiness.path == "/readyz")
        #expect(loaded.readiness.timeout == .milliseconds(750))
    }

    @Test(
        "mistakes name their key",
        arguments: [
            ("health: { watchdog: { interval: 0s } }\n", "health.watchdog.interval"),
            ("health: { readiness: { timeout: -1s } }\n", "health.readiness.timeout"),
            ("health: { readiness: { enabled: true, path: /health } }\n", "health.readiness.path"),
            (
                "metrics: { enabled: true }\nhealth: { readiness: { enabled: true, path: /metrics } }\n",
                "health.readiness.path"
            ),
            ("health: { readiness: { path: ready } }\n", "health.readiness.path"),
            ("health: { watchdog: { every: 1s } }\n", "health.watchdog.every"),
        ]
    )
    func mistakes(_ yaml: String, _ keyPath: String) {
        #expect(issues(yaml: yaml).map(\.keyPath) == [keyPath], "\(issues(yaml: yaml))")
    }
}

/// Go keys whose defaults load while their features are not here yet: a config carrying the default loads; any
/// other value is refused, naming the key.
@Suite struct DefaultOnlyKeyTests {
    @Test("response.allow_attestation_statements loads at its default only")
    func response() {
        #expect(
            issues(yaml: "response: { allow_attestation_statements: false, name_patterns: [], image_patterns: [] }\n")
                .isEmpty
        )
        #expect(
            issues(yaml: "response: { allow_attestation_statements: true }\n").map(\.keyPath)
                == ["response.allow_attestation_statements"]
        )
        #expect(issues(environment: ["SOCKGUARD_RESPONSE_ALLOW_ATTESTATION_STATEMENTS": "true"]).count == 1)
    }
}
