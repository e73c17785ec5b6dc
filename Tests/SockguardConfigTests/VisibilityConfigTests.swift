import SockguardConfig
import SockguardPolicy
import Testing

/// `response.visible_resource_labels`, `name_patterns` and `image_patterns` load as sockguard (Go) reads them.
@Suite struct VisibilityConfigTests {
    @Test("name and image patterns load from the file and from SOCKGUARD_RESPONSE_* (comma-separated)")
    func patterns() throws {
        let fromFile = try load(yaml: "response: { name_patterns: [web-*, api], image_patterns: ['ghcr.io/org/**'] }\n")
        #expect(fromFile.configuration.response.redaction.namePatterns.map(\.source) == ["web-*", "api"])
        #expect(fromFile.configuration.response.redaction.imagePatterns.map(\.source) == ["ghcr.io/org/**"])
        let fromEnvironment = try load(
            environment: [
                "SOCKGUARD_RESPONSE_NAME_PATTERNS": "web-*, api",
                "SOCKGUARD_RESPONSE_IMAGE_PATTERNS": "nginx:*",
            ]
        )
        #expect(fromEnvironment.configuration.response.redaction.namePatterns.map(\.source) == ["web-*", "api"])
        #expect(fromEnvironment.configuration.response.redaction.imagePatterns.map(\.source) == ["nginx:*"])
    }

    @Test("an empty pattern is an error naming the key, as in Go")
    func emptyPattern() {
        #expect(
            issues(yaml: "response: { name_patterns: ['web-*', ''] }\n").map(\.keyPath) == ["response.name_patterns"]
        )
        #expect(issues(yaml: "response: { image_patterns: [''] }\n").map(\.keyPath) == ["response.image_patterns"])
    }

    @Test("a profile's selectors and patterns add to the top-level ones; a profile that sets none inherits them")
    func profileMerge() throws {
        let loaded = try load(
            yaml: """
                response: { visible_resource_labels: [team=a], name_patterns: [web-*], image_patterns: [nginx:*] }
                clients:
                  profiles:
                    - name: wide
                      response: { visible_resource_labels: [tier, team=a], name_patterns: [api-*] }
                      rules: [{match: {method: GET, path: /x}, action: allow}]
                    - name: plain
                      rules: [{match: {method: GET, path: /x}, action: allow}]
                """
        )
        let wide = try #require(loaded.profiles.first { $0.name == "wide" }?.redaction)
        #expect(wide.visibleResourceLabels.map(\.description) == ["team=a", "tier"])
        #expect(wide.namePatterns.map(\.source) == ["web-*", "api-*"])
        #expect(wide.imagePatterns.map(\.source) == ["nginx:*"])
        let plain = try #require(loaded.profiles.first { $0.name == "plain" }?.redaction)
        #expect(plain.namePatterns.map(\.source) == ["web-*"])
        #expect(plain.visibleResourceLabels.map(\.description) == ["team=a"])
    }

    @Test("patterns without label selectors are named for serve's warning, once for the top level")
    func unscopedPatterns() throws {
        let profile = { (response: String) in
            """
            clients:
              profiles:
                - name: a
                  response: \(response)
                  rules: [{match: {method: GET, path: /x}, action: allow}]
            """
        }
        #expect(
            try load(yaml: "response: { name_patterns: [web-*] }\n").visibilityPatternsWithoutSelectors == ["default"]
        )
        #expect(
            try load(yaml: profile("{ image_patterns: [nginx:*] }")).visibilityPatternsWithoutSelectors == ["profile a"]
        )
        let scoped = try load(yaml: profile("{ image_patterns: [nginx:*], visible_resource_labels: [team] }"))
        #expect(scoped.visibilityPatternsWithoutSelectors.isEmpty)
        #expect(
            try load(yaml: "response: { visible_resource_labels: [team] }\n").visibilityPatternsWithoutSelectors.isEmpty
        )
    }
}
