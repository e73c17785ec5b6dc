/// The parts of the configuration every request's decision reads besides the client's own rules: compiled once
/// per configuration (and again on reload), shared by every connection.
public struct DeciderSettings: Sendable {
    /// Path answered locally with the proxy's health; nil disables it.
    public var healthPath: String?
    /// Path answered locally with the proxy's metrics; nil disables it.
    public var metricsPath: String?
    /// Path answered locally with the daemon's readiness (`health.readiness.path`); nil disables it.
    public var readinessPath: String?
    /// `admin.*`; nil when the admin endpoints are off. Which listeners serve them is `DeciderClient.admin`.
    public var admin: AdminEndpoints?
    /// `clients.global_concurrency.max_inflight`; nil when off.
    public var globalMaxInflight: Int?
    /// Owner-label isolation (`ownership.*`); nil when off.
    public var ownership: OwnershipPolicy?
    /// `clients.container_labels.require_labels`.
    public var containerLabelsRequired: Bool
    /// Learn mode: container and exec create bodies leave their features in the verdict (`Verdict.features`).
    public var recordsBodyFeatures = false

    public init(
        healthPath: String? = "/health",
        metricsPath: String? = nil,
        readinessPath: String? = nil,
        admin: AdminEndpoints? = nil,
        globalMaxInflight: Int? = nil,
        ownership: OwnershipPolicy? = nil,
        containerLabelsRequired: Bool = false
    ) {
        self.healthPath = healthPath
        self.metricsPath = metricsPath
        self.readinessPath = readinessPath
        self.admin = admin
        self.globalMaxInflight = globalMaxInflight
        self.ownership = ownership
        self.containerLabelsRequired = containerLabelsRequired
    }

    /// Largest body held for ownership alone (requests on one object have small or no bodies).
    public static let ownershipBodyLimit = 1 << 20
}
