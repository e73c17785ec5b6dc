import SockguardPolicy

/// What the proxy does with a body, without going through `InspectorRegistry`: parse it, then run `inspector`;
/// a parse failure is `JSONBodyError.denial`.
func inspectDirectly(
    _ inspector: some BodyInspector,
    _ body: String,
    path: String,
    query: String? = nil
) -> Decision {
    let request = InspectedRequest(method: "POST", path: path, query: query)
    switch Result(catching: { () throws(JSONBodyError) in try JSONBody(parsing: Array(body.utf8)) }) {
    case .success(let parsed): return inspector.inspect(request, body: parsed)
    case .failure(let error): return .deny(error.denial)
    }
}

/// A copy of `options` changed by `configure`, for table rows.
func changing<Options>(_ options: Options, _ configure: (inout Options) -> Void) -> Options {
    var copy = options
    configure(&copy)
    return copy
}
