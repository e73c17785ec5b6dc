import NIOCore
import NIOSSL
import SockguardPolicy

/// Which policy a connection's requests are judged by (`clients.profiles`).
extension ClientConnectionHandler {
    /// The connection's policy: its client's profile, or the configuration's top-level one when no profile applies
    /// (or none is configured). Decided once per connection: who is at the other end does not change.
    func resolvePolicy() -> ClientPolicy {
        if let policy = self.policy { return policy }
        guard let profiles = self.live.settings.clientProfiles else {
            self.policy = self.live.basePolicy
            return self.live.basePolicy
        }
        guard let context = self.context else { return self.live.basePolicy }
        var identity = ClientIdentity()
        if let address = context.channel.remoteAddress {
            if case .unixDomainSocket = address {
                // Read only where an assignment asks: one system call per connection otherwise spent for nothing.
                if !profiles.assignments.unixPeer.isEmpty {
                    identity.unixPeer = PeerCredentials.read(from: context.channel).map { ($0.uid, $0.gid) }
                }
            } else {
                identity.address = address.ipAddress.flatMap(AddressRange.parse)
            }
        }
        if let leaf = try? context.pipeline.syncOperations.nioSSL_peerCertificate(),
            let der = try? leaf.toDERBytes(),
            let spki = try? leaf.extractPublicKey().toSPKIBytes()
        {
            identity.certificateMatches = { selectors in selectors.refusal(ofLeaf: der, spki: spki) == nil }
        }
        let policy = profiles.policy(for: identity) ?? self.live.basePolicy
        self.policy = policy
        return policy
    }
}
