import NIOCore
import NIOHTTP1
import SockguardPolicy

/// The response side of one forwarded request: what each part of dockerd's answer leads to. The handler performs
/// the step; nothing here writes, so it is tested without a channel (`ExchangeResponseTests`).
extension Exchange {
    /// Larger answers to rewrite are refused rather than relayed unredacted. A `docker ps -a` of 10,000 containers
    /// is about 20 MiB.
    static let maxRedactedResponse = 64 * 1024 * 1024

    enum ResponseStep {
        /// Nothing to write yet (an answer held for rewriting).
        case hold
        /// Write this head (a 1xx, or the final head).
        case writeHead(HTTPResponseHead)
        case writeBody(ByteBuffer)
        /// The answer could not be checked (`response.*`): a local 502, nothing of it to the client.
        case failUnchecked(String)
        /// The answer ended: write these (the rewritten head and body of a held answer) and the end; close the
        /// client connection after it when `close`.
        case finish(head: HTTPResponseHead?, body: ByteBuffer?, close: Bool)
        /// dockerd's 101 ended: the connection becomes a raw relay.
        case switchToRawRelay
    }

    /// A part of dockerd's answer arrived. `policy` rewrites held answers (`response.*`) and says whether hidden
    /// objects are hidden (enforce) or shown as would-be denials.
    func received(
        _ part: HTTPClientResponsePart,
        policy: @autoclosure () -> ClientPolicy,
        allocator: ByteBufferAllocator
    ) -> ResponseStep {
        switch part {
        case .head(var head):
            if head.status.code < 200 && head.status != .switchingProtocols {
                // 100 Continue and friends: pass on, the final head follows.
                return .writeHead(head)
            }
            if redaction != nil, head.status == .ok {
                // Held until its end, rewritten, then sent. No status yet: a failure until then is answered as a
                // local 502.
                heldHead = head
                heldBody = allocator.buffer(capacity: 0)
                return .hold
            }
            redaction = nil
            prepare(&head)
            responseStatus = Int(head.status.code)
            return .writeHead(head)
        case .body(var buffer):
            if heldBody != nil {
                heldBody!.writeBuffer(&buffer)
                if heldBody!.readableBytes > Self.maxRedactedResponse {
                    return .failUnchecked("larger than \(Self.maxRedactedResponse) bytes")
                }
                return .hold
            }
            responseBytes += buffer.readableBytes
            return .writeBody(buffer)
        case .end:
            responseEnded = true
            if switchingToRawRelay { return .switchToRawRelay }
            var head: HTTPResponseHead?
            var body: ByteBuffer?
            if heldHead != nil {
                switch rewriteHeld(policy: policy(), allocator: allocator) {
                case .failure(let unchecked): return .failUnchecked(unchecked.why)
                case .success(let rewritten): (head, body) = rewritten
                }
            }
            if !requestEnded {
                // dockerd answered before the request body ended: the rest of the body cannot be framed into the
                // next request, so this connection ends with this response.
                closeClientAfterResponse = true
            }
            return .finish(head: head, body: body, close: closeClientAfterResponse || !clientKeepAlive)
        }
    }

    struct Unchecked: Error {
        var why: String
    }

    /// The held answer rewritten (`ResponseRedactor`), with its new length; or why it cannot be sent.
    private func rewriteHeld(
        policy: ClientPolicy,
        allocator: ByteBufferAllocator
    ) -> Result<(HTTPResponseHead, ByteBuffer), Unchecked> {
        guard let shape = redaction, var head = heldHead, let body = heldBody else {
            return .failure(Unchecked(why: "nothing was held"))
        }
        heldHead = nil
        heldBody = nil
        // dockerd never compresses; a compressed answer is one sockguard cannot read.
        guard !head.headers.contains(name: "content-encoding") else {
            return .failure(Unchecked(why: "the answer is content-encoded"))
        }
        let bytes = Array(body.readableBytesView)
        var outcome: ResponseRedactor.Outcome
        do {
            outcome = try policy.redactor.rewrite(bytes, shape: shape)
            if outcome == .hidden, !record.verdict.recordHidden(mode: policy.mode) {
                // Warn or audit: the object is shown (redacted), the log says it would have been hidden.
                outcome = try policy.redactor.rewrite(bytes, shape: shape, hidesObjects: false)
            }
        } catch {
            return .failure(Unchecked(why: "\(error)"))
        }
        var output: ByteBuffer
        switch outcome {
        case .unchanged:
            output = body
        case .body(let rewritten):
            output = allocator.buffer(capacity: rewritten.count)
            output.writeBytes(rewritten)
        case .hidden:
            // Not visible to this client (visible_resource_labels, name_patterns, image_patterns): as if it did not
            // exist.
            head.status = .notFound
            head.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            output = allocator.buffer(capacity: 64)
            output.writeString("{\"message\":\"No such object: not visible through sockguard\"}\n")
        }
        head.headers.remove(name: "Transfer-Encoding")
        head.headers.replaceOrAdd(name: "Content-Length", value: String(output.readableBytes))
        prepare(&head)
        responseStatus = Int(head.status.code)
        responseBytes = output.readableBytes
        return .success((head, output))
    }

    /// Decides the framing of the response for the client. Both encoders pass framing headers through, so the
    /// proxy is transparent to Content-Length and chunking, with three exceptions handled here.
    func prepare(_ head: inout HTTPResponseHead) {
        if head.status != .switchingProtocols || hijack == .legacy {
            // Every answer but a relayed 101 names the request as the logs and the daemon know it.
            record.correlation.stamp(response: &head.headers)
        }
        if !MessageFraming.normalizeTransferEncoding(&head.headers) {
            // Not something dockerd sends; the decoder only accepted it as close-delimited.
            head.headers.remove(name: "Transfer-Encoding")
            closeClientAfterResponse = true
        }
        if head.headers.hasToken("close", in: "connection") {
            upstreamWillClose = true
            closeClientAfterResponse = true
        }
        if let hijack {
            if head.status == .switchingProtocols {
                switchingToRawRelay = true
                if hijack == .legacy {
                    // The client did not ask for an upgrade: it expects `200 OK` followed by the raw stream.
                    head.status = .ok
                    head.headers.remove(name: "Connection")
                    head.headers.remove(name: "Upgrade")
                }
            } else {
                // The request ended HTTP parsing on this connection (the decoder stops after an upgrade request), so
                // whatever dockerd said instead (404, detached exec), the connection ends here.
                closeClientAfterResponse = true
            }
            return
        }
        if isHead {
            // A HEAD response has no body; a chunked header would make the encoder write a terminator.
            head.headers.remove(name: "Transfer-Encoding")
            return
        }
        let code = head.status.code
        let mayHaveBody = code != 204 && code != 304
        let chunked = head.headers.contains(name: "transfer-encoding")
        if mayHaveBody && !chunked && !head.headers.contains(name: "content-length") {
            // Close-delimited body: the client learns where it ends only when we close.
            closeClientAfterResponse = true
        }
    }
}
