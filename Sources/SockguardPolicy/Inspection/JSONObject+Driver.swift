/// Docker's `Driver` objects, as `SecretInspector` and `ConfigInspector` read them.
extension JSONObject {
    /// The `Name` of a top-level Docker `Driver` object (`{"Name": ..., "Options": {...}}`), or nil when the
    /// object is absent or the name is blank.
    func driverName(_ key: String) throws(BodyFieldRefusal) -> String? {
        guard let driver = try object(key, in: ""), let name = try driver.string("Name", in: key + "."),
            !name.asciiTrimmed().isEmpty
        else { return nil }
        return name
    }
}
