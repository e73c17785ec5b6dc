#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where logs go: `stderr`, `stdout`, or a file opened for appending.
struct LogOutput {
    let fileDescriptor: Int32

    struct OpenError: Error, CustomStringConvertible {
        let path: String
        let code: Int32
        var description: String { "log.output: cannot open \(path): \(String(cString: strerror(code)))" }
    }

    static func open(_ output: String) throws -> LogOutput {
        switch output {
        case "stderr", "": return LogOutput(fileDescriptor: 2)
        case "stdout": return LogOutput(fileDescriptor: 1)
        default:
            #if canImport(Glibc) || canImport(Musl)
            let fd = Glibc.open(output, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
            #else
            let fd = Darwin.open(output, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
            #endif
            guard fd >= 0 else { throw OpenError(path: output, code: errno) }
            return LogOutput(fileDescriptor: fd)
        }
    }
}
