/// `POST /configs/create`: refuses configs rendered by a template driver.
///
/// The threat: a `Templating` driver renders the config as a template when a task starts, so it can read the
/// service's secrets into a config, which is not treated as secret. By default this inspector refuses a
/// `Templating.Name` that is not blank (`config_template_driver`), and, as the Go sockguard does, a `Driver.Name`
/// (`config_custom_driver`; dockerd has no config drivers and ignores the field, so this only refuses what a
/// client should not send).
///
/// `Name`, `Labels` and `Data` are ignored. A field with the wrong JSON type is refused
/// (`request_body_invalid_field`); `null` is absent. Keys match case-insensitively, as dockerd matches them.
public struct ConfigInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.config.*`.
    public struct Options: Sendable, Equatable {
        /// `allow_custom_drivers`: permits a `Driver`.
        public var allowCustomDrivers = false
        /// `allow_template_drivers`: permits a `Templating` driver.
        public var allowTemplateDrivers = false

        public init() {}
    }

    /// Whether `endpoint` is `POST /configs/create`.
    public static func isEndpoint(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.isCollection(.configs, "create")
    }

    public let options: Options

    public init(options: Options = .init()) {
        self.options = options
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a config spec must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            if let driver = try root.driverName("Driver"), !options.allowCustomDrivers {
                throw BodyFieldRefusal(.configCustomDriver, "config driver \"\(driver)\" is not allowed (Driver.Name)")
            }
            if let driver = try root.driverName("Templating"), !options.allowTemplateDrivers {
                throw BodyFieldRefusal(
                    .configTemplateDriver,
                    "template driver \"\(driver)\" is not allowed (Templating.Name)"
                )
            }
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "config create body passed inspection"))
    }
}
