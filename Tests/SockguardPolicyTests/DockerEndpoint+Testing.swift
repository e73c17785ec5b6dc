import SockguardPolicy

extension DockerEndpoint {
    /// The endpoint `method path` names, for tables of test requests.
    static func of(_ method: String, _ path: String) -> DockerEndpoint {
        DockerEndpoint(method: method, canonicalPath: path)
    }
}
