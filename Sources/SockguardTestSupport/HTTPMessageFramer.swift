import Foundation

/// One HTTP/1.1 request or response as it came off the wire.
public struct HTTPMessage: Sendable {
    /// The request line or status line, without CRLF.
    public var startLine: String
    /// Header fields in wire order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body with any chunked framing removed.
    public var body: Data
    /// Every byte of the message, head and framed body.
    public var raw: Data

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// For a response: the status code from the status line, or 0 if it does not parse.
    public var statusCode: Int {
        let parts = startLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let code = Int(parts[1]) else { return 0 }
        return code
    }

    /// For a request: the method, e.g. `GET`.
    public var method: String { String(startLine.split(separator: " ").first ?? "") }

    /// For a request: the request target, e.g. `/v1.41/containers/json`.
    public var target: String {
        let parts = startLine.split(separator: " ")
        return parts.count >= 2 ? String(parts[1]) : ""
    }

    /// The body decoded as UTF-8.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Splits a byte stream into HTTP/1.1 messages: head up to CRLFCRLF, then a Content-Length or chunked body.
///
/// This is deliberately small and trusting; it frames test traffic, it does not validate it.
struct HTTPMessageFramer {
    private(set) var buffer = Data()

    mutating func append(_ data: Data) {
        buffer.append(data)
    }

    /// Removes and returns the next complete message, or `nil` if more bytes are needed.
    ///
    /// A response with neither Content-Length nor chunked encoding runs until the peer closes, so it is only
    /// complete when `peerClosed` is true.
    mutating func next(isResponse: Bool, peerClosed: Bool) -> HTTPMessage? {
        let separator = Data("\r\n\r\n".utf8)
        guard let headEnd = buffer.range(of: separator) else { return nil }
        let headText = String(decoding: buffer[buffer.startIndex..<headEnd.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let startLine = lines.removeFirst()
        let headers: [(name: String, value: String)] = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (
                String(line[..<colon]),
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            )
        }
        func value(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        let bodyStart = headEnd.upperBound
        var message = HTTPMessage(startLine: startLine, headers: headers, body: Data(), raw: Data())

        // RFC 9112 6.1/6.3: Transfer-Encoding overrides Content-Length, and the body is chunked only when
        // `chunked` (case-insensitive) is the final coding across all Transfer-Encoding fields.
        let codings = headers.filter { $0.name.caseInsensitiveCompare("Transfer-Encoding") == .orderedSame }
            .flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let messageEnd: Int
        if codings.last == "chunked" {
            guard let (body, end) = Self.dechunk(buffer, from: bodyStart) else { return nil }
            message.body = body
            messageEnd = end
        } else if !codings.isEmpty {
            // Not chunked-final: a response runs until close; a request has no body a server could frame.
            if isResponse {
                guard peerClosed else { return nil }
                message.body = Data(buffer[bodyStart...])
                messageEnd = buffer.endIndex
            } else {
                messageEnd = bodyStart
            }
        } else if let lengthText = value("Content-Length"), let length = Int(lengthText) {
            guard buffer.endIndex - bodyStart >= length else { return nil }
            message.body = Data(buffer[bodyStart..<(bodyStart + length)])
            messageEnd = bodyStart + length
        } else if isResponse && !Self.statusHasNoBody(message.statusCode) {
            guard peerClosed else { return nil }
            message.body = Data(buffer[bodyStart...])
            messageEnd = buffer.endIndex
        } else {
            messageEnd = bodyStart
        }
        message.raw = Data(buffer[buffer.startIndex..<messageEnd])
        buffer = Data(buffer[messageEnd...])
        return message
    }

    private static func statusHasNoBody(_ status: Int) -> Bool {
        (100..<200).contains(status) || status == 204 || status == 304
    }

    /// Decodes a chunked body starting at `start`; returns the body and the index just past the final CRLF.
    private static func dechunk(_ data: Data, from start: Int) -> (Data, Int)? {
        let crlf = Data("\r\n".utf8)
        var body = Data()
        var cursor = start
        while true {
            guard let lineEnd = data.range(of: crlf, in: cursor..<data.endIndex) else { return nil }
            let sizeLine = String(decoding: data[cursor..<lineEnd.lowerBound], as: UTF8.self)
            let sizeText = sizeLine.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            cursor = lineEnd.upperBound
            if size == 0 {
                // Trailers, if any, end with an empty line.
                while true {
                    guard let trailerEnd = data.range(of: crlf, in: cursor..<data.endIndex) else { return nil }
                    let isEmpty = trailerEnd.lowerBound == cursor
                    cursor = trailerEnd.upperBound
                    if isEmpty { return (body, cursor) }
                }
            }
            guard data.endIndex - cursor >= size + 2 else { return nil }
            body.append(data[cursor..<(cursor + size)])
            cursor += size + 2
        }
    }
}
