import SockguardPolicy

/// Host paths are read as bytes, as dockerd and the kernel read them: a `/` or `:` followed by a combining mark is
/// still a separator (as Characters it would not be), and `e` with a combining accent is not `é` (as `String`s they
/// are equal). Found by the `path` fuzz target's Character-versus-byte mismatch.
extension ContainerCreateInspectorTests {
    static let byteCases: [Case] = [
        .init(
            "a combining mark after / does not hide a climb out of an allowed prefix",
            hc(#""Binds":["/data/\u0301/../../etc:/x"]"#),
            .containerCreateBindMount,
            dataAllowed
        ),
        .init("inside the prefix, a combining mark is a name like any other", hc(#""Binds":["/data/\u0301x:/x"]"#), nil, dataAllowed),
        .init(
            "e and a combining accent is not the allowed é",
            hc(#""Binds":["/srv/cafe\u0301:/x"]"#),
            .containerCreateBindMount,
            options { $0.allowedBindMounts = ["/srv/café"] }
        ),
        .init(
            "a : followed by a combining mark still separates source and target",
            hc(#""Binds":["/etc:\u0301/host"]"#),
            .containerCreateBindMount
        ),
        .init("ns: followed by a combining mark is still a namespace path", hc(#""PidMode":"ns:\u0301/proc/1/ns/pid""#), .containerCreateHostPID),
        .init("HOST: in any case", hc(#""IpcMode":"HOST:x""#), .containerCreateHostIPC),
        .init("container: is not the host", hc(#""PidMode":"container:abc""#), nil),
        .init(
            "a relative local-driver device is a host path",
            hc(
                #""Mounts":[{"Type":"volume","Target":"/x","VolumeOptions":{"DriverConfig":{"Name":"local","Options":{"type":"none","o":"bind","device":"etc"}}}}]"#
            ),
            .containerCreateBindMount
        ),
        .init(
            "a remote device (NFS) is not a host path",
            hc(
                #""Mounts":[{"Type":"volume","Target":"/x","VolumeOptions":{"DriverConfig":{"Name":"local","Options":{"type":"nfs","o":"addr=10.0.0.1","device":":/export"}}}}]"#
            ),
            nil
        ),
    ]
}
