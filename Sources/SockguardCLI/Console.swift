#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process's standard streams, written and read with plain `write(2)`/`read(2)`: the CLI needs nothing more,
/// and nothing of Foundation's `FileHandle`.
enum Console {
    static func writeError(_ text: String) {
        write(text, to: STDERR_FILENO)
    }

    static func writeOutput(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    /// Whether standard output is a terminal (colours, tables) rather than a file or a pipe.
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Everything on standard input, until end of file.
    static func readInput() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 || errno != EINTR {
                return bytes
            }
        }
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
