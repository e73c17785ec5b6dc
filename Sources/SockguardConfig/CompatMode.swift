/// Which peer proxy the environment-variable compatibility layer imitates (`compat:` / `SOCKGUARD_COMPAT`).
///
/// Either way, rules are generated from `CONTAINERS=1`, `POST=0`, `ALLOW_START=1`, ... only when no `rules:`
/// are configured. See `TecnativaCompat` for the tables.
public enum CompatMode: String, Sendable, Equatable, CaseIterable {
    /// Tecnativa/docker-socket-proxy semantics (the default).
    case tecnativa
    /// LinuxServer socket-proxy's stricter semantics: with `CONTAINERS=1`, container lifecycle operations not
    /// granted by an `ALLOW_*` variable, and the logs/top/export/changes/archive/attach sub-resources not
    /// enabled by their `CONTAINERS_ID_*` variable, are denied.
    case linuxserver
}
