import SockguardConfig
import Testing

/// `socket_uid` / `socket_gid`: the unix socket's owner after bind, as in sockguard (Go); file only.
@Suite struct SocketOwnerConfigTests {
    @Test func readsTheOwnerOfEveryUnixListener() throws {
        let loaded = try load(
            yaml: "listen: { socket: /run/sg.sock, socket_mode: \"0660\", socket_uid: 0, socket_gid: 999 }\n"
        )
        #expect(loaded.configuration.listen.socketUID == 0 && loaded.configuration.listen.socketGID == 999)
        let listeners = try load(
            yaml: """
                listeners:
                  - { name: main, socket: /run/a.sock, socket_mode: "0660", socket_gid: 998, allowed_profiles: ["*"] }
                """
        )
        #expect(listeners.configuration.listeners.first?.listen.socketGID == 998)
        #expect(listeners.configuration.listeners.first?.listen.socketUID == nil)
        let admin = try load(yaml: "admin: { enabled: true, listen: { socket: /run/admin.sock, socket_gid: 997 } }\n")
        #expect(admin.configuration.admin.listen?.socketGID == 997)
    }

    @Test(arguments: [
        ("listen: { socket: /run/sg.sock, socket_gid: -1 }\n", "listen.socket_gid", "expected a user or group id"),
        (
            "listen: { socket: /run/sg.sock, socket_uid: 4294967295 }\n", "listen.socket_uid",
            "expected a user or group id"
        ),
        ("listen: { socket: /run/sg.sock, socket_uid: docker }\n", "listen.socket_uid", "expected a user or group id"),
        (
            "listen: { address: \"127.0.0.1:2375\", socket_gid: 999 }\n", "listen.socket_gid",
            "only valid for a unix socket"
        ),
        (
            "listeners:\n  - { name: tcp, address: \"127.0.0.1:2400\", socket_uid: 1, allowed_profiles: [\"*\"] }\n",
            "listeners[0].socket_uid", "only valid for a unix socket"
        ),
    ])
    func refusesBadOwners(_ yaml: String, _ keyPath: String, _ message: String) {
        let found = issues(yaml: yaml)
        #expect(found.contains { $0.keyPath == keyPath && $0.message.contains(message) }, "\(found)")
    }

    /// Go reads no variable for them: one set is named, never ignored.
    @Test func hasNoVariable() {
        let found = issues(environment: ["SOCKGUARD_LISTEN_SOCKET_GID": "999"])
        #expect(found.map(\.keyPath) == ["SOCKGUARD_LISTEN_SOCKET_GID"])
        #expect(found.first?.message.contains("set listen.socket_gid in the file") == true, "\(found)")
    }
}
