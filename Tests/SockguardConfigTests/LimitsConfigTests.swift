import SockguardConfig
import SockguardPolicy
import Testing

/// `clients.profiles[].limits` and `clients.global_concurrency`: the Go sockguard's keys and checks.
@Suite struct LimitsConfigTests {
    static func profile(_ limits: String) -> String {
        """
        clients:
          default_profile: ci
          profiles:
            - name: ci
              rules:
                - match: { method: GET, path: "/_ping" }
                  action: allow
              limits: \(limits)
        """
    }

    @Test("limits load with Go's defaults: a burst of 0 is tokens_per_second, priority normal")
    func loads() throws {
        let yaml = Self.profile(
            """
            { rate: { tokens_per_second: 5, endpoint_costs: [{ path: "/build", methods: [post], cost: 5 }] },
                        concurrency: { max_inflight: 3 }, priority: high }
            """
        )
        let loaded = try load(yaml: yaml, environment: ["SOCKGUARD_CLIENTS_GLOBAL_CONCURRENCY_MAX_INFLIGHT": "20"])
        let limits = try #require(loaded.configuration.clients.profiles.first?.limits)
        #expect(limits.rate?.tokensPerSecond == 5 && limits.rate?.burst == 5)
        #expect(limits.rate?.endpointCosts.first?.methods == ["POST"])
        #expect(limits.maxInflight == 3 && limits.priority == .high)
        #expect(loaded.configuration.clients.globalMaxInflight == 20)
        #expect(
            try load(yaml: "clients: { global_concurrency: { max_inflight: 7 } }\n").configuration.clients
                .globalMaxInflight == 7
        )
    }

    @Test(
        "mistakes name their key",
        arguments: [
            ("{ rate: { tokens_per_second: 0 } }", "clients.profiles[0].limits.rate.tokens_per_second"),
            ("{ rate: { burst: 3 } }", "clients.profiles[0].limits.rate.tokens_per_second"),
            ("{ rate: { tokens_per_second: 5, burst: 2 } }", "clients.profiles[0].limits.rate.burst"),
            ("{ rate: { tokens_per_second: 5, burst: 70000 } }", "clients.profiles[0].limits.rate.burst"),
            (
                "{ rate: { tokens_per_second: 1, burst: 2, endpoint_costs: [{ path: /build, cost: 3 }] } }",
                "clients.profiles[0].limits.rate.endpoint_costs[0].cost"
            ),
            (
                "{ rate: { tokens_per_second: 1, endpoint_costs: [{ cost: 1 }] } }",
                "clients.profiles[0].limits.rate.endpoint_costs[0].path"
            ),
            ("{ concurrency: { max_inflight: 0 } }", "clients.profiles[0].limits.concurrency.max_inflight"),
            ("{ priority: urgent }", "clients.profiles[0].limits.priority"),
            ("{ rate: { tokens_per_second: 1, per: 1m } }", "clients.profiles[0].limits.rate.per"),
        ]
    )
    func mistakes(_ limits: String, _ keyPath: String) {
        let found = issues(yaml: Self.profile(limits))
        #expect(found.map(\.keyPath) == [keyPath], "\(found)")
    }

    @Test("a bad global cap names its key and its variable")
    func global() {
        #expect(
            issues(yaml: "clients: { global_concurrency: { max_inflight: 0 } }\n").map(\.keyPath) == [
                "clients.global_concurrency.max_inflight"
            ]
        )
        #expect(
            issues(environment: ["SOCKGUARD_CLIENTS_GLOBAL_CONCURRENCY_MAX_INFLIGHT": "lots"]).map(\.keyPath) == [
                "SOCKGUARD_CLIENTS_GLOBAL_CONCURRENCY_MAX_INFLIGHT"
            ]
        )
    }
}
