import NIOCore
import SockguardPolicy

/// Which running container has which address, for `clients.container_labels`: the daemon's container and network
/// lists, fetched afresh for every new client connection. Nothing is cached: Docker hands a removed container's
/// address to the next container at once, so a cached answer would give a new container a dead one's rights.
/// An address in a Docker network that no listed container has yet (a container's process runs a moment before
/// the daemon lists it) is asked about again, a few times, and then answered `.unlistedContainer`: it is never
/// taken for a host client.
final class ContainerDirectory: Sendable {
    /// A `docker ps` answer of thousands of containers.
    static let maxListBytes = 64 << 20
    /// How often, and how far apart, an unlisted container address is asked about again.
    static let retries = 20
    static let retryDelay: TimeAmount = .milliseconds(50)

    struct Unresolved: Error, CustomStringConvertible {
        var description: String
    }

    /// Who is at `address`: a container and its labels, or a host client. Fails when the daemon cannot say.
    func resolve(
        _ address: [UInt8],
        upstream: UpstreamEndpoint,
        on eventLoop: EventLoop,
        timeout: TimeAmount,
        retries: Int = ContainerDirectory.retries
    ) -> EventLoopFuture<ContainerAddressBook.Resolution> {
        fetch(upstream: upstream, on: eventLoop, timeout: timeout).flatMap { book in
            let resolution = book.resolve(address)
            guard resolution == .unlistedContainer else { return eventLoop.makeSucceededFuture(resolution) }
            guard retries > 0 else { return eventLoop.makeSucceededFuture(resolution) }
            return eventLoop.scheduleTask(in: Self.retryDelay) {}.futureResult.flatMap {
                self.resolve(address, upstream: upstream, on: eventLoop, timeout: timeout, retries: retries - 1)
            }
        }
    }

    private func fetch(
        upstream: UpstreamEndpoint,
        on eventLoop: EventLoop,
        timeout: TimeAmount
    ) -> EventLoopFuture<ContainerAddressBook> {
        let containers = UpstreamLookup.get(
            "/containers/json",
            from: upstream,
            on: eventLoop,
            timeout: timeout,
            maxBytes: Self.maxListBytes
        )
        let networks = UpstreamLookup.get("/networks", from: upstream, on: eventLoop, timeout: timeout)
        return containers.and(networks).flatMapThrowing { containers, networks in
            guard containers.status == .ok, networks.status == .ok else {
                throw Unresolved(
                    description: "the daemon answered \(containers.status.code) / \(networks.status.code)"
                )
            }
            var book = try ContainerAddressBook(containerList: Array(containers.body.readableBytesView))
            try book.addNetworks(networkList: Array(networks.body.readableBytesView))
            return book
        }
    }
}
