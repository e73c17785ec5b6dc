/// The `User` field of a container or exec: `name`, `uid`, `name:group` or `uid:gid`.
enum ContainerUser {
    /// The image default (empty, which for almost every image is root), `root` and uid 0, with or without a
    /// group: `0:0`, `root:wheel`, `00`.
    static func isRoot(_ user: String) -> Bool {
        let name = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return name.isEmpty || name == "root" || Int(name) == 0
    }
}
