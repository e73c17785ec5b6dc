/// Carries a denial out of an inspector's nested checks. Internal only: `inspect` catches it and returns
/// `Decision.deny`, so no caller ever sees a denial as a thrown error.
struct BodyFieldRefusal: Error {
    var denial: Denial

    init(_ reasonCode: ReasonCode, _ message: String) {
        self.denial = Denial(status: 403, reasonCode: reasonCode, message: "sockguard: " + message)
    }

    /// A field with the wrong JSON type. dockerd would reject it too, but a policy must not guess at what
    /// a value it cannot read means, so it fails closed here.
    static func wrongType(_ fieldPath: String, expected: String, found: JSONValue) -> BodyFieldRefusal {
        BodyFieldRefusal(
            .requestBodyInvalidField,
            "\(fieldPath) must be \(expected), not \(found.typeName)"
        )
    }
}
