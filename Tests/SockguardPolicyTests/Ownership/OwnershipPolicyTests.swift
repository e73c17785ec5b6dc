import Foundation
import Testing

@testable import SockguardPolicy

@Suite struct OwnershipPolicyTests {
    let policy = OwnershipPolicy(owner: "team-a")

    func plan(_ method: String, _ path: String, _ query: String? = nil) throws -> OwnershipPolicy.Plan {
        guard case .proceed(let plan) = policy.plan(method: method, endpoint: .of(method, path), query: query) else {
            Issue.record("\(method) \(path) was refused")
            throw CancellationError()
        }
        return plan
    }

    /// The `filters` parameter of a rewritten query, decoded.
    func filters(_ query: String?) throws -> [String: [String]] {
        let parameters = try QueryParameters(parsing: query)
        let values = parameters.values("filters")
        #expect(values.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(values[0].utf8)) as? [String: [String]])
        return object
    }

    @Test("lists, prunes and events get the owner filter, whatever filters the client sent")
    func ownerFilter() throws {
        for (method, path) in [
            ("GET", "/containers/json"), ("GET", "/networks"), ("GET", "/volumes"), ("GET", "/events"),
            ("POST", "/containers/prune"), ("POST", "/volumes/prune"), ("GET", "/services"),
        ] {
            let rewritten = try plan(method, path).query
            #expect(try filters(rewritten) == ["label": ["com.sockguard.owner=team-a"]], "\(path)")
        }
        // The docker CLI's set form, the list form, and several filters parameters (dockerd reads the first).
        let cli = try plan(
            "GET",
            "/containers/json",
            "all=1&filters=%7B%22label%22%3A%7B%22app%3Dweb%22%3Atrue%7D%2C%22status%22%3A%7B%22running%22%3Atrue%7D%7D&filters=x"
        )
        #expect(cli.query?.hasPrefix("all=1&filters=") == true)
        #expect(try filters(cli.query) == ["label": ["app=web", "com.sockguard.owner=team-a"], "status": ["running"]])
        let list = try plan("GET", "/events", "since=1&filters=%7B%22type%22%3A%5B%22container%22%5D%7D")
        #expect(try filters(list.query) == ["type": ["container"], "label": ["com.sockguard.owner=team-a"]])
        #expect(list.query?.hasPrefix("since=1&") == true)
    }

    @Test(
        "filters sockguard cannot extend are refused, not dropped",
        arguments: [
            "filters=notjson", "filters=%5B%5D", "filters=%7B%22label%22%3A1%7D", "filters=%7B%22label%22%3A%5B1%5D%7D",
            "filters=%zz",
        ]
    )
    func badFilters(_ query: String) {
        guard case .deny(let denial) = policy.plan(method: "GET", endpoint: .of("GET", "/containers/json"), query: query) else {
            Issue.record("accepted \(query)")
            return
        }
        #expect(denial.status == 400)
    }

    @Test(
        "requests on one object check it, with image names that have slashes",
        arguments: [
            ("GET", "/containers/web/json", OwnerCheck(kind: .container, reference: "web", isRead: true)),
            ("POST", "/containers/web/stop", OwnerCheck(kind: .container, reference: "web", isRead: false)),
            ("DELETE", "/containers/web", OwnerCheck(kind: .container, reference: "web", isRead: false)),
            ("POST", "/networks/n1/connect", OwnerCheck(kind: .network, reference: "n1", isRead: false)),
            ("DELETE", "/volumes/data", OwnerCheck(kind: .volume, reference: "data", isRead: false)),
            (
                "GET", "/images/library/busybox:1/json",
                OwnerCheck(kind: .image, reference: "library/busybox:1", isRead: true)
            ),
            ("DELETE", "/images/reg:5000/a/b", OwnerCheck(kind: .image, reference: "reg:5000/a/b", isRead: false)),
            ("POST", "/images/a/b/tag", OwnerCheck(kind: .image, reference: "a/b", isRead: false)),
            ("GET", "/secrets/s1", OwnerCheck(kind: .secret, reference: "s1", isRead: true)),
        ]
    )
    func objectChecks(_ method: String, _ path: String, _ expected: OwnerCheck) throws {
        let plan = try plan(method, path)
        #expect(plan.checks == [expected])
        #expect(plan.holdsRequest)
        #expect(plan.checks.first?.lookupPath.hasPrefix("/") == true)
    }

