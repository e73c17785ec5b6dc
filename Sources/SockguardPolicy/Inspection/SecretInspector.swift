/// `POST /secrets/create`: refuses secrets whose value comes from, or is rendered by, a plugin.
///
/// The threat: a secrets `Driver` is a plugin the managers call to fetch the value from an external store, with
/// the daemon's privileges; a `Templating` driver renders the secret as a template when a task starts, so it
/// can read other secrets and configs of the service into its value. By default this inspector refuses a
/// `Driver.Name` (`secret_custom_driver`) or `Templating.Name` (`secret_template_driver`) that is not blank.
///
/// `Name`, `Labels` and `Data` are ignored. A field with the wrong JSON type is refused
/// (`request_body_invalid_field`); `null` is absent. Keys match case-insensitively, as dockerd matches them.
public struct SecretInspector: BodyInspector {
    /// The switches; every default is the safe one. Names follow `request_body.secret.*`.
    public struct Options: Sendable, Equatable {
        /// `allow_custom_drivers`: permits a `Driver`.
        public var allowCustomDrivers = false
        /// `allow_template_drivers`: permits a `Templating` driver.
        public var allowTemplateDrivers = false

        public init() {}
    }

    /// Whether `endpoint` is `POST /secrets/create`.
    public static func isEndpoint(_ endpoint: DockerEndpoint) -> Bool {
        endpoint.isCollection(.secrets, "create")
    }

    public let options: Options

    public init(options: Options = .init()) {
        self.options = options
    }

    public func inspect(_ request: InspectedRequest, body: JSONBody) -> Decision {
        guard case .object(let root) = body.root else {
            return .deny(JSONBodyError("a secret spec must be a JSON object").denial)
        }
        do throws(BodyFieldRefusal) {
            if let driver = try root.driverName("Driver"), !options.allowCustomDrivers {
                throw BodyFieldRefusal(.secretCustomDriver, "secret driver \"\(driver)\" is not allowed (Driver.Name)")
            }
            if let driver = try root.driverName("Templating"), !options.allowTemplateDrivers {
                throw BodyFieldRefusal(
                    .secretTemplateDriver,
                    "template driver \"\(driver)\" is not allowed (Templating.Name)"
                )
            }
        } catch {
            return .deny(error.denial)
        }
        return .allow(MatchedRule(index: nil, reason: "secret create body passed inspection"))
    }
}
