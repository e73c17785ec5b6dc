extension YAMLConfigReader {
    /// `request_body:` holds one mapping per inspected endpoint family; only `container_create` exists yet.
    mutating func readRequestBody(_ value: YAMLNode) {
        if value.isNull { return }
        guard case .mapping(let mapping) = value else {
            issueAt("request_body", "expected a mapping")
            return
        }
        for (keyNode, child) in mapping {
            let keyPath = "request_body.\(keyNode.string ?? "?")"
            if keyNode.string == "container_create" {
                readContainerCreate(child)
            } else if let family = keyNode.string, RequestBodySetting.families.contains(family) {
                readSettings(family: family, child)
            } else {
                rejectUnknown(keyPath)
            }
        }
    }

    /// `volume`, `network`, `image_pull`: booleans, and `image_pull.allowed_registries`, a list.
    private mutating func readSettings(family: String, _ value: YAMLNode) {
        if value.isNull { return }
        let section = "request_body.\(family)"
        guard case .mapping(let mapping) = value else {
            issueAt(section, "expected a mapping")
            return
        }
        for (keyNode, child) in mapping {
            let keyPath = "\(section).\(keyNode.string ?? "?")"
            guard let setting = RequestBodySetting(rawValue: keyPath) else {
                if keyNode.string == "image_trust", ["service", "libpod_container_create"].contains(family) {
                    readImageTrust(child, keyPath: keyPath)
                } else {
                    rejectUnknown(keyPath)
                }
                continue
            }
            let read =
                setting.isCommandList
                ? readCommands(child, keyPath: keyPath) : readValue(isList: setting.isList, child, keyPath: keyPath)
            guard let value = read else { continue }
            if let problem = setting.problem(with: value) {
                issueAt(keyPath, problem)
                continue
            }
            appendRequestBodySetting(setting, value)
        }
    }

    /// A list of argv lists: `[["/bin/echo", "*"], ["sh", "-c", "date"]]`.
    private mutating func readCommands(_ node: YAMLNode, keyPath: String) -> ContainerCreateSetting.Value? {
        if node.isNull { return .commands([]) }
        let expected = "expected a list of commands, each a list of strings (argv), e.g. [[\"/bin/echo\", \"*\"]]"
        guard case .sequence(let sequence) = node else {
            issueAt(keyPath, expected)
            return nil
        }
        var commands: [[String]] = []
        for item in sequence {
            guard case .sequence(let argv) = item else {
                issueAt(keyPath, expected)
                return nil
            }
            var command: [String] = []
            for token in argv {
                guard case .scalar(let scalar) = token, !token.isNull else {
                    issueAt(keyPath, expected)
                    return nil
                }
                command.append(scalar.string)
            }
            commands.append(command)
        }
        return .commands(commands)
    }

    private mutating func readContainerCreate(_ value: YAMLNode) {
        if value.isNull { return }
        guard case .mapping(let mapping) = value else {
            issueAt("request_body.container_create", "expected a mapping")
            return
        }
        for (keyNode, child) in mapping {
            let keyPath = "request_body.container_create.\(keyNode.string ?? "?")"
            guard let setting = ContainerCreateSetting(rawValue: keyNode.string ?? "") else {
                if keyNode.string == "image_trust" {
                    readImageTrust(child, keyPath: keyPath)
                } else {
                    rejectUnknown(keyPath)
                }
                continue
            }
            guard let value = readValue(isList: setting.isList, child, keyPath: keyPath) else { continue }
            if let problem = setting.problem(with: value) {
                issueAt(keyPath, problem)
                continue
            }
            appendContainerCreate(setting, value)
        }
    }

    private mutating func readValue(
        isList: Bool,
        _ node: YAMLNode,
        keyPath: String
    ) -> ContainerCreateSetting.Value? {
        if isList {
            if node.isNull { return .list([]) }
            guard case .sequence(let sequence) = node else {
                issueAt(keyPath, "expected a list of strings")
                return nil
            }
            var entries: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item, !item.isNull else {
                    issueAt(keyPath, "expected a list of strings")
                    return nil
                }
                entries.append(scalar.string)
            }
            return .list(entries)
        }
        guard case .scalar = node, let flag = node.bool else {
            issueAt(keyPath, "expected a boolean")
            return nil
        }
        return .flag(flag)
    }

    /// `image_trust`: signature verification of the image a create names. Only `mode: off` (or empty, Go's
    /// default) is here yet; its other keys are inert with it, as in sockguard (Go). `warn` and `enforce` are
    /// refused as not supported yet, never accepted without verifying.
    mutating func readImageTrust(_ node: YAMLNode, keyPath: String) {
        if node.isNull { return }
        guard case .mapping(let mapping) = node else {
            issueAt(keyPath, "expected a mapping")
            return
        }
        let inert: Set<String> = [
            "allowed_signing_keys", "allowed_keyless", "require_rekor_inclusion", "verify_timeout",
        ]
        for (keyNode, child) in mapping {
            let name = keyNode.string ?? "?"
            if name == "mode" {
                let mode = child.string ?? "?"
                if mode != "off" && mode != "" {
                    issueAt("\(keyPath).mode", "\"\(mode)\" is not supported yet by this version (only off)")
                }
            } else if !inert.contains(name) {
                issueAt("\(keyPath).\(name)", "unknown key")
            }
        }
    }
}
