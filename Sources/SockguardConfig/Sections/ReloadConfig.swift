/// `reload:`: re-reading the configuration without a restart. SIGHUP always reloads; `enabled` also watches the
/// file (a Kubernetes ConfigMap's symlink swap included), and `poll_interval` checks it on a timer as well.
public struct ReloadConfig: Sendable, Equatable {
    public var enabled = false
    /// Changes closer together than this are applied once, after the last.
    public var debounce: Duration = .milliseconds(250)
    /// Also compare the file's content this often; nil (the default) relies on the watch alone.
    public var pollInterval: Duration?

    public init() {}
}
