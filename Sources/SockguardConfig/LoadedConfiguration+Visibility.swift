import SockguardPolicy

extension LoadedConfiguration {
    /// The scopes (`default`, `profile NAME`) whose visibility has name or image patterns but no label selector.
    /// Patterns only apply to containers and images, so there `/events` and the other lists stay unfiltered: `serve`
    /// warns, as sockguard (Go) does. A profile inherits the top-level patterns, so it is not named again when the
    /// top level already is.
    public var visibilityPatternsWithoutSelectors: [String] {
        func unscoped(_ redaction: ResponseRedaction) -> Bool {
            redaction.visibleResourceLabels.isEmpty
                && (!redaction.namePatterns.isEmpty || !redaction.imagePatterns.isEmpty)
        }
        if unscoped(configuration.response.redaction) { return ["default"] }
        return profiles.filter { unscoped($0.redaction) }.map { "profile \($0.name)" }
    }
}