    @Test(
        "collection endpoints are not mistaken for objects",
        arguments: [
            ("GET", "/images/json"), ("POST", "/images/create"), ("GET", "/_ping"),
            ("GET", "/images/search"), ("GET", "/version"),
        ]
    )
    func noChecks(_ method: String, _ path: String) throws {
        let plan = try plan(method, path)
        #expect(plan == OwnershipPolicy.Plan())
    }

    @Test("creates are stamped; a container create's references are checked; builds get the label in the query")
    func creates() throws {
        let create = try plan("POST", "/containers/create")
        #expect(create.stampsBody && create.checksBodyReferences)
        #expect(try plan("POST", "/volumes/create").stampsBody)
        #expect(try plan("POST", "/networks/create").stampsBody)
        let build = try plan("POST", "/build", "t=app&labels=%7B%22x%22%3A%22y%22%7D")
        let labels = try QueryParameters(parsing: build.query).values("labels")
        #expect(labels == [#"{"x":"y","com.sockguard.owner":"team-a"}"#])
        guard
            case .deny(let denial) = policy.plan(
                method: "POST",
                endpoint: .of("POST", "/build"),
                query: "labels=%7B%22com.sockguard.owner%22%3A%22b%22%7D"
            )
        else {
            Issue.record("a build labelled for another owner was accepted")
            return
        }
        #expect(denial.reasonCode == .ownerLabelConflict)
    }

