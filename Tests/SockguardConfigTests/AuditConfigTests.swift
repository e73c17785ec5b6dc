import SockguardConfig
import Testing

/// `log.audit`: the Go sockguard's keys and environment variables.
@Suite struct AuditConfigTests {
    @Test("log.audit loads from the file and the environment overrides it")
    func loads() throws {
        let fromFile = try load(yaml: "log: { audit: { enabled: true, format: json, output: /var/log/sg.jsonl } }\n")
        #expect(fromFile.configuration.log.audit.enabled)
        #expect(fromFile.configuration.log.audit.output == "/var/log/sg.jsonl")
        let fromEnvironment = try load(
            yaml: "log: { audit: { enabled: false } }\n",
            environment: ["SOCKGUARD_LOG_AUDIT_ENABLED": "true", "SOCKGUARD_LOG_AUDIT_OUTPUT": "stdout"]
        )
        #expect(fromEnvironment.configuration.log.audit.enabled)
        #expect(fromEnvironment.configuration.log.audit.output == "stdout")
        #expect(try load().configuration.log.audit == LogConfig.AuditConfig())
    }

    @Test("a text audit log is refused while auditing is on, naming the variable")
    func textRefused() {
        let found = issues(environment: ["SOCKGUARD_LOG_AUDIT_ENABLED": "1", "SOCKGUARD_LOG_AUDIT_FORMAT": "text"])
        #expect(found.map(\.keyPath) == ["log.audit.format"], "\(found)")
    }
}
