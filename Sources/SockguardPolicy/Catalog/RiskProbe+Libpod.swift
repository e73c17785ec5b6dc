/// The probes of Podman's libpod endpoints (`EngineCatalog.libpodData`): harmless SpecGenerator bodies and the
/// dangerous variants the libpod inspectors must refuse.
extension RiskProbe {
    private static func libpodCreate(_ field: String) -> [UInt8] {
        json(#"{"image":"busybox","command":["true"],"# + field + "}")
    }

    static let libpodBodies: [String: [UInt8]] = [
        "POST /libpod/containers/create": json(#"{"image":"busybox","command":["true"]}"#),
        "POST /libpod/pods/create": json(#"{"name":"sample"}"#),
        "POST /libpod/containers/{name}/exec": json(#"{"Cmd":["sh"],"User":"1000","AttachStdout":true}"#),
        "POST /libpod/exec/{id}/start": json(#"{"Detach":false,"Tty":false}"#),
        "POST /libpod/volumes/create": json(#"{"Name":"sample"}"#),
        "POST /libpod/networks/create": json(#"{"name":"sample"}"#),
        "POST /libpod/build": ProbeArchive.tar([("Dockerfile", "FROM busybox\n", 0o644)]),
        "PUT /libpod/containers/{name}/archive": ProbeArchive.tar([("sample.txt", "sample\n", 0o644)]),
        "POST /libpod/play/kube": json(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"sample"}}"#),
    ]

    static let libpodVariants: [String: [Variant]] = [
        "POST /libpod/containers/create": [
            Variant(name: "privileged", body: libpodCreate(#""privileged":true"#)),
            Variant(
                name: "bind /",
                body: libpodCreate(#""mounts":[{"type":"bind","source":"/","destination":"/host"}]"#)
            ),
            Variant(name: "host pid", body: libpodCreate(#""pidns":{"nsmode":"host"}"#)),
            Variant(name: "device /dev/mem", body: libpodCreate(#""devices":[{"path":"/dev/mem"}]"#)),
            Variant(name: "cap_add SYS_ADMIN", body: libpodCreate(#""cap_add":["SYS_ADMIN"]"#)),
        ],
        "POST /libpod/pods/create": [
            Variant(name: "host network", body: json(#"{"name":"sample","netns":{"nsmode":"host"}}"#)),
            Variant(name: "host pid", body: json(#"{"name":"sample","pidns":{"nsmode":"host"}}"#)),
        ],
        "POST /libpod/containers/{name}/exec": [
            Variant(name: "root user", body: json(#"{"Cmd":["sh"],"User":"0"}"#)),
            Variant(name: "privileged exec", body: json(#"{"Cmd":["sh"],"User":"1000","Privileged":true}"#)),
        ],
    ]
}