    func stamped(_ body: String) -> String? {
        guard case .proceed(let bytes) = policy.stamp(Array(body.utf8)) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("the owner label is stamped into Labels, wherever and however Labels is written")
    func stamp() {
        #expect(stamped(#"{"Image":"x"}"#) == #"{"Labels":{"com.sockguard.owner":"team-a"},"Image":"x"}"#)
        #expect(stamped("{}") == #"{"Labels":{"com.sockguard.owner":"team-a"}}"#)
        #expect(stamped(#"{"Image":"x","Labels":null}"#) == #"{"Image":"x","Labels":{"com.sockguard.owner":"team-a"}}"#)
        #expect(stamped(#"{"labels":{"a":"b"}}"#) == #"{"labels":{"com.sockguard.owner":"team-a","a":"b"}}"#)
        #expect(stamped(#"{"Labels":{}}"#) == #"{"Labels":{"com.sockguard.owner":"team-a"}}"#)
        #expect(
            stamped(#"{"Labels":{"com.sockguard.owner":"team-a"}}"#) == #"{"Labels":{"com.sockguard.owner":"team-a"}}"#
        )
        #expect(stamped(#"{"Labels":{"com.sockguard.owner":"team-b"}}"#) == nil)
        #expect(stamped(#"{"Labels":["x"]}"#) == nil)
        #expect(stamped("[]") == nil)
    }

    @Test("a container create names its image, networks, joined containers and named volumes")
    func references() {
        let body = #"""
            {"Image":"app:1","HostConfig":{"NetworkMode":"backend","PidMode":"container:db","Binds":["data:/d","/srv:/s"],
             "Mounts":[{"Type":"volume","Source":"cache","Target":"/c"},{"Type":"bind","Source":"/x","Target":"/x"}]},
             "NetworkingConfig":{"EndpointsConfig":{"backend":{},"bridge":{}}}}
            """#
        let checks = policy.references(inContainerCreate: Array(body.utf8))
        #expect(
            checks == [
                OwnerCheck(kind: .image, reference: "app:1", isRead: true, missingIsAllowed: true),
                OwnerCheck(kind: .network, reference: "backend", isRead: false),
                OwnerCheck(kind: .container, reference: "db", isRead: false),
                OwnerCheck(kind: .network, reference: "backend", isRead: false),
                OwnerCheck(kind: .volume, reference: "data", isRead: false, missingIsAllowed: true),
                OwnerCheck(kind: .volume, reference: "cache", isRead: false, missingIsAllowed: true),
            ]
        )
    }

    func judge(_ check: OwnerCheck, _ status: Int, _ body: String, policy: OwnershipPolicy? = nil) -> Int {
        switch (policy ?? self.policy).judge(check, status: status, body: Array(body.utf8)) {
        case .allow: 200
        case .deny(let denial): denial.status
        }
    }

    @Test("the daemon's answer decides: own objects pass, others' and nobody's are 403, unowned images may be read")
    func judging() {
        let container = OwnerCheck(kind: .container, reference: "web", isRead: false)
        #expect(judge(container, 200, #"{"Config":{"Labels":{"com.sockguard.owner":"team-a"}}}"#) == 200)
        #expect(judge(container, 200, #"{"Config":{"Labels":{"com.sockguard.owner":"team-b"}}}"#) == 403)
        #expect(judge(container, 200, #"{"Config":{"Labels":null}}"#) == 403)
        #expect(judge(container, 404, "{}") == 404)
        #expect(judge(container, 500, "{}") == 502)
        #expect(judge(container, 200, "not json") == 502)
        let volume = OwnerCheck(kind: .volume, reference: "v", isRead: false, missingIsAllowed: true)
        #expect(judge(volume, 404, "{}") == 200)
        #expect(judge(volume, 200, #"{"Labels":{"com.sockguard.owner":"team-a"}}"#) == 200)
        let image = OwnerCheck(kind: .image, reference: "busybox", isRead: true)
        #expect(judge(image, 200, #"{"Config":{"Labels":null}}"#) == 200)
        #expect(judge(image, 200, #"{"Config":{"Labels":{"com.sockguard.owner":"team-b"}}}"#) == 403)
        #expect(
            judge(image, 200, #"{"Config":{}}"#, policy: OwnershipPolicy(owner: "team-a", allowUnownedImages: false))
                == 403
        )
        let deleteImage = OwnerCheck(kind: .image, reference: "busybox", isRead: false)
        #expect(judge(deleteImage, 200, #"{"Config":{"Labels":null}}"#) == 403)
    }
}

@Suite struct ExecOwnershipTests {
    let policy = OwnershipPolicy(owner: "team-a")

    @Test("an exec instance is checked through its container")
    func exec() throws {
        guard case .proceed(let plan) = policy.plan(method: "POST", endpoint: .of("POST", "/exec/abc123/start"), query: nil) else {
            Issue.record("refused")
            return
        }
        let check = OwnerCheck(kind: .exec, reference: "abc123", isRead: false)
        #expect(plan.checks == [check])
        #expect(check.lookupPath == "/exec/abc123/json")
        let answer = Array(#"{"ID":"abc123","ContainerID":"c0ffee","Running":false}"#.utf8)
        #expect(
            policy.followUp(check, status: 200, body: answer)
                == OwnerCheck(kind: .container, reference: "c0ffee", isRead: false)
        )
        #expect(policy.followUp(check, status: 404, body: [UInt8]()) == nil)
        guard case .deny(let denial) = policy.judge(check, status: 404, body: [UInt8]()) else {
            Issue.record("a missing exec instance was allowed")
            return
        }
        #expect(denial.status == 404)
        guard case .deny(let unreadable) = policy.judge(check, status: 200, body: Array("{}".utf8)) else {
            Issue.record("an exec instance without a container was allowed")
            return
        }
        #expect(unreadable.status == 502)
    }
}
