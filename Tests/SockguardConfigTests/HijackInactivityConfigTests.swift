import Testing

import SockguardConfig

/// `upstream.hijack_inactivity_timeout`: Go's default (10m), from the file or `SOCKGUARD_UPSTREAM_*`.
@Suite struct HijackInactivityConfigTests {
    @Test func defaultsToTenMinutesAndLoadsBothWays() throws {
        #expect(try load().configuration.upstream.hijackInactivityTimeout == .seconds(600))
        let file = try load(yaml: "upstream:\n  hijack_inactivity_timeout: 90s\n")
        #expect(file.configuration.upstream.hijackInactivityTimeout == .seconds(90))
        let environment = try load(environment: ["SOCKGUARD_UPSTREAM_HIJACK_INACTIVITY_TIMEOUT": "1h"])
        #expect(environment.configuration.upstream.hijackInactivityTimeout == .seconds(3600))
        let off = issues(environment: ["SOCKGUARD_UPSTREAM_HIJACK_INACTIVITY_TIMEOUT": "off"])
        #expect(off.first?.keyPath.contains("HIJACK_INACTIVITY_TIMEOUT") == true, "\(off)")
    }
}
