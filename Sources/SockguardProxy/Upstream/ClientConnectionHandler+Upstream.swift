import NIOCore
import NIOHTTP1

/// The client connection's own upstream connection: opened lazily on the first allowed request, requests
/// queued while it connects, failures turned into 502/504 for the client.
extension ClientConnectionHandler {
    func sendUpstream(_ part: HTTPClientRequestPart) {
        switch self.upstream {
        case .ready(let connection):
            connection.handler.send(part)
        case .connecting(var pending):
            pending.append(part)
            self.upstream = .connecting(pending: pending)
        case .none:
            self.upstream = .connecting(pending: [part])
            self.openUpstream()
        }
    }

    func flushUpstream() {
        if case .ready(let connection) = self.upstream {
            connection.handler.flush()
        }
    }

    func openUpstream() {
        guard let context = self.context else { return }
        let (index, endpoint) = self.shared.upstreams.active()
        UpstreamConnection.connect(endpoint: endpoint, on: context.eventLoop, delegate: self) { [weak self] result in
            if case .failure(let error) = result {
                // Failover: the next connection goes to the next healthy endpoint. This request is not
                // retried there: it may be a write, and writes are not idempotent.
                self?.shared.upstreams.markFailed(index, reason: "dial failed: \(error)")
            }
            self?.upstreamConnectCompleted(result)
        }
    }

    func upstreamConnectCompleted(_ result: Result<UpstreamConnection, Error>) {
        guard case .connecting(let pending) = self.upstream else {
            // The client went away meanwhile.
            if case .success(let connection) = result { connection.channel.close(promise: nil) }
            return
        }
        switch result {
        case .success(let connection):
            self.upstream = .ready(connection)
            for part in pending {
                connection.handler.send(part)
            }
            connection.handler.flush()
            self.resumeClientReads()
        case .failure(let error):
            self.upstream = .none
            self.failExchange(
                .message(.badGateway, "sockguard: Docker daemon unreachable: \(error)", close: true)
            )
        }
    }

    /// Answers the in-flight request locally (502/504) if its response has not started, then closes.
    func failExchange(_ response: LocalResponse) {
        guard let context = self.context, case .forwarding(let exchange) = self.state else { return }
        var response = response
        response.correlation = exchange.record.correlation
        exchange.timeout?.cancel()
        self.state = .done
        if exchange.responseStatus == nil {
            var record = exchange.record
            record.verdict.reason = response.body
            self.writeLocalResponseAndClose(response, context: context)
            self.shared.finished(record, status: Int(response.status.code), bytes: response.body.utf8.count)
        } else {
            self.logExchange(exchange, status: exchange.responseStatus ?? 502)
            context.close(promise: nil)
        }
        self.closeUpstream()
    }

    /// `upstream.request_timeout` passed before the response ended: a 504 if nothing of the response was sent
    /// yet, else the connection is closed (the client sees a truncated response, never a hang).
    func requestTimedOut() {
        guard case .forwarding = self.state else { return }
        self.failExchange(.message(.gatewayTimeout, "sockguard: Docker daemon did not answer in time", close: true))
    }

    func closeUpstream() {
        switch self.upstream {
        case .ready(let connection):
            connection.handler.delegate = nil
            connection.channel.close(promise: nil)
        case .connecting, .none:
            break
        }
        self.upstream = .none
    }

    func logExchange(_ exchange: Exchange, status: Int) {
        self.shared.finished(exchange.record, status: status, bytes: exchange.responseBytes)
    }
}
